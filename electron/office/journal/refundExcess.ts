import { canonicalJson } from '../../core/canonicalJson';
import { createPosting } from './adjustmentPosting';
import type { Item } from './adjustmentPosting';
import { decodeEntry } from './entryFormat';
import type { EntryOp } from './entryFormat';
import { statements } from './journalContext';
import type { JournalContext } from './journalContext';
import { derivedId } from './sameItemPaid';

type Release = { itemId: string; released: number; delta: number; refundId: string | null; paymentId: string | null; at: string; day: string | null };
/** One part of what an entry releases from an item, charged provisionally on its own (`releasesAt`). */
type Part = { key: string; released: number };

/** Per item, what an entry's refunds released from it and what all its allocation rows move on it. */
function releasesByItem(ops: readonly EntryOp[]): Map<string, Release> {
  const byItem = new Map<string, Release>();
  for (const op of ops) {
    if (op.k !== 'row' || op.t !== 'ledger_entries' || op.r.account !== 'allocated') continue;
    const itemId = String(op.r.item_id);
    const amount = Number(op.r.amount);
    const r = byItem.get(itemId) ?? { itemId, released: 0, delta: 0, refundId: null, paymentId: null, at: String(op.r.at), day: op.r.day === null ? null : String(op.r.day) };
    r.delta += amount;
    // A void releases what its payment held, like a refund: a void at one desk and a refund of the
    // same payment at another (both offline) release it twice.
    if ((op.r.event === 'refund' || op.r.event === 'void') && amount < 0) {
      r.released -= amount;
      if (r.refundId === null) {
        r.refundId = op.r.refund_id === null ? null : String(op.r.refund_id);
        r.paymentId = op.r.payment_id === null ? null : String(op.r.payment_id);
        r.at = String(op.r.at);
        r.day = op.r.day === null ? null : String(op.r.day);
      }
    }
    byItem.set(itemId, r);
  }
  return byItem;
}

/**
 * Rule 3 of offices.md, refunds at two desks that together release more than was paid: two
 * cashiers refund the same payment at once, each seeing it whole. Both refunds stand (the cash
 * has left). At the later refund's place `c` in the office order, what it released beyond what
 * the item held (the item would hold less than nothing) is put back on the item and charged to
 * the payer: `refund_excess` ledger rows (allocated +, credit −), id derived from (entry, item).
 * The payer's credit goes below zero — a balance owed, which a later payment settles — and the
 * case is flagged `refunds_exceed_payment`.
 *
 * The refunding desk holds its refund before the office orders it, so another desk's release
 * of the same item (a refund, a void, a rule moving money off it) can reach it first and take
 * the item below zero there. What it may owe is not known until its place, and rows posted by
 * one desk alone would differ from the others'. So the rows are the same everywhere and depend
 * on the office order only: when anything other than its own desk's rows took money off the
 * item between what the refund had seen and its place, every desk posts at the refund's place
 * a provisional charge of all it released from the item and gives back, as a reversal of that
 * charge, what the item held after all (`refund_excess` rows again, the reversal naming the
 * charge it undoes): the net is the charge the order calls for. The refunding desk posts the
 * provisional charge at once, when such a release first reaches it (`makeRoom`), so its item
 * never holds less than nothing meanwhile, and finds it done at the refund's place.
 */
export function createRefundExcessRule(ctx: JournalContext) {
  const stmt = statements(ctx.db);
  const { held, item } = createPosting(ctx);

  const done = (id: string): boolean => stmt('SELECT 1 FROM office_adjustments WHERE id = ?').get(id) !== undefined;
  /** A part's ids name its key; the entry's own rows (key '') keep the ids they always had. */
  const ids = (entryId: string, itemId: string, part = '') => {
    const of = part === '' ? [entryId, itemId] : [entryId, itemId, part];
    return {
      charge: derivedId('adj', 'refund_excess', entryId, itemId),
      provisional: derivedId('adj', 'refund_excess', 'provisional', ...of),
      reversal: derivedId('adj', 'refund_excess', 'reversal', ...of),
    };
  };
  /** Whether anything but `desk`'s own entries' rows took money off the item after `seen` and before `cursor` in the office order. */
  const releasedElsewhere = (itemId: string, seen: number, cursor: number, desk: string): boolean =>
    stmt(`SELECT 1 FROM office_allocations a JOIN office_entries e ON e.id = a.entry_id
      WHERE a.item_id = ? AND a.amount < 0 AND e.cursor > ? AND e.cursor < ? AND (e.desk <> ? OR a.event IN ('adjustment', 'refund_excess')) LIMIT 1`)
      .get(itemId, seen, cursor, desk) !== undefined;

  /**
   * What entry `entryId` releases per item, in parts: its own refund and void rows
   * (`releasesByItem`, part key ''), and each undo of an adjustment posted at its place
   * (sameItemPaid.ts `undoOnVoid`, part key: the undo's id) for what it takes off the items the
   * adjustment had moved the money to. A void at one desk and a refund at another can both give
   * back the money an adjustment moved (the refund took it off the item it was moved to): the
   * undo releases it a second time, like a second refund. Each part is charged provisionally on
   * its own: the voiding desk posts its undos early, one adjustment at a time as it learns of
   * them, and a provisional charge it posts in between (`makeRoom`) must be the very row every
   * desk posts for that part at the void's place.
   */
  function releasesAt(entryId: string, ops: readonly EntryOp[]): (Release & { parts: Part[] })[] {
    const byItem = releasesByItem(ops);
    const out = new Map<string, Release & { parts: Part[] }>();
    for (const [itemId, r] of byItem) if (r.released > 0) out.set(itemId, { ...r, parts: [{ key: '', released: r.released }] });
    // Undos are posted at an entry's place only for the void rows it holds (sameItemPaid.ts
    // `undoOnVoid`): an entry with none (nearly every one) has none to read.
    const voids = ops.some((op) => op.k === 'row' && op.t === 'ledger_entries' && op.r.event === 'void' && op.r.account === 'allocated');
    const undos = voids ? stmt(`SELECT id, payment_id AS paymentId, moves_json AS moves FROM office_adjustments WHERE entry_id = ? AND rule = 'undo_on_void' ORDER BY id`)
      .all(entryId) as { id: string; paymentId: string; moves: string }[] : [];
    for (const u of undos) {
      // The payment's void row in the entry gives the time every desk posts alike.
      const voidRow = ops.find((op) => op.k === 'row' && op.t === 'ledger_entries' && op.r.event === 'void' && String(op.r.payment_id) === u.paymentId);
      const at = voidRow && voidRow.k === 'row' ? { at: String(voidRow.r.at), day: voidRow.r.day === null ? null : String(voidRow.r.day) } : { at: new Date(0).toISOString(), day: null };
      const taken = new Map<string, number>();
      for (const m of JSON.parse(u.moves) as { itemId: string | null; amount: number }[]) if (m.itemId && m.amount > 0) taken.set(m.itemId, (taken.get(m.itemId) ?? 0) + m.amount);
      for (const [itemId, amount] of taken) {
        const rows = byItem.get(itemId);
        const r = out.get(itemId) ?? (rows ? { ...rows, paymentId: rows.paymentId ?? u.paymentId, released: 0, parts: [] } : { itemId, released: 0, delta: 0, refundId: null, paymentId: u.paymentId, ...at, parts: [] });
        r.released += amount;
        r.parts.push({ key: u.id, released: amount });
        out.set(itemId, r);
      }
    }
    return [...out.values()].sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  }

  /** Books `amount` of the refund's release back on the item and charged to the payer (negative: a reversal, given back). */
  function book(id: string, entryId: string, r: Release, it: Item, amount: number, undoes: string | null): void {
    if (amount < 0) makeRoom(it.id, entryId);
    const ledger = stmt(`INSERT INTO ledger_entries (at, day, event, account, amount, currency, payer_id, enrollment_id, item_id, payment_id)
      VALUES (?, ?, 'refund_excess', ?, ?, ?, ?, ?, ?, ?)`);
    ledger.run(r.at, r.day, 'allocated', amount, it.currency, it.payer_id, it.enrollment_id, it.id, r.paymentId);
    stmt('UPDATE schedule_items SET paid_amount = paid_amount + ? WHERE id = ?').run(amount, it.id);
    ledger.run(r.at, r.day, 'credit', -amount, it.currency, it.payer_id, it.enrollment_id, null, r.paymentId);
    stmt(`INSERT INTO office_allocations (entry_id, item_id, payment_id, event, amount) VALUES (?, ?, ?, 'refund_excess', ?)`).run(entryId, it.id, r.paymentId, amount);
    stmt(`INSERT INTO office_adjustments (id, rule, entry_id, payment_id, refund_id, item_id, amount, currency, moves_json, undoes) VALUES (?, 'refund_excess', ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, entryId, r.paymentId, r.refundId, it.id, Math.abs(amount), it.currency, canonicalJson([{ itemId: null, amount: -amount }]), undoes);
  }

  function flag(entryId: string, r: Release, it: Item, owed: number): void {
    const entity = r.paymentId ? { type: 'payment', id: r.paymentId } : { type: 'schedule_item', id: it.id };
    stmt(`INSERT INTO office_conflicts (id, kind, entity_type, entity_id, detail_json, entry_id) VALUES (?, 'refunds_exceed_payment', ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
      .run(derivedId('cf', 'refunds_exceed_payment', entryId, it.id), entity.type, entity.id,
        canonicalJson({ refundId: r.refundId, paymentId: r.paymentId, itemId: it.id, payerId: it.payer_id, owed, currency: it.currency }), entryId);
  }

  /**
   * At the entry's place `cursor` in the office order (the entry `desk` wrote having seen the
   * order up to `seen`): what its refunds released beyond what each item held then. For a remote
   * entry, called before its rows are applied (the charge puts the money back on the item
   * first); for this desk's own entry when it comes back.
   */
  function settle(entryId: string, cursor: number, seen: number, desk: string, ops: readonly EntryOp[]): number {
    let made = 0;
    for (const r of releasesAt(entryId, ops)) {
      const it = item(r.itemId);
      if (!it) continue;
      const id = ids(entryId, it.id);
      const parts = r.parts.map((part) => ({ ...part, id: ids(entryId, it.id, part.key) }));
      if (done(id.charge) || parts.some((part) => done(part.id.reversal))) continue;
      const before = held(it.id, { before: cursor, except: entryId }) + held(it.id, { entry: entryId, event: 'adjustment' });
      const short = Math.min(Math.max(0, -(before + r.delta)), r.released);
      // (A provisional charge already here and nothing elsewhere cannot happen by the rule above; were it
      // so, it is still given back rather than left charged.)
      if (releasedElsewhere(it.id, seen, cursor, desk) || parts.some((part) => done(part.id.provisional))) {
        for (const part of parts) if (!done(part.id.provisional)) book(part.id.provisional, entryId, r, it, part.released, null);
        // What is owed is kept charged on the parts in order; the rest of each is given back.
        let owed = short;
        for (const part of parts) {
          const kept = Math.min(owed, part.released);
          owed -= kept;
          if (kept < part.released) book(part.id.reversal, entryId, r, it, -(part.released - kept), part.id.provisional);
        }
      } else if (short > 0) {
        book(id.charge, entryId, r, it, short, null);
      }
      if (short === 0) continue;
      flag(entryId, r, it, short);
      made += 1;
    }
    return made;
  }

  /**
   * Before money is taken off an item here by anything but this desk's own rows, at the place
   * of entry `atEntry` (null: the remote entry being applied now): each of this desk's own
   * refunds (and voids) of it that the office will order after that place posts its
   * provisional charge now, the rows every desk posts at that refund's place. (Rows posted
   * early at the place of one of this desk's own unordered entries concern only its later ones.)
   */
  function makeRoom(itemId: string, atEntry: string | null): number {
    const at = atEntry === null ? undefined : (stmt('SELECT desk, desk_seq AS deskSeq, cursor FROM office_entries WHERE id = ?').get(atEntry) as { desk: string; deskSeq: number; cursor: number | null } | undefined);
    const after = at && at.desk === ctx.deskId && at.cursor === null ? at.deskSeq : 0;
    const own = stmt(`SELECT DISTINCT e.id, e.desk_seq, e.body FROM office_entries e INDEXED BY office_entries_unordered JOIN office_allocations a ON a.entry_id = e.id
      WHERE e.desk = ? AND e.cursor IS NULL AND e.desk_seq > ? AND a.event IN ('refund', 'void', 'adjustment') AND a.amount < 0 AND a.item_id = ? ORDER BY e.desk_seq`).all(ctx.deskId, after, itemId) as { id: string; body: Buffer | null }[];
    let made = 0;
    for (const o of own) {
      if (!o.body) continue;
      const r = releasesAt(o.id, decodeEntry(new Uint8Array(o.body)).ops).find((x) => x.itemId === itemId);
      const it = item(itemId);
      if (!r || !it) continue;
      for (const part of r.parts) {
        const id = ids(o.id, itemId, part.key);
        if (done(id.provisional)) continue;
        book(id.provisional, o.id, r, it, part.released, null);
        made += 1;
      }
    }
    return made;
  }

  /** Before a remote entry's rows: every item they take money off makes room first. */
  function makeRoomForEntry(ops: readonly EntryOp[]): number {
    const released = new Set<string>();
    for (const op of ops) {
      if (op.k === 'row' && op.t === 'ledger_entries' && op.r.account === 'allocated' && Number(op.r.amount) < 0) released.add(String(op.r.item_id));
    }
    let made = 0;
    for (const itemId of [...released].sort()) made += makeRoom(itemId, null);
    return made;
  }

  return { settle, makeRoom, makeRoomForEntry };
}
