import { join } from 'node:path';
import type { Core } from '../../../electron/core';
import { insertUser } from '../../../electron/services/auth/usersRepo';
import { hashSecret } from '../../../electron/services/auth/passwords';
import { sql } from '../../../electron/store/sql';
import { makeCore } from '../../../test/support/core';
import { freshDesk, joinFromFirstRun, must, OFFICE_PASSPHRASE, signIn, startRelayOffice, until } from '../../../test/support/office/relayDesks';
import type { BenchSuite } from '../types';

/** The app wakes the pusher on every change notice (electron/core with background jobs); the bench does the same. */
const wakeOnChange = (core: Core) => core.subscribe(() => core.services.officeLink.kick());

/**
 * Issue 13: a payment at one desk becomes visible at another, through a real relay (SQLite,
 * in this process) and both desks' links (push on the change notice, long-poll pull). Timed
 * from the call at desk A until the payment's row is readable at desk B; the baseline is the
 * same local payment at desk A alone, in the same run. Target: p95 ≤ 2 s (checked as p99).
 */
export const officeVisibleSuite: BenchSuite = {
  name: 'officeVisible',
  async prepare(ctx) {
    const office = await startRelayOffice('bench-office');
    const a = await makeCore({ dataDir: join(ctx.workDir, 'office-visible-a'), officeWaitSeconds: 25 });
    const b = freshDesk({ officeWaitSeconds: 25 });
    const done = async () => {
      a.close();
      b.dispose();
      await office.dispose();
    };
    try {
      const cashier = a.sessionFor(insertUser(a.store, { username: 'bench-cashier', displayName: 'Bench Cashier', role: 'cashier', passwordHash: hashSecret('bench-cashier-pass') }, new Date()).id);
      const product = await must(a, 'products:create', { requestId: 'bench-ov-prd', product: { type: 'course', name: 'Bench course', price: 10_000_00, currency: 'USD' } }, a.admin);
      const plan = await must(a, 'plans:create', { requestId: 'bench-ov-pln', plan: { productId: product.id, name: 'Full', terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } } }, a.admin);
      const payer = await must(a, 'payers:create', { requestId: 'bench-ov-pyr', payer: { name: 'Bench Payer' } }, a.admin);
      const enrollment = (await must(a, 'enrollments:create', { requestId: 'bench-ov-enr', payerId: payer.id, productId: product.id, planId: plan.id }, a.admin)).enrollment.id;
      await must(a, 'drawer:open', { requestId: 'bench-ov-drw', openingFloat: 100_00 }, cashier);
      a.services.officeLink.start();
      wakeOnChange(a);
      wakeOnChange(b.core);
      await must(a, 'office:join', { requestId: 'bench-ov-join', relayUrl: office.url, joinCode: await office.code(), passphrase: OFFICE_PASSPHRASE, deskName: 'Front desk' }, a.admin);
      await joinFromFirstRun(b.core, office, 'Back office');
      await until(() => (b.core.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM users`)?.n ?? 0) >= 2, 60_000, 'the office users at desk B');
      await signIn(b.core, 'admin', 'admin-pass');
      const run = Date.now().toString(36);
      const pay = (tag: string) => async (i: number) =>
        must(a, 'payments:recordManual', { requestId: `bench-ov-${run}-${tag}-${i}`, enrollmentId: enrollment, method: 'cash', amount: 1_00, currency: 'USD' }, cashier);
      const iterations = ctx.quick ? 30 : 200;
      return {
        cases: [
          {
            kind: 'timed',
            name: 'officeVisible: a payment at desk A readable at desk B (real relay, both links)',
            source: 'issue 13',
            iterations,
            warmup: 3,
            run: async (i) => {
              const paid = await pay('remote')(i);
              await until(() => b.core.store.get(sql`SELECT 1 AS one FROM payments WHERE id = ${paid.id}`) !== undefined, 30_000, 'the payment at desk B');
            },
            baseline: { name: 'the same payment at desk A, local only', iterations, setup: () => pay('local') },
            targets: [{ kind: 'maxMs', stat: 'p99', ms: 2_000 }],
            notes: 'issue target is p95 ≤ 2 s; checked as p99 (stricter). B polls its store every 25 ms, so a figure can read up to 25 ms high',
          },
        ],
        cleanup: done,
      };
    } catch (e) {
      await done();
      throw e;
    }
  },
};
