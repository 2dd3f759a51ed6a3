import type { ItemState, ItemStatus } from '../../../shared/contract/schedules';
import { ItemStatus as ItemStatusSchema } from '../../../shared/contract/schedules';
import type { PaidTest } from './scheduleItemsRepo';
import { paidTest } from './scheduleItemsRepo';

export type DateTest = 'any' | 'past' | 'notPast';

/**
 * One admin state with a test on what was paid and on the due date. A status is one or
 * more atoms, and atoms of different statuses never overlap, so a count over several
 * statuses is the sum of one count per atom.
 */
export type Atom = { state: ItemState; paid: PaidTest; date: DateTest };

/** Each status as the admin state(s) it lives in plus what picks it out there (as `itemStatus` decides). */
export function atomsOf(status: ItemStatus): Atom[] {
  switch (status) {
    case 'cancelled':
      return [{ state: 'cancelled', paid: 'any', date: 'any' }];
    case 'waived':
      return [{ state: 'waived', paid: 'any', date: 'any' }];
    case 'paid':
      return [{ state: 'open', paid: 'full', date: 'any' }, { state: 'paused', paid: 'full', date: 'any' }];
    case 'paused':
      return [{ state: 'paused', paid: 'notFull', date: 'any' }];
    case 'partially_paid':
      return [{ state: 'open', paid: 'partial', date: 'any' }];
    case 'overdue':
      return [{ state: 'open', paid: 'zero', date: 'past' }];
    case 'due':
      return [{ state: 'open', paid: 'zero', date: 'notPast' }];
  }
}

/**
 * Drops atoms that cannot match, and merges atoms of the same state and paid test by
 * joining their date tests (due + overdue = any date), so common filters become one
 * index range.
 */
export function mergeAtoms(atoms: Atom[]): Atom[] {
  const merged = new Map<string, Atom>();
  for (const a of atoms) {
    if (paidTest(a.paid) === null) continue;
    const key = `${a.state}|${a.paid}`;
    const seen = merged.get(key);
    merged.set(key, seen && seen.date !== a.date ? { ...a, date: 'any' } : a);
  }
  return [...merged.values()];
}

export type StatusShortcuts = { status?: ItemStatus[] | undefined; overdue?: boolean | undefined; paused?: boolean | undefined };

/** The statuses asked for, after the `overdue` and `paused` shortcuts narrow them; null = every status. */
export function wantedStatuses(f: StatusShortcuts): ItemStatus[] | null {
  let wanted: ItemStatus[] | null = f.status ? [...new Set(f.status)] : null;
  const narrow = (flag: boolean | undefined, status: ItemStatus) => {
    if (flag === undefined) return;
    const all = wanted ?? [...ItemStatusSchema.options];
    wanted = flag ? all.filter((s) => s === status) : all.filter((s) => s !== status);
  };
  narrow(f.overdue, 'overdue');
  narrow(f.paused, 'paused');
  return wanted;
}

/** The atoms a filter asks for: null when every item matches, [] when none can. */
export function atomsWanted(f: StatusShortcuts): Atom[] | null {
  const statuses = wantedStatuses(f);
  return statuses ? mergeAtoms(statuses.flatMap(atomsOf)) : null;
}
