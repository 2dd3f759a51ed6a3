/**
 * `npm run bench [-- --quick] [--json] [--suite NAME,…] [--only TEXT[|TEXT…]] [--store DIR] [--seed N]`
 * Runs every registered suite and prints median, p99, ops/s, the same-run baseline, the
 * ratio and whether each target from the issues is met. Progress goes to stderr so
 * `--json` output on stdout stays clean.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatTable, toJson } from './report';
import { runSuites } from './runner';
import { suites } from './suites';
import type { BenchContext } from './types';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      suite: { type: 'string' },
      store: { type: 'string' },
      seed: { type: 'string', default: '1' },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new Error('--seed must be a whole number');
  const workDir = mkdtempSync(join(tmpdir(), 'bursar-bench-'));
  const started = Date.now();
  const ctx: BenchContext = {
    quick: values.quick,
    workDir,
    storeDir: values.store ? resolve(values.store) : null,
    seed,
    log: (m) => {
      if (!values.quiet) process.stderr.write(`[bench] ${m}\n`);
    },
  };
  try {
    // --suite skips whole suites (their stores are not even prepared); --only filters cases.
    const wanted = values.suite?.split(',').map((name) => name.trim()) ?? null;
    const unknown = wanted?.filter((name) => !suites.some((s) => s.name === name)) ?? [];
    if (unknown.length > 0) throw new Error(`unknown --suite ${unknown.join(', ')}: the suites are ${suites.map((s) => s.name).join(', ')}`);
    const chosen = wanted ? suites.filter((s) => wanted.includes(s.name)) : suites;
    const results = await runSuites(chosen, ctx, { only: values.only ?? null });
    const meta = {
      quick: values.quick,
      seed,
      node: process.version,
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      startedAt: new Date(started).toISOString(),
      seconds: (Date.now() - started) / 1000,
    };
    process.stdout.write(`${values.json ? toJson(results, meta) : formatTable(results)}\n`);
    if (!values.json) process.stdout.write(`${meta.seconds.toFixed(1)} s, ${meta.cpus} × ${meta.cpu}, node ${meta.node}${values.quick ? ', --quick store' : ''}\n`);
    if (results.some((r) => r.error)) process.exitCode = 1;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
