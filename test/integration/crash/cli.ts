/**
 * `npm run crash -- --kills 1000 [--seed S] [--workloads settings,payments] [--verify-every 50] [--desk-kills N]`
 * The long crash run (the channel workloads, then the desk killed mid-apply); prints the
 * counts and exits non-zero on any problem.
 */
import { parseArgs } from 'node:util';
import { runCrashSuite } from './crashSuite';
import { runDeskApplyCrash } from './deskApplySuite';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '1000' },
    'desk-kills': { type: 'string' },
    seed: { type: 'string' },
    workloads: { type: 'string' },
    'verify-every': { type: 'string', default: '50' },
    'max-delay-ms': { type: 'string', default: '60' },
  },
  strict: true,
});
const kills = Number(values.kills);
const deskKills = values['desk-kills'] !== undefined ? Number(values['desk-kills']) : Math.ceil(kills / 4);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isSafeInteger(kills) || kills < 1) throw new Error('--kills must be a whole number ≥ 1');
if (!Number.isSafeInteger(deskKills) || deskKills < 0) throw new Error('--desk-kills must be a whole number ≥ 0');
const stats = await runCrashSuite({
  kills,
  seed,
  workloads: values.workloads?.split(',').map((s) => s.trim()).filter(Boolean),
  verifyEvery: Number(values['verify-every']),
  maxDelayMs: Number(values['max-delay-ms']),
  onProgress: (s) => {
    if (s.kills % 25 === 0 || s.kills === kills) process.stderr.write(`\r${s.kills}/${kills} kills, ${s.acknowledged} acknowledged, ${s.problems.length} problems   `);
  },
});
process.stderr.write('\n');
const f = stats.final;
console.log(`crash suite, seed ${stats.seed}: ${stats.kills} kills (${stats.killedWhileOpening} while opening the store)`);
console.log(`  ${stats.acknowledged} mutations acknowledged (${Object.entries(stats.byWorkload).map(([w, n]) => `${w} ${n}`).join(', ')}), all present exactly once: ${stats.problems.length === 0 ? 'yes' : 'NO'}`);
console.log(`  ${stats.replayedAfterCrash} requests re-sent after their answer was lost to a kill (replayed, not duplicated)`);
if (f) {
  console.log(`  ${f.payments} payments stored, ${f.receipts} receipts, receipt numbers gap-free and unique: ${f.receiptsGapFree ? 'yes' : 'NO'}`);
  console.log(`  ledger:verify ${f.ledgerOk ? 'ok' : `${f.ledgerViolations} violations`}; audit:verify ${f.auditOk ? `ok (${f.auditEntries} entries)` : 'BROKEN'}`);
}
console.log(`  ${stats.verifications} full verifications (integrity_check, foreign keys, requests ↔ audit, audit chain, workload checks)`);
console.log(`  ${stats.problems.length} problems, ${(stats.ms / 1000).toFixed(1)} s`);
for (const p of stats.problems.slice(0, 20)) console.log(`  - ${p}`);

let deskProblems = 0;
if (deskKills > 0) {
  const desk = await runDeskApplyCrash({
    kills: deskKills,
    seed,
    verifyEvery: Math.max(1, Math.floor(Number(values['verify-every']) / 2)),
    onProgress: (s) => {
      if (s.kills % 25 === 0 || s.kills === deskKills) process.stderr.write(`\r${s.kills}/${deskKills} desk kills, cursor ${s.acknowledged}, ${s.problems.length} problems   `);
    },
  });
  process.stderr.write('\n');
  console.log(`desk killed mid-apply: ${desk.kills} kills; stored cursor ${desk.cursor}, ${desk.applied} relay events applied exactly once (no gap, no double), ${desk.redelivered} re-delivered after restarts as no-ops`);
  console.log(`  ${desk.verifications} verifications, ${desk.problems.length} problems, ${(desk.ms / 1000).toFixed(1)} s`);
  for (const p of desk.problems.slice(0, 20)) console.log(`  - ${p}`);
  deskProblems = desk.problems.length;
}
process.exitCode = stats.problems.length === 0 && deskProblems === 0 && (!f || (f.ledgerOk && f.auditOk && f.receiptsGapFree)) ? 0 : 1;
