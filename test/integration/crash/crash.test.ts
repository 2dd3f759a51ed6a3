import { describe, expect, it } from 'vitest';
import { runCrashSuite } from './crashSuite';
import type { Ack } from './workloads/types';

/** `npm test` runs a short version; `npm run crash -- --kills 1000` the long one. */
const KILLS = Number(process.env.CRASH_KILLS ?? 50);

describe('kill -9 crash suite', () => {
  it(`${KILLS} SIGKILLs at random moments lose no acknowledged mutation and leave nothing half-written`, async () => {
    const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : Math.floor(Math.random() * 2 ** 31);
    const stats = await runCrashSuite({ kills: KILLS, seed, verifyEvery: 10 });
    console.log(`crash: ${stats.kills} kills (${stats.killedWhileOpening} while opening), ${stats.acknowledged} acknowledged, ${stats.replayedAfterCrash} re-sent after a lost answer, ${stats.verifications} verifications, ${stats.problems.length} problems, seed ${seed}, ${(stats.ms / 1000).toFixed(1)} s`);
    expect(stats.problems).toEqual([]);
    expect(stats.kills).toBe(KILLS);
    // Something must have run between kills (a slow CI disk still acknowledges a few per start).
    expect(stats.acknowledged).toBeGreaterThan(KILLS / 10);
  }, 180_000);
});

describe('the crash checks can fail', () => {
  it('name a lost acknowledged mutation, a half-written one and a broken audit chain', async () => {
    const { makeCore } = await import('../../support/core');
    const { verifyStore } = await import('./crashSuite');
    const { settingsWorkload } = await import('./workloads/settings');
    const core = await makeCore();
    try {
      const acks: Ack[] = [];
      for (let i = 0; i < 3; i++) {
        const step = settingsWorkload.step(i);
        await core.ok('settings:update', step.input as never);
        acks.push({ workload: 'settings', i, requestId: step.requestId, channel: step.channel });
      }
      const verifyNow = () => {
        core.store.raw.pragma('wal_checkpoint(TRUNCATE)');
        return verifyStore(core.dataDir, ['settings'], acks);
      };
      expect(verifyNow()).toEqual([]);

      // Half-written: one of the two settings rows of the last request rolled back.
      core.store.raw.prepare(`UPDATE settings SET value = '"Crash office 1"' WHERE key = 'officeName'`).run();
      expect(verifyNow().join('\n')).toMatch(/half-written/);
      // Lost: an acknowledged request that is not stored.
      core.store.raw.prepare(`DELETE FROM requests WHERE request_id = ?`).run(settingsWorkload.step(2).requestId);
      expect(verifyNow().join('\n')).toMatch(/acknowledged crash-settings-2 has 0 requests rows/);
      // Tampered: the audit chain no longer verifies.
      core.store.raw.exec('DROP TRIGGER audit_log_no_update');
      core.store.raw.prepare(`UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 2`).run();
      expect(verifyNow().join('\n')).toMatch(/audit chain broken at 2/);
    } finally {
      core.dispose();
    }
  });
});
