import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

export type ItemKind = 'full' | 'deposit' | 'installment' | 'period' | 'late_fee';
type ItemRow = { id: string; seq: number; kind: ItemKind; amount: number; due_date: string; state: string };

/**
 * What a schedule item is, in an office's words: "Deposit", "Installment 2 of 5",
 * "Full fee", "Period 3", "Late fee". Installments are counted among the enrollment's
 * installments (a deposit or a late fee does not shift the numbering); a cancelled item
 * still holds its place, so a printed "2 of 5" never changes later.
 */
export function itemLabels(store: Store, enrollmentId: string): Map<string, { label: string; item: ItemRow }> {
  const items = store.all<ItemRow>(sql`SELECT id, seq, kind, amount, due_date, state FROM schedule_items WHERE enrollment_id = ${enrollmentId} ORDER BY seq`);
  const installments = items.filter((i) => i.kind === 'installment');
  const out = new Map<string, { label: string; item: ItemRow }>();
  let period = 0;
  for (const i of items) {
    let label: string;
    switch (i.kind) {
      case 'deposit':
        label = 'Deposit';
        break;
      case 'installment':
        label = `Installment ${installments.indexOf(i) + 1} of ${installments.length}`;
        break;
      case 'period':
        period += 1;
        label = `Period ${period}`;
        break;
      case 'late_fee':
        label = 'Late fee';
        break;
      default:
        label = 'Full fee';
    }
    out.set(i.id, { label, item: i });
  }
  return out;
}
