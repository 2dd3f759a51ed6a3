/** Summary statistics of timing samples. Nearest-rank percentiles: no interpolation, so p99 is a sample that happened. */
export type Summary = {
  count: number;
  median: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
};

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p} is outside 0..100`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** The middle sample; for an even count the mean of the two middle ones. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function summarize(samples: readonly number[]): Summary {
  const count = samples.length;
  if (count === 0) return { count, median: Number.NaN, p99: Number.NaN, min: Number.NaN, max: Number.NaN, mean: Number.NaN };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const s of samples) {
    if (s < min) min = s;
    if (s > max) max = s;
    sum += s;
  }
  return { count, median: median(samples), p99: percentile(samples, 99), min, max, mean: sum / count };
}

/** Operations per second from a per-operation median in milliseconds. */
export const opsPerSecond = (medianMs: number): number => (medianMs > 0 ? 1000 / medianMs : Number.POSITIVE_INFINITY);
