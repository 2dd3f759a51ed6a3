import { newPortalKey, newPortalPageId, sealPortalPage } from '../../shared/portal/seal';
import type { PayerStatement } from '../../shared/portal/statement';

/** A statement as a desk would publish it: Ada's two enrollments, one payment, one refund. */
export function sampleStatement(overrides: Partial<PayerStatement> = {}): PayerStatement {
  return {
    v: 1,
    office: { name: 'Riverside Music School', address: '12 Quay Street, Riverside', email: 'office@riverside.example', phone: '+1 555 0100' },
    payer: { name: 'Ada Okafor' },
    currency: 'USD',
    locale: 'en-US',
    timeZone: 'America/New_York',
    publishedAt: '2026-11-30T15:04:00.000Z',
    enrollments: [
      {
        student: 'Ada Okafor',
        product: 'Piano — Grade 3',
        status: 'active',
        items: [
          { label: 'Deposit', dueDate: '2026-09-01', amount: 10000, paid: 10000, status: 'paid' },
          { label: 'Installment 1 of 3', dueDate: '2026-10-01', amount: 25050, paid: 5000, status: 'overdue' },
          { label: 'Installment 2 of 3', dueDate: '2026-12-15', amount: 25050, paid: 0, status: 'due' },
        ],
      },
    ],
    movements: [
      { date: '2026-09-01', kind: 'payment', receipt: 'FD-000017', method: 'Cash', amount: 20000 },
      { date: '2026-09-03', kind: 'refund', receipt: 'FD-R-000002', method: 'Cash', amount: 5000 },
    ],
    credit: 0,
    balance: 45100,
    pay: { next: { amount: 20050, dueDate: '2026-10-01', url: 'https://invoice.stripe.com/i/acct_test/next' }, balance: { amount: 45100, url: 'https://invoice.stripe.com/i/acct_test/all' } },
    ...overrides,
  };
}

/** A new link (id and key) and the statement sealed for it. */
export async function sealedSample(statement: PayerStatement = sampleStatement()): Promise<{ id: string; key: string; ct: string }> {
  const id = newPortalPageId();
  const key = newPortalKey();
  return { id, key, ct: await sealPortalPage(id, key, JSON.stringify(statement)) };
}
