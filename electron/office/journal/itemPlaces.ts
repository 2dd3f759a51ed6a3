import type Database from 'better-sqlite3';
import type { RowValues } from './entryFormat';

/** Above every number an enrollment's items really have: where this desk's own items wait while an earlier one takes its place. */
const ASIDE = 1_000_000_000;

type Deps = {
  stmt: (text: string) => Database.Statement;
  /** The schedule item rows this desk's entries not yet ordered made, as their entries wrote them, oldest first. */
  ownUnorderedItems: () => readonly RowValues[];
  /** Writes a new row (the applier's checked INSERT). */
  insert: (row: RowValues) => void;
  /** Writes an earlier creation's values over this desk's own later creation of the same row, except fields written since (the applier's `takeCreation`). */
  takeCreation: (row: RowValues) => void;
};

/**
 * Schedule items added to an enrollment at two desks before either heard of the other's. Late
 * fees are the only items added after an enrollment is made, and two desks can post them at once
 * (an admin at each, or the automatic rule running at both). Two rules, the same on every desk:
 *
 * - **One fee per overdue item.** A fee's id follows from the item it is for
 *   (`lateFeeId`), so both desks make the same row. The creation first in the office order is
 *   the row; a later one is passed over like any row already held. A desk whose own creation
 *   the office has not ordered yet takes the earlier creation's values when it arrives, except
 *   the fields this desk has written since (their clocks are later than any creation, as they
 *   are on every other desk). Both posts stay in their desks' audit chains; a payment either
 *   desk took for the fee is on the one fee (the same-item rule settles any excess).
 * - **An item's number in its enrollment** (`UNIQUE (enrollment_id, seq)`). A row whose number
 *   an earlier row holds takes the lowest free number above it. This desk's own items not yet
 *   ordered are not "earlier": when an earlier row wants a number, they step aside and are
 *   placed again, in the order this desk made them, each at the lowest free number above the
 *   one it was made with. That is what every other desk computes when they arrive after.
 *
 * Everything else applies as before: the fast path (a new id, a free number) is one look-up.
 */
export function createItemPlacer(deps: Deps) {
  const { stmt } = deps;
  const lowestFree = (enrollmentId: string, from: number): number => {
    let n = from;
    for (const r of stmt('SELECT seq FROM schedule_items WHERE enrollment_id = ? AND seq >= ? ORDER BY seq').iterate(enrollmentId, from) as Iterable<{ seq: number }>) {
      if (r.seq !== n) break;
      n += 1;
    }
    return n;
  };

  return {
    /** Applies one incoming `schedule_items` row (from another desk's entry, in office order). */
    apply(row: RowValues): void {
      const id = String(row.id);
      const enrollmentId = String(row.enrollment_id);
      const seq = Number(row.seq);
      const held = stmt('SELECT 1 FROM schedule_items WHERE id = ?').get(id) !== undefined;
      if (!held && stmt('SELECT 1 FROM schedule_items WHERE enrollment_id = ? AND seq = ?').get(enrollmentId, seq) === undefined) {
        deps.insert(row);
        return;
      }
      const mine = deps.ownUnorderedItems().filter((r) => r.enrollment_id === enrollmentId);
      // Held from an earlier creation (or one already in the order here): this one is later.
      if (held && !mine.some((r) => r.id === id)) return;
      const own = mine.filter((r) => r.id !== id);
      const aside = stmt('UPDATE schedule_items SET seq = seq + ? WHERE id = ?');
      for (const r of own) aside.run(ASIDE, r.id);
      if (held) aside.run(ASIDE, id);
      const placed = lowestFree(enrollmentId, seq);
      // This desk's own creation of the same fee, not yet ordered, takes the earlier one's values.
      if (held) deps.takeCreation({ ...row, seq: placed });
      else deps.insert({ ...row, seq: placed });
      const place = stmt('UPDATE schedule_items SET seq = ? WHERE id = ?');
      for (const r of own) place.run(lowestFree(enrollmentId, Number(r.seq)), r.id);
    },
  };
}
