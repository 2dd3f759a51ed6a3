import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkTarget } from '../../../scripts/bench/runner';
import { median, percentile, summarize } from '../../../scripts/bench/stats';

const root = resolve(import.meta.dirname, '../../..');

describe('bench statistics', () => {
  it('median of odd and even counts, unsorted input', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('p99 is the nearest-rank sample', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100 reversed
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    const thousand = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(percentile(thousand, 99)).toBe(990);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('summarize and targets agree with the numbers', () => {
    const s = summarize([1, 2, 3, 4, 100]);
    expect(s).toMatchObject({ count: 5, median: 3, p99: 100, min: 1, max: 100, mean: 22 });
    expect(checkTarget({ kind: 'ratioMax', max: 2 }, s, 1.9)).toBe(true);
    expect(checkTarget({ kind: 'ratioMax', max: 2 }, s, 2.1)).toBe(false);
    expect(checkTarget({ kind: 'ratioMax', max: 2 }, s, null)).toBe(false);
    expect(checkTarget({ kind: 'maxMs', stat: 'p99', ms: 50 }, s, null)).toBe(false);
    expect(checkTarget({ kind: 'maxMs', stat: 'median', ms: 50 }, s, null)).toBe(true);
    expect(checkTarget({ kind: 'minOpsPerSec', ops: 300 }, s, null)).toBe(true); // 1000 / 3 ms
    expect(checkTarget({ kind: 'minOpsPerSec', ops: 400 }, s, null)).toBe(false);
  });
});

describe('npm run bench -- --quick --json', () => {
  it('prints well-formed JSON for a tiny run', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/bench/index.ts', '--quick', '--json', '--quiet', '--suite', 'foundation', '--only', 'app:info'], { cwd: root, maxBuffer: 8 * 1024 * 1024 });
    const report = JSON.parse(stdout) as { quick: boolean; results: { name: string; count: number; median: number; p99: number; error: string | null }[] };
    expect(report.quick).toBe(true);
    const appInfo = report.results.find((r) => r.name.startsWith('app:info'));
    expect(appInfo).toBeDefined();
    expect(appInfo?.error).toBeNull();
    expect(appInfo?.count).toBeGreaterThan(0);
    expect(appInfo?.p99).toBeGreaterThanOrEqual(appInfo?.median ?? Infinity);
    // It seeds a quick store first: generous on a loaded shared machine.
  }, 120_000);
});
