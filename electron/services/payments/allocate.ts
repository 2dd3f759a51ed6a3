import { invalidAs } from '../../core/errors';
import { itemWords } from '../schedules/scheduleItemsRepo';
import type { ItemRow } from '../schedules/scheduleItemsRepo';

export type Share = { itemId: string; seq: number; amount: number };

const owed = (i: ItemRow): number => Math.max(0, i.amount - i.paid);

/**
 * The items a payment pays, in order. Without a pick: open items with something still
 * owed, oldest due first (paused, waived and cancelled items are skipped). With a pick:
 * exactly those items in the cashier's order; a waived or cancelled one is refused.
 */
export function targetItems(items: readonly ItemRow[], itemIds: readonly string[] | undefined): ItemRow[] {
  if (!itemIds) {
    return items.filter((i) => i.state === 'open' && owed(i) > 0).sort((a, b) => (a.due_date < b.due_date ? -1 : a.due_date > b.due_date ? 1 : a.seq - b.seq));
  }
  if (new Set(itemIds).size !== itemIds.length) throw invalidAs('itemIds', 'item.listedTwice', {});
  return itemIds.map((id, n) => {
    const item = items.find((i) => i.id === id);
    if (!item) throw invalidAs(`itemIds.${n}`, 'item.notOfEnrollment', {});
    if (item.state === 'waived' || item.state === 'cancelled') throw invalidAs(`itemIds.${n}`, 'item.notInState', { ...itemWords(item), state: item.state });
    return item;
  });
}

/** Fills the targets in order; whatever is left over is returned (it becomes payer credit). */
export function fill(targets: readonly ItemRow[], amount: number, already: ReadonlyMap<string, number> = new Map()): { shares: Share[]; left: number } {
  let left = amount;
  const shares: Share[] = [];
  for (const item of targets) {
    if (left === 0) break;
    const room = owed(item) - (already.get(item.id) ?? 0);
    if (room <= 0) continue;
    const take = Math.min(room, left);
    shares.push({ itemId: item.id, seq: item.seq, amount: take });
    left -= take;
  }
  return { shares, left };
}

export const totalOwed = (targets: readonly ItemRow[]): number => targets.reduce((s, i) => s + owed(i), 0);
