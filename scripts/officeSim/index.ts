/**
 * `npm run office-sim -- --desks N --ops M --partitions P --kills K --seed S`
 * Issue 13's simulator (see runOfficeSim.ts); prints the figures and the digests, exits 1 on any problem.
 */
import { parseArgs } from 'node:util';
import { runOfficeSim } from './runOfficeSim';

const { values } = parseArgs({
  options: {
    desks: { type: 'string', default: '3' },
    ops: { type: 'string', default: '2000' },
    partitions: { type: 'string', default: '4' },
    kills: { type: 'string', default: '4' },
    seed: { type: 'string' },
    without: { type: 'string' },
  },
  strict: true,
});
const whole = (name: string, v: string | undefined, min: number): number => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
  return n;
};
const desks = whole('desks', values.desks, 1);
if (desks > 26) throw new Error('--desks must be at most 26');
const seed = values.seed !== undefined ? whole('seed', values.seed, 0) : Math.floor(Math.random() * 2 ** 31);
const r = await runOfficeSim({
  desks,
  ops: whole('ops', values.ops, 1),
  partitions: whole('partitions', values.partitions, 0),
  kills: whole('kills', values.kills, 0),
  seed,
  ...(values.without ? { without: values.without.split(',').map((k) => k.trim()) } : {}),
  onProgress: (line) => process.stderr.write(`${line}\n`),
});
console.log(`office simulator, seed ${r.seed}: ${r.desks} desks, ${r.ops.planned} mutations planned, ${r.ops.acknowledged} acknowledged, ${r.ops.refused} refused as business rules say`);
console.log(`  by kind: ${Object.entries(r.ops.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}`);
console.log(`  ${r.kills.desk} desk kills, ${r.kills.relay} relay kills (kill -9), ${r.kills.resent} mutations resent after a kill; ${r.partitions} partitions`);
console.log(`  converged ${r.convergeMs} ms after the last partition healed; run ${(r.totalMs / 1000).toFixed(1)} s`);
for (const [i, c] of r.checks.entries()) {
  const conflicts = Object.entries(c.conflicts).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  console.log(`  desk ${r.digests[i]?.desk}: ${c.payments} payments; ledger ${c.ledgerOk ? 'ok' : 'BROKEN'}, audit ${c.auditOk ? `ok (${c.auditChecked})` : 'BROKEN'}, derived ${c.derivedOk ? 'ok' : 'WRONG'}, receipts ${c.receiptSeries.map((s) => `${s.deskCode} ${s.count}${s.gapFree ? '' : ' GAP'}`).join(' ')}; conflicts: ${conflicts}`);
}
console.log(`  digests equal on every desk: ${r.digestsEqual ? 'yes' : 'NO'}`);
const first = r.checks[0];
if (first) for (const t of first.tables) console.log(`    ${t.table.padEnd(28)} ${String(t.rows).padStart(7)}  ${t.digest.slice(0, 16)}`);
console.log(`  revoked desk refused, its past work kept: ${r.revokedDeskRefused === null ? 'not tried' : r.revokedDeskRefused ? 'yes' : 'NO'}`);
console.log(`  ${r.problems.length} problems`);
for (const p of r.problems.slice(0, 30)) console.log(`  - ${p}`);
process.exit(r.problems.length === 0 && r.digestsEqual ? 0 : 1);
