/**
 * `npm run crash -- --kills 1000 [--seed S] [--workloads settings,payments] [--verify-every 50]`
 * The long crash run; prints the counts and exits non-zero on any problem.
 */
import { parseArgs } from 'node:util';
import { runCrashSuite } from './crashSuite';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '1000' },
    seed: { type: 'string' },
    workloads: { type: 'string' },
    'verify-every': { type: 'string', default: '50' },
    'max-delay-ms': { type: 'string', default: '60' },
  },
  strict: true,
});
const kills = Number(values.kills);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isSafeInteger(kills) || kills < 1) throw new Error('--kills must be a whole number ≥ 1');
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
console.log(`crash suite, seed ${stats.seed}: ${stats.kills} kills (${stats.killedWhileOpening} while opening the store)`);
console.log(`  ${stats.acknowledged} mutations acknowledged, all present exactly once: ${stats.problems.length === 0 ? 'yes' : 'NO'}`);
console.log(`  ${stats.replayedAfterCrash} requests re-sent after their answer was lost to a kill (replayed, not duplicated)`);
console.log(`  ${stats.verifications} full verifications (integrity_check, foreign keys, requests ↔ audit, audit chain, workload checks)`);
console.log(`  ${stats.problems.length} problems, ${(stats.ms / 1000).toFixed(1)} s`);
for (const p of stats.problems.slice(0, 20)) console.log(`  - ${p}`);
process.exitCode = stats.problems.length === 0 ? 0 : 1;
