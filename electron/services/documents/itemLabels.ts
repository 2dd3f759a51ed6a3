import type { ItemLine } from '../../../shared/documentLines';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

export type ItemKind = 'full' | 'deposit' | 'installment' | 'period' | 'late_fee';
type ItemRow = { id: string; seq: number; kind: ItemKind; amount: number; due_date: string; state: string };

/**
 * What each schedule item of an enrollment is, as data the window and the documents word in the
 * office's language ("Deposit", "Installment 2 of 5", "Full fee", "Period 3", "Late fee"; see
 * shared/documentLines.ts). Installments are counted among the enrollment's installments (a
 * deposit or a late fee does not shift the numbering); a cancelled item still holds its place,
 * so a printed "2 of 5" never changes later. Derived from the items on every read: nothing
 * worded is stored.
 */
export function itemLabels(store: Store, enrollmentId: string): Map<string, { line: ItemLine; item: ItemRow }> {
  const items = store.all<ItemRow>(sql`SELECT id, seq, kind, amount, due_date, state FROM schedule_items WHERE enrollment_id = ${enrollmentId} ORDER BY seq`);
  const installments = items.filter((i) => i.kind === 'installment');
  const out = new Map<string, { line: ItemLine; item: ItemRow }>();
  let period = 0;
  for (const i of items) {
    let line: ItemLine;
    switch (i.kind) {
      case 'installment':
        line = { kind: 'installment', n: installments.indexOf(i) + 1, of: installments.length, paid: null };
        break;
      case 'period':
        period += 1;
        line = { kind: 'period', n: period, of: 0, paid: null };
        break;
      case 'deposit':
      case 'late_fee':
        line = { kind: i.kind, n: 0, of: 0, paid: null };
        break;
      default:
        line = { kind: 'full', n: 0, of: 0, paid: null };
    }
    out.set(i.id, { line, item: i });
  }
  return out;
}
