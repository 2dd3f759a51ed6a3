import { performance } from 'node:perf_hooks';
import { opsPerSecond, summarize } from './stats';
import type { Summary } from './stats';
import type { Baseline, BenchCase, BenchContext, BenchSuite, CaseResult, Target, TimedCase, TimedFn } from './types';

const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';

/** Times `iterations` calls of `fn` after `warmup` untimed ones; async results are awaited inside the timing. */
export async function timeIterations(fn: TimedFn, iterations: number, warmup = 0): Promise<number[]> {
  for (let i = 0; i < warmup; i++) {
    const r = fn(i);
    if (isPromise(r)) await r;
  }
  const samples = new Array<number>(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    const r = fn(warmup + i);
    if (isPromise(r)) await r;
    samples[i] = performance.now() - t0;
  }
  return samples;
}

export function describeTarget(t: Target): string {
  switch (t.kind) {
    case 'ratioMax':
      return `≤ ${t.max}× baseline`;
    case 'maxMs':
      return `${t.stat} ≤ ${t.ms} ms`;
    case 'maxValue':
      return `≤ ${t.value}`;
    case 'minOpsPerSec':
      return `≥ ${t.ops} ops/s`;
  }
}

export function checkTarget(t: Target, s: Summary, ratio: number | null): boolean {
  switch (t.kind) {
    case 'ratioMax':
      return ratio !== null && ratio <= t.max;
    case 'maxMs':
      return s[t.stat] <= t.ms;
    case 'maxValue':
      return s.median <= t.value;
    case 'minOpsPerSec':
      return opsPerSecond(s.median) >= t.ops;
  }
}

/**
 * Case and baseline alternate in ROUNDS blocks so both see the same disk and CPU state
 * (fsync times drift over a run; measuring one after the other skews the ratio).
 */
const ROUNDS = 10;
async function interleaved(c: TimedCase, b: Baseline): Promise<[number[], number[]]> {
  const fn = await b.setup();
  try {
    const mine: number[] = [];
    const theirs: number[] = [];
    const warm = (n: number | undefined, iterations: number) => n ?? Math.min(50, Math.ceil(iterations / 10));
    await timeIterations(fn, 0, warm(b.warmup, b.iterations));
    await timeIterations(c.run, 0, warm(c.warmup, c.iterations));
    let doneMine = warm(c.warmup, c.iterations);
    let doneTheirs = warm(b.warmup, b.iterations);
    for (let round = 0; round < ROUNDS; round++) {
      const nb = Math.floor(((round + 1) * b.iterations) / ROUNDS) - Math.floor((round * b.iterations) / ROUNDS);
      const nc = Math.floor(((round + 1) * c.iterations) / ROUNDS) - Math.floor((round * c.iterations) / ROUNDS);
      theirs.push(...(await timeIterations((i) => fn(doneTheirs + i), nb)));
      mine.push(...(await timeIterations((i) => c.run(doneMine + i), nc)));
      doneTheirs += nb;
      doneMine += nc;
    }
    return [mine, theirs];
  } finally {
    await b.teardown?.();
  }
}

/** `only`: run the cases whose name contains the text, or any of its `|`-separated parts. */
export type RunOptions = { only?: string | null; onResult?: (r: CaseResult) => void };

/** Runs every suite's cases in order; a failing case is reported as an error line, not a crash of the run. */
export async function runSuites(suites: readonly BenchSuite[], ctx: BenchContext, options: RunOptions = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  const push = (r: CaseResult) => {
    results.push(r);
    options.onResult?.(r);
  };

  for (const suite of suites) {
    ctx.log(`preparing ${suite.name}…`);
    let prepared;
    try {
      prepared = await suite.prepare(ctx);
    } catch (e) {
      push(errorResult(suite.name, `${suite.name} (prepare)`, e));
      continue;
    }
    try {
      for (const c of prepared.cases) {
        if (options.only && !options.only.split('|').some((part) => part !== '' && c.name.includes(part))) continue;
        ctx.log(`running ${c.name}…`);
        try {
          push(await runCase(suite.name, c));
        } catch (e) {
          push(errorResult(suite.name, c.name, e));
        }
      }
    } finally {
      await prepared.cleanup?.();
    }
  }
  return results;
}

async function runCase(suite: string, c: BenchCase): Promise<CaseResult> {
  let s: Summary;
  let unit = 'ms';
  let base: Summary | null = null;
  let baselineName: string | null = null;
  if (c.kind === 'timed') {
    if (c.baseline) {
      const [mine, theirs] = await interleaved(c, c.baseline);
      s = summarize(mine);
      base = summarize(theirs);
      baselineName = c.baseline.name;
    } else {
      s = summarize(await timeIterations(c.run, c.iterations, c.warmup ?? Math.min(50, Math.ceil(c.iterations / 10))));
    }
  } else {
    unit = c.unit;
    s = summarize(await c.sample());
  }
  const ratio = base && base.median > 0 ? s.median / base.median : null;
  const targets = (c.targets ?? []).map((t) => ({ description: describeTarget(t), met: checkTarget(t, s, ratio) }));
  return {
    suite,
    name: c.name,
    source: c.source ?? null,
    unit,
    count: s.count,
    median: s.median,
    p99: s.p99,
    opsPerSec: unit === 'ms' ? opsPerSecond(s.median) : null,
    baseline: base && baselineName ? { name: baselineName, median: base.median, p99: base.p99, count: base.count } : null,
    ratio,
    targets,
    met: targets.length === 0 ? null : targets.every((t) => t.met),
    notes: c.notes ?? null,
    error: null,
  };
}

function errorResult(suite: string, name: string, e: unknown): CaseResult {
  return {
    suite, name, source: null, unit: 'ms', count: 0, median: Number.NaN, p99: Number.NaN, opsPerSec: null,
    baseline: null, ratio: null, targets: [], met: false, notes: null,
    error: e instanceof Error ? e.message : String(e),
  };
}
