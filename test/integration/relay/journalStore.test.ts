import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { openSqliteStore } from '../../../relay/storage/sqliteStore';
import { sqliteSchema } from '../../../relay/storage/sqliteSchema';
import { hashToken, newToken } from '../../../relay/tokens';
import { joinDesk } from '../../support/relayOffice';
import { relaySuites } from '../../support/relaySuites';

relaySuites('office journal group commit', ({ make }) => {
  it('pushes committed together succeed or fail each on their own', async () => {
    const relay = await make();
    const [a, b, c] = [await joinDesk(relay.url, relay.store, 'acme'), await joinDesk(relay.url, relay.store, 'acme'), await joinDesk(relay.url, relay.store, 'acme')];
    const tokenOf = async (token: string) => (await relay.store.journal.authenticate(hashToken(token)))?.tokenId ?? '';
    const [ta, tb, tc] = [await tokenOf(a.token), await tokenOf(b.token), await tokenOf(c.token)];
    const at = Date.now();
    const cFirst = c.entries(1)[0];
    if (!cFirst) throw new Error('no entry');
    const first = await relay.store.journal.push({ orgId: 'acme', deskId: c.id, tokenId: tc, entries: [{ id: cFirst.id, deskSeq: 1, ct: cFirst.ct }], receivedAt: at });
    expect(first.ok).toBe(true);
    // Handed to the store in one turn: one group, one transaction.
    const [okA, gapB, conflictC] = await Promise.all([
      relay.store.journal.push({ orgId: 'acme', deskId: a.id, tokenId: ta, entries: [{ id: 'je_a1', deskSeq: 1, ct: 'aaa' }, { id: 'je_a2', deskSeq: 2, ct: 'bbb' }], receivedAt: at }),
      relay.store.journal.push({ orgId: 'acme', deskId: b.id, tokenId: tb, entries: [{ id: 'je_b2', deskSeq: 2, ct: 'ccc' }], receivedAt: at }),
      relay.store.journal.push({ orgId: 'acme', deskId: c.id, tokenId: tc, entries: [{ id: 'je_c2', deskSeq: 2, ct: 'ddd' }, { id: cFirst.id, deskSeq: 1, ct: 'changed' }], receivedAt: at }),
    ]);
    expect(okA).toEqual({ ok: true, accepted: [{ id: 'je_a1', cursor: 2, duplicate: false }, { id: 'je_a2', cursor: 3, duplicate: false }] });
    expect(gapB).toMatchObject({ ok: false, error: 'bad_request' });
    expect(conflictC).toMatchObject({ ok: false, error: 'entry_conflict' });
    expect((await relay.store.journal.readEntries('acme', 0, 10)).map((e) => e.id)).toEqual([cFirst.id, 'je_a1', 'je_a2']);
    // An id repeated inside one push is stored once and both copies answer its cursor.
    const twice = await relay.store.journal.push({ orgId: 'acme', deskId: a.id, tokenId: ta, entries: [{ id: 'je_a3', deskSeq: 3, ct: 'x' }, { id: 'je_a3', deskSeq: 3, ct: 'x' }], receivedAt: at });
    expect(twice).toEqual({ ok: true, accepted: [{ id: 'je_a3', cursor: 4, duplicate: false }, { id: 'je_a3', cursor: 4, duplicate: true }] });
    const desks = await relay.store.journal.listDesks('acme');
    expect(desks.map((d) => [d.id, d.pushedSeq])).toEqual([
      [a.id, 3],
      [b.id, 0],
      [c.id, 1],
    ]);
  });

  it('one office created eight times at once (25 offices) is created once; the others are told it existed', async () => {
    const relay = await make();
    // On PostgreSQL a check-then-insert let two of these race into a unique violation (seen in CI).
    for (let round = 0; round < 25; round++) {
      const orgId = `racing-${round}`;
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => relay.store.journal.createOffice({ orgId, name: 'Racing office', createdAt: 1 })));
      expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'office_existed')).toHaveLength(7);
      expect((await relay.store.journal.getOffice(orgId))?.name).toBe('Racing office');
    }
  });
});

it('upgrades a SQLite relay database from schema 1: its orgs and device tokens keep working', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-upgrade-'));
  try {
    const file = join(dir, 'relay.sqlite');
    const old = new Database(file);
    old.exec(sqliteSchema[0] ?? '');
    old.pragma('user_version = 1');
    const t = newToken();
    old.prepare('INSERT INTO relay_orgs (id, name, created_at) VALUES (?, ?, ?)').run('acme', 'Acme', 1);
    old.prepare('INSERT INTO relay_tokens (id, org_id, device, token_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(t.id, 'acme', 'front', t.hash, 1);
    old.close();

    const store = await openSqliteStore(file, { ingest: false });
    try {
      expect(await store.findActiveToken(t.hash)).toMatchObject({ id: t.id, orgId: 'acme', device: 'front' });
      expect(await store.journal.authenticate(t.hash)).toEqual({ tokenId: t.id, orgId: 'acme', deskId: null, revoked: false });
      expect(await store.journal.createOffice({ orgId: 'acme', name: 'Acme', createdAt: 2 })).toBe('org_existed');
      expect(await store.journal.getOffice('acme')).toMatchObject({ headCursor: 0, prunedThrough: 0, keys: null });
    } finally {
      await store.close();
    }
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(sqliteSchema.length);
    check.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
