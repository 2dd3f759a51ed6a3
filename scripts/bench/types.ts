/**
 * What a benchmark module provides. A suite prepares what its cases need (usually a
 * seeded store), hands back named cases, and cleans up. Each case is timed by the runner
 * over many iterations, or samples a figure itself (MB of RSS, ms of a child's open).
 */

/** A target from the issues, checked against this run's figures. */
export type Target =
  /** The case's median is at most `max` times its same-run baseline median. */
  | { kind: 'ratioMax'; max: number }
  /** A time statistic in ms is at most `ms`. */
  | { kind: 'maxMs'; stat: 'median' | 'p99'; ms: number }
  /** A sampled figure (MB, ...) — its median — is at most `value`. */
  | { kind: 'maxValue'; value: number }
  /** Throughput from the median is at least `ops` per second. */
  | { kind: 'minOpsPerSec'; ops: number };

/** One timed operation per call; `i` counts from 0 so each call can use fresh data. */
export type TimedFn = (i: number) => unknown;

/** Something measured the same way as a case so the ratio compares like with like. */
export type Baseline = {
  /** Shown in the report; measured interleaved with its case, in the same run. */
  name: string;
  iterations: number;
  warmup?: number;
  setup(): Promise<TimedFn> | TimedFn;
  teardown?(): void | Promise<void>;
};

type CaseBase = {
  /** `domain: what` — shown in the table and used by `--only`. */
  name: string;
  /** Where the target comes from (`issue 4`), shown in the table. */
  source?: string;
  targets?: Target[];
  notes?: string;
};

export type TimedCase = CaseBase & {
  kind: 'timed';
  iterations: number;
  warmup?: number;
  run: TimedFn;
  baseline?: Baseline;
};

export type SampledCase = CaseBase & {
  kind: 'sampled';
  unit: string;
  /** Returns the samples, e.g. one RSS figure per child process started. */
  sample(): Promise<number[]>;
};

export type BenchCase = TimedCase | SampledCase;

export type BenchContext = {
  quick: boolean;
  /** A scratch folder removed after the run. */
  workDir: string;
  /** A seeded store given with `--store DIR` (a data folder), or null to build one. */
  storeDir: string | null;
  seed: number;
  log(message: string): void;
};

export type PreparedSuite = { cases: BenchCase[]; cleanup?(): void | Promise<void> };

export type BenchSuite = {
  name: string;
  prepare(ctx: BenchContext): Promise<PreparedSuite>;
};

/** One line of the report. */
export type CaseResult = {
  suite: string;
  name: string;
  source: string | null;
  unit: string;
  count: number;
  median: number;
  p99: number;
  opsPerSec: number | null;
  baseline: { name: string; median: number; p99: number; count: number } | null;
  ratio: number | null;
  targets: { description: string; met: boolean }[];
  /** true when every target is met; null when the case has none. */
  met: boolean | null;
  notes: string | null;
  error: string | null;
};
