import { newId } from '../../store/ids';
import type { SqlValue } from '../../store/sql';
import { encodeEntry } from './entryFormat';
import type { EntryOp, RowValues } from './entryFormat';
import { indexEntryRows, lastCursor } from './journalContext';
import type { JournalContext } from './journalContext';

type Captured = { tbl: string; op: 'i' | 'u' | 'd'; pk: string | null; col: string | null; data: string | null };

/**
 * Folds what the closing transaction wrote (temp.office_capture, filled by the capture
 * triggers) into one entry of this desk, inside that transaction: the mutation and its entry
 * commit together or not at all. Field writes get their HLC here, in write order.
 */
export function foldCapture(ctx: JournalContext): string | null {
  const captured = ctx.stmt('SELECT tbl, op, pk, col, data FROM temp.office_capture ORDER BY n').all() as Captured[];
  if (captured.length === 0) return null;
  ctx.stmt('DELETE FROM temp.office_capture').run();
  const ops: EntryOp[] = [];
  const clock = ctx.stmt(`INSERT INTO office_field_clock (tbl, pk, col, hlc) VALUES (?, ?, ?, ?)
    ON CONFLICT (tbl, pk, col) DO UPDATE SET hlc = excluded.hlc WHERE excluded.hlc > office_field_clock.hlc`);
  for (const c of captured) {
    if (c.op === 'i') {
      ops.push({ k: 'row', t: c.tbl, r: JSON.parse(c.data ?? '{}') as RowValues });
      continue;
    }
    const pk = JSON.parse(c.pk ?? '[]') as SqlValue[];
    const h = ctx.clock.send();
    if (c.op === 'u') {
      const col = c.col ?? '*';
      const v = col === '*' ? (JSON.parse(c.data ?? '{}') as RowValues) : (JSON.parse(c.data ?? '[null]') as SqlValue[])[0] ?? null;
      ops.push({ k: 'set', t: c.tbl, pk, c: col, v, h });
      clock.run(c.tbl, JSON.stringify(pk), col, h);
    } else {
      ops.push({ k: 'del', t: c.tbl, pk, h });
      clock.run(c.tbl, JSON.stringify(pk), '#deleted', h);
    }
  }
  return writeOwnEntry(ctx, ops);
}

/** Stores one entry of this desk (unsent), with what the conflict rules index of it. */
export function writeOwnEntry(ctx: JournalContext, ops: EntryOp[]): string {
  const at = ctx.now().toISOString();
  const seen = lastCursor(ctx.db);
  const deskSeq = (ctx.stmt('SELECT coalesce(max(desk_seq), 0) + 1 AS n FROM office_entries WHERE desk = ?').get(ctx.deskId) as { n: number }).n;
  const id = newId('oje');
  ctx.stmt('INSERT INTO office_entries (id, desk, desk_seq, cursor, seen, body, created_at) VALUES (?, ?, ?, NULL, ?, ?, ?)')
    .run(id, ctx.deskId, deskSeq, seen, encodeEntry({ v: 1, seen, at, ops }), at);
  indexEntryRows(ctx.db, id, ops);
  ctx.stmt('UPDATE office_desk SET clock = ? WHERE one = 1').run(ctx.clock.value());
  return id;
}
