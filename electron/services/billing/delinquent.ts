import type { z } from 'zod';
import type { DelinquentItemView } from '../../../shared/contract/billing';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

/** Delinquent items still owed and not paused or written off, oldest first. */
export function listDelinquent(store: Store, limit: number): z.infer<typeof DelinquentItemView>[] {
  return store
    .all<{ item_id: string; enrollment_id: string; payer_id: string; payer_name: string; seq: number; due_date: string; amount: number; paid: number; currency: string; reason: string; since: string; invoice_id: string | null; hosted_url: string | null }>(
      sql`SELECT d.item_id, i.enrollment_id, i.payer_id, p.name AS payer_name, i.seq, i.due_date, i.amount, i.paid_amount AS paid, i.currency, d.reason, d.since, s.invoice_id, s.hosted_url
        FROM delinquent_items d
        JOIN schedule_items i ON i.id = d.item_id
        JOIN payers p ON p.id = i.payer_id
        JOIN stripe_invoices s ON s.id = d.invoice_row_id
        WHERE i.state = 'open' AND i.amount - i.paid_amount > 0
        ORDER BY d.since, i.due_date, d.item_id
        LIMIT ${limit}`,
    )
    .map((r) => ({
      itemId: r.item_id,
      enrollmentId: r.enrollment_id,
      payerId: r.payer_id,
      payerName: r.payer_name,
      seq: r.seq,
      dueDate: r.due_date,
      amount: r.amount,
      paid: r.paid,
      currency: r.currency,
      reason: r.reason,
      since: r.since,
      invoiceId: r.invoice_id,
      hostedUrl: r.hosted_url,
    }));
}
