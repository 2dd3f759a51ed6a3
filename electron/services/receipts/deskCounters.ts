import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

export type Series = 'receipt' | 'zreport' | 'deposit' | 'refund';

/**
 * The next number of a desk's series, taken inside the caller's write transaction. The
 * UPSERT bumps one row under SQLite's write lock, so two writers can never get the same
 * number, and a rolled-back transaction gives its number back: no MAX()+1 race, no gap.
 */
export function nextNumber(store: Store, deskCode: string, series: Series): number {
  const row = store.get<{ last_value: number }>(sql`INSERT INTO desk_counters (desk_code, series, last_value) VALUES (${deskCode}, ${series}, 1)
    ON CONFLICT (desk_code, series) DO UPDATE SET last_value = last_value + 1 RETURNING last_value`);
  if (!row) throw new Error('desk counter did not return a value');
  return row.last_value;
}

/** `DESK1-000042`: the desk code and a zero-padded sequence (wider once it passes a million). */
export const receiptNumber = (deskCode: string, seq: number): string => `${deskCode}-${String(seq).padStart(6, '0')}`;

/** `DESK1-R000042`: a refund receipt or credit note, in the desk's own refund series. */
export const refundReceiptNumber = (deskCode: string, seq: number): string => `${deskCode}-R${String(seq).padStart(6, '0')}`;
