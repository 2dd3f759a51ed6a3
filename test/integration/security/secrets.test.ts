import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Session } from '../../../electron/core';
import { hashSecret } from '../../../electron/services/auth/passwords';
import { insertUser } from '../../../electron/services/auth/usersRepo';
import { channelNames, contract } from '../../../shared/contract';
import type { Channel } from '../../../shared/contract';
import { channelExamples } from '../../support/channelExamples';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';
import { defOf, unwrap, walkFields } from '../../support/zodWalk';

/** Field names that would carry a secret if they held its value. */
const SECRET_NAME = /pass(word)?(_?hash)?|secret|token|api_?key|private_?key|salt|pin(_?hash)?$|credential|signing/i;
/**
 * Named like a secret but not one, each with the reason. A new entry needs a reason a
 * reviewer accepts: `last4` style hints, booleans saying whether something is configured.
 */
const ALLOWED: Record<string, string> = {
  last4: 'the last four digits of a card or token, shown to identify it',
  tokenLast4: 'the last four characters of a device token, shown to identify it',
};
/** Values that mean a secret leaked whatever the field is called. */
const SECRET_SHAPES = [/scrypt\$\d+\$/, /\bsk_(test|live)_[A-Za-z0-9]+/, /\brk_(test|live)_[A-Za-z0-9]+/, /\bwhsec_[A-Za-z0-9]+/, /\$argon2/];
const ADMIN_PASSWORD = 'admin-pass';
const CASHIER_PASSWORD = 'cashier-pass-7f3a';

describe('no channel returns a secret', () => {
  it('no output schema has a field that could carry one', () => {
    const offenders: string[] = [];
    for (const channel of channelNames) {
      walkFields(contract[channel].output, ({ path, key, schema }) => {
        if (!SECRET_NAME.test(key) || key in ALLOWED) return;
        // A flag (`relayTokenSet: boolean`) or a count says nothing about the secret itself.
        const type = defOf(unwrap(schema, 'output')).type;
        if (type === 'boolean' || type === 'number' || type === 'int' || type === 'enum' || type === 'literal' || type === 'date') return;
        offenders.push(`${channel} → ${path.join('.')} (${type})`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('the check sees a secret-named field when there is one', () => {
    const found: string[] = [];
    walkFields(z.object({ user: z.object({ passwordHash: z.string() }).nullable(), items: z.array(z.object({ apiKey: z.string().optional() })) }), ({ key }) => {
      if (SECRET_NAME.test(key)) found.push(key);
    });
    expect(found).toEqual(['passwordHash', 'apiKey']);
  });

  describe('live: every channel with an example, and every channel taking no input', () => {
    let core: TestCore;
    let cashier: Session;
    const secrets: string[] = [ADMIN_PASSWORD, CASHIER_PASSWORD];
    const answers: { channel: string; as: string; json: string }[] = [];

    beforeAll(async () => {
      core = await makeCore();
      const user = insertUser(core.store, { username: 'cashier1', displayName: 'Cashier One', role: 'cashier', passwordHash: hashSecret(CASHIER_PASSWORD) }, new Date());
      cashier = core.sessionFor(user.id);
      const env = { rid, ok: (ch: string, i: unknown) => core.ok(ch as Channel, i as never) };
      // Twice: the first round stores what examples store (secrets included), the second reads it all back.
      for (let round = 0; round < 2; round++) {
        for (const channel of channelNames) {
          const example = channelExamples[channel];
          const takesNothing = contract[channel].input.safeParse({}).success;
          if (!example && !takesNothing) continue;
          const input = example ? await example.input(env) : {};
          secrets.push(...(example?.secrets ?? []));
          for (const [as, session] of [['admin', core.admin], ['cashier', cashier], ['none', null]] as const) {
            const r = await core.invoke(channel, input, session);
            answers.push({ channel, as, json: JSON.stringify(r) });
          }
        }
      }
      for (const row of core.store.raw.prepare('SELECT password_hash FROM users').all() as { password_hash: string }[]) secrets.push(row.password_hash);
    });
    // An export started by data:exportAll runs in the background: let it finish before the folder goes.
    afterAll(async () => {
      await core.services.jobs.idle();
      core.dispose();
    });

    it('calls every channel that takes no input, plus each example', () => {
      const called = new Set(answers.map((a) => a.channel));
      for (const channel of channelNames) {
        if (contract[channel].input.safeParse({}).success || channelExamples[channel]) expect(called.has(channel), channel).toBe(true);
      }
      expect(answers.filter((a) => a.json.startsWith('{"ok":true')).length).toBeGreaterThan(channelNames.length / 2);
    });

    it('no answer contains a stored password hash, a password, a key or a token', () => {
      expect(secrets.length).toBeGreaterThanOrEqual(4);
      for (const { channel, as, json } of answers) {
        for (const secret of secrets) expect(json.includes(secret), `${channel} as ${as} returned a secret`).toBe(false);
        for (const shape of SECRET_SHAPES) expect(json, `${channel} as ${as}`).not.toMatch(shape);
      }
    });

    it('nothing but users.password_hash stores a hash or a password (no copies in requests or the audit trail)', () => {
      const tables = core.store.raw.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[];
      for (const { name } of tables) {
        for (const row of core.store.raw.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]) {
          const { password_hash: _kept, ...rest } = name === 'users' ? row : { ...row, password_hash: undefined };
          const json = JSON.stringify(rest);
          for (const secret of secrets) expect(json.includes(secret), `table ${name} holds a secret`).toBe(false);
        }
      }
    });
  });
});
