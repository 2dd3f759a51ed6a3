import type { CaseResult } from './types';

const fmt = (v: number | null | undefined, digits = 2): string => {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return '∞';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(digits);
};

/** A plain-text table: one line per case, its baseline and targets under it. */
export function formatTable(results: readonly CaseResult[]): string {
  const header = ['case', 'n', 'median', 'p99', 'unit', 'ops/s', 'baseline median', 'ratio', 'target', 'met'];
  const rows = results.map((r) => [
    r.error ? `${r.name} — ERROR: ${r.error}` : r.name,
    String(r.count),
    fmt(r.median, 3),
    fmt(r.p99, 3),
    r.unit,
    r.opsPerSec === null ? '—' : fmt(r.opsPerSec, 0),
    r.baseline ? fmt(r.baseline.median, 3) : '—',
    r.ratio === null ? '—' : `${fmt(r.ratio)}×`,
    r.targets.map((t) => t.description).join('; ') || '—',
    r.met === null ? '—' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.min(i === 0 ? 70 : 40, Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const [i, row] of rows.entries()) {
    out.push(line(row));
    const r = results[i];
    if (r?.baseline) out.push(`    baseline: ${r.baseline.name} (n ${r.baseline.count}, p99 ${fmt(r.baseline.p99, 3)} ms)`);
    if (r?.notes) out.push(`    note: ${r.notes}`);
  }
  const withTargets = results.filter((r) => r.met !== null);
  out.push('', `targets met: ${withTargets.filter((r) => r.met).length}/${withTargets.length}; errors: ${results.filter((r) => r.error).length}`);
  return out.join('\n');
}

/** Machine-readable: NaN and Infinity become null so the output is valid JSON. */
export function toJson(results: readonly CaseResult[], meta: Record<string, unknown>): string {
  return JSON.stringify({ ...meta, results }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}
