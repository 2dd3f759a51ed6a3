import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../../../electron/store/sql';
import { rid } from '../../support/core';
import { joinDesk, makeDesk, PASSPHRASE, startTestHub } from '../../support/office/officeRig';
import type { Desk } from '../../support/office/officeRig';
import type { TestHub } from '../../support/office/testHub';

describe('office:join', () => {
  let hub: TestHub;
  const desks: Desk[] = [];
  const desk = async (name: string) => {
    const d = await makeDesk(name);
    desks.push(d);
    return d;
  };
  beforeEach(async () => {
    hub = await startTestHub({ officeName: 'Lincoln Elementary' });
  });
  afterEach(async () => {
    for (const d of desks.splice(0)) d.core.dispose();
    await hub.close();
  });

  it('the first desk sets the office key and seeds; a later desk with the passphrase joins the same office', async () => {
    const a = await desk('Front desk');
    const joined = await joinDesk(a, hub);
    expect(joined).toMatchObject({ joined: true, office: { id: hub.officeId, name: 'Lincoln Elementary', deskName: 'Front desk', relayUrl: hub.url, seeded: true } });
    expect(hub.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/office/join/check', 'POST /v1/office/join', 'PUT /v1/office/keys']);

    const b = await desk('Back office');
    const second = await joinDesk(b, hub);
    expect(second.office).toMatchObject({ id: hub.officeId, seeded: false, deskName: 'Back office' });
    expect(second.office?.desk).not.toBe(joined.office?.desk);
    // Both desks hold the same key, kept as a secret, never in the database.
    expect(b.core.services.secrets.get('office.key')).toBe(a.core.services.secrets.get('office.key'));
    const dump = JSON.stringify(b.core.store.all(sql`SELECT * FROM office_membership`));
    expect(dump).not.toContain(b.core.services.secrets.get('office.key'));
    expect(dump).not.toContain(b.core.services.secrets.get('office.token'));

    const audit = b.core.store.all<{ action: string }>(sql`SELECT action FROM audit_log WHERE action = 'office.join'`);
    expect(audit).toHaveLength(1);

    const status = await b.core.ok('office:status', {});
    expect(status.desks?.map((d) => [d.name, d.thisDesk, d.revoked])).toEqual([
      ['Front desk', false, false],
      ['Back office', true, false],
    ]);
    expect(JSON.stringify(status)).not.toContain(b.core.services.secrets.get('office.token'));
    expect(await b.core.fail('office:join', { requestId: rid(), relayUrl: hub.url, joinCode: hub.code(), passphrase: PASSPHRASE, deskName: 'Again' })).toMatchObject({ code: 'CONFLICT' });
  });

  it('two joins at once: one joins, the other is refused while it runs', async () => {
    const a = await desk('Front desk');
    const input = () => ({ requestId: rid(), relayUrl: hub.url, joinCode: hub.code(), passphrase: PASSPHRASE, deskName: 'Front desk' });
    const [first, second] = await Promise.all([a.core.invoke('office:join', input(), a.core.admin), a.core.invoke('office:join', input(), a.core.admin)]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    const refused = first.ok ? second : first;
    expect(refused.ok ? null : refused.error.message).toMatch(/already joining/);
    const status = await a.core.ok('office:status', {});
    expect(status.desks?.find((d) => d.thisDesk)?.desk).toBe(status.office?.desk);
  });

  it('a wrong passphrase cannot join and leaves nothing behind on the desk', async () => {
    await joinDesk(await desk('Front desk'), hub);
    const b = await desk('Back office');
    const auditBefore = b.core.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log`)?.n;
    const code = hub.code();
    const joinsBefore = hub.requests.filter((r) => r.path === '/v1/office/join').length;
    const error = await b.core.fail('office:join', { requestId: rid(), relayUrl: hub.url, joinCode: code, passphrase: 'not the office passphrase', deskName: 'Back office' });
    expect(error).toMatchObject({ code: 'VALIDATION', fields: { passphrase: 'is not this office’s passphrase' } });
    expect(error.message).not.toMatch(/office:join|scrypt|AES/);
    expect((await b.core.ok('office:status', {})).joined).toBe(false);
    expect(b.core.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log`)?.n).toBe(auditBefore);
    expect(b.core.services.secrets.get('office.token')).toBeNull();
    expect(b.core.services.secrets.get('office.key')).toBeNull();
    expect(existsSync(join(b.core.dataDir, 'secrets', 'office.key.secret'))).toBe(false);
    // The hub's entries were never written to by the refused desk.
    expect(hub.requests.filter((r) => r.path === '/v1/journal')).toEqual([]);
    // The passphrase was checked before the code was spent: no desk was made at the hub, and
    // the same code joins once the right passphrase is typed.
    expect(hub.requests.filter((r) => r.path === '/v1/office/join').length).toBe(joinsBefore);
    await b.core.ok('office:join', { requestId: rid(), relayUrl: hub.url, joinCode: code, passphrase: PASSPHRASE, deskName: 'Back office' });
    expect((await b.core.ok('office:status', {})).joined).toBe(true);
  });

  it('refuses a used join code, an address with credentials in it, and an unreachable hub, naming the field', async () => {
    const a = await desk('Front desk');
    const code = hub.code();
    await a.core.ok('office:join', { requestId: rid(), relayUrl: hub.url, joinCode: code, passphrase: PASSPHRASE, deskName: 'Front desk' });
    const b = await desk('Back office');
    const input = { requestId: rid(), relayUrl: hub.url, joinCode: code, passphrase: PASSPHRASE, deskName: 'Back office' };
    expect(await b.core.fail('office:join', input)).toMatchObject({ code: 'VALIDATION', fields: { joinCode: expect.stringMatching(/not a valid join code/) } });
    const withUser = hub.url.replace('http://', 'http://admin:secret@');
    expect(await b.core.fail('office:join', { ...input, requestId: rid(), relayUrl: withUser })).toMatchObject({ code: 'VALIDATION', fields: { relayUrl: 'must not contain a user name or password' } });
    expect(await b.core.fail('office:join', { ...input, requestId: rid(), relayUrl: 'ftp://hub.example' })).toMatchObject({ fields: { relayUrl: expect.stringMatching(/https:\/\//) } });
    expect(await b.core.fail('office:join', { ...input, requestId: rid(), passphrase: 'short' })).toMatchObject({ fields: { passphrase: expect.stringMatching(/at least 10/) } });
    expect(await b.core.fail('office:join', { ...input, requestId: rid(), relayUrl: 'http://127.0.0.1:9/' })).toMatchObject({ code: 'VALIDATION', fields: { relayUrl: expect.stringMatching(/cannot be reached/) }, key: 'office.hubNotReachable' });
    expect((await b.core.ok('office:status', {})).joined).toBe(false);
  });

  it('a cashier cannot join; leave takes the desk out and forgets its token and key', async () => {
    const a = await desk('Front desk');
    await joinDesk(a, hub);
    expect((await a.core.ok('office:leave', { requestId: rid() })).joined).toBe(false);
    expect(a.core.services.secrets.get('office.token')).toBeNull();
    expect(a.core.services.secrets.get('office.key')).toBeNull();
    const status = await a.core.ok('office:status', {});
    expect(status).toMatchObject({ joined: false, office: null, desks: null });
    expect(await a.core.fail('office:join', { requestId: rid(), relayUrl: hub.url, joinCode: hub.code(), passphrase: PASSPHRASE, deskName: 'x' }, null)).toMatchObject({ code: 'FORBIDDEN' });
  });
});
