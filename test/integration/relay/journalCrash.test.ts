import { afterEach, expect, it } from 'vitest';
import { openStore } from '../../../relay/storage/openStore';
import { JournalPushResult, OfficeJoinResult } from '../../../shared/relay/journalWire';
import type { JournalEntryIn } from '../../../shared/relay/journalWire';
import { joinCode, pullAll, push } from '../../support/relayOffice';
import type { TestDesk } from '../../support/relayOffice';
import { storeLocation } from '../../support/relay';
import type { RelayProcess } from '../../support/relayProcess';
import { startRelayProcess } from '../../support/relayProcess';
import { relaySuites } from '../../support/relaySuites';

const running: RelayProcess[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.kill('SIGKILL')));
  for (const c of cleanups.splice(0)) c();
});

const DESKS = 6;
const PUSHES = 30;
const PER_PUSH = 5;

relaySuites('relay process killed during journal pushes', ({ kind, pg }) => {
  it('loses no entry it acknowledged, stores none twice, and takes each desk’s retry', { timeout: 120_000 }, async () => {
    const location = await storeLocation(kind, kind === 'postgres' ? pg() : null);
    cleanups.push(location.cleanup);
    const setup = await openStore({ ...location, ingest: false });
    await setup.journal.createOffice({ orgId: 'acme', name: 'Acme', createdAt: Date.now() });
    const codes = await Promise.all(Array.from({ length: DESKS }, () => joinCode(setup, 'acme')));
    await setup.close();

    const args = location.dataDir ? ['--data-dir', location.dataDir] : [];
    const env: Record<string, string> = location.databaseUrl ? { RELAY_DATABASE_URL: location.databaseUrl } : {};
    const first = await startRelayProcess(args, env);
    running.push(first);

    // Each desk pushes its own entries in order, one push at a time, as a desk's pusher does.
    const desks: { desk: Omit<TestDesk, 'entries'>; batches: JournalEntryIn[][]; acked: number }[] = [];
    for (const code of codes) {
      const res = await fetch(`${first.url}/v1/office/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, desk_name: 'desk' }) });
      const joined = OfficeJoinResult.parse(await res.json());
      let seq = 1;
      const batches = Array.from({ length: PUSHES }, (_, b) =>
        Array.from({ length: PER_PUSH }, (_, i) => ({ id: `je_${joined.desk.slice(5, 15)}_${b}_${i}`, desk: joined.desk, desk_seq: seq++, ct: `c${b}x${i}y${joined.desk}` })),
      );
      desks.push({ desk: { id: joined.desk, token: joined.token, seq: 1 }, batches, acked: 0 });
    }
    const ackedIds = new Set<string>();
    const killAfter = (DESKS * PUSHES) / 3;
    let ackedPushes = 0;
    let killed = false;
    const pusher = async (d: (typeof desks)[number]): Promise<void> => {
      while (d.acked < d.batches.length) {
        const batch = d.batches[d.acked] as JournalEntryIn[];
        try {
          const res = await push(first.url, d.desk.token, batch);
          if (res.status !== 200) throw new Error(`push answered ${res.status}`);
          JournalPushResult.parse(await res.json());
          for (const e of batch) ackedIds.add(e.id);
          d.acked++;
          ackedPushes++;
        } catch {
          // The relay is gone: this push may or may not have committed; the desk retries it later.
          return;
        }
        if (!killed && ackedPushes >= killAfter) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(desks.map(pusher));
    expect(await first.exited).toBe('SIGKILL');
    expect(ackedIds.size).toBeGreaterThanOrEqual(killAfter * PER_PUSH);
    expect(ackedIds.size).toBeLessThan(DESKS * PUSHES * PER_PUSH);

    const second = await startRelayProcess(args, env);
    running.push(second);
    const reader = desks[0]?.desk.token as string;
    const afterCrash = await pullAll(second.url, reader);
    const ids = afterCrash.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ackedIds) expect(ids, `acknowledged ${id} is missing`).toContain(id);
    expect(afterCrash.map((e) => e.cursor)).toEqual(afterCrash.map((_, i) => i + 1));

    // Each desk resends from its first unacknowledged push (which may have committed) and goes on.
    const resend = async (d: (typeof desks)[number]): Promise<void> => {
      for (; d.acked < d.batches.length; d.acked++) {
        const res = await push(second.url, d.desk.token, d.batches[d.acked] as JournalEntryIn[]);
        expect(res.status).toBe(200);
      }
    };
    await Promise.all(desks.map(resend));
    const final = await pullAll(second.url, reader);
    expect(final).toHaveLength(DESKS * PUSHES * PER_PUSH);
    expect(final.map((e) => e.cursor)).toEqual(final.map((_, i) => i + 1));
    for (const d of desks) {
      const mine = final.filter((e) => e.desk === d.desk.id);
      expect(mine.map((e) => e.desk_seq)).toEqual(mine.map((_, i) => i + 1));
      expect(mine.map((e) => e.id)).toEqual(d.batches.flat().map((e) => e.id));
      expect(mine.map((e) => e.ct)).toEqual(d.batches.flat().map((e) => e.ct));
    }
    expect(await second.kill('SIGTERM')).toBe('0');
  });
});
