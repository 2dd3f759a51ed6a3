import { isChannel } from '../../../shared/contract';
import { sql } from '../../store/sql';
import type { SqlValue } from '../../store/sql';
import type { Store } from '../../store/store';
import type { ApplyOutcome, IncomingEntry, OfficeJournal, OfficeSnapshots, OutgoingEntry } from '../journalPort';
import { createOpApplier } from './applyOps';
import { installCapture } from './captureTriggers';
import { decodeEntry } from './entryFormat';
import type { EntryOp } from './entryFormat';
import { createCancelledEnrollmentRule } from './cancelledEnrollment';
import { createFlagRules } from './flagRules';
import { foldCapture, writeOwnEntry } from './foldCapture';
import { allocatesPayment, indexEntryRows, originatesRows, originsOf, statements } from './journalContext';
import type { JournalContext, Origins } from './journalContext';
import { createOfficeClock } from './officeClock';
import { createRefundExcessRule } from './refundExcess';
import { createSameItemRule } from './sameItemPaid';
import { seedOps } from './seedEntry';
import { encodeEntry } from './entryFormat';
import { hasUnorderedOwn, restoreSnapshot, snapshotLines } from './officeSnapshot';
import { journaledTables } from './tableKinds';

/** The desk side of the office journal, plus what the desk needs to join and inspect it. */
export type DeskJournal = OfficeJournal & {
  /** This desk's id in its office, or null when the desk is not in one. */
  deskId(): string | null;
  /**
   * Makes this desk a desk of `officeId`. The office's first desk passes `seed: true`: its
   * books so far become its first entry, which every other desk applies before anything
   * else. A later desk joins empty and applies the office's entries (or a snapshot).
   * Books too large for one entry are not written as one: `seedBySnapshot` is then true and
   * the office's first snapshot (through cursor 0) must carry them (the transport's half).
   */
  join(input: { officeId: string; deskId: string; seed: boolean }): { seedBySnapshot: boolean };
  snapshots: OfficeSnapshots;
  close(): void;
};

/** Which change notices an applied table calls for (screens re-read on these). */
const NOTICES: Record<string, string> = {
  payments: 'payments:recordManual',
  ledger_entries: 'payments:recordManual',
  refunds: 'refunds:create',
  enrollments: 'enrollments:create',
  schedule_items: 'schedules:update',
  products: 'products:update',
  payers: 'payers:update',
  settings: 'settings:update',
  users: 'users:update',
};

export function createOfficeJournal(store: Store, options: { now: () => Date; /** Rows above which the first desk seeds by snapshot (default SEED_ENTRY_MAX_ROWS; tests lower it). */ seedEntryMaxRows?: number }): DeskJournal {
  const db = store.raw;
  let capturing = true;
  db.function('office_capturing', { deterministic: false }, () => (capturing ? 1 : 0));

  let ctx: JournalContext | null = null;
  type Rules = {
    applier: ReturnType<typeof createOpApplier>;
    sameItem: ReturnType<typeof createSameItemRule>;
    flags: ReturnType<typeof createFlagRules>;
    cancelled: ReturnType<typeof createCancelledEnrollmentRule>;
    refunds: ReturnType<typeof createRefundExcessRule>;
  };
  let rules: Rules | null = null;
  let removeHook: (() => void) | null = null;

  function start(row: { desk_id: string; clock: string }): JournalContext {
    const c: JournalContext = { store, db, deskId: row.desk_id, clock: createOfficeClock(row.clock, row.desk_id), now: options.now, stmt: statements(db) };
    installCapture(db);
    removeHook = store.beforeCommit(() => {
      if (capturing) foldCapture(c);
    });
    // Rules that take money off an item here let this desk's own unordered refunds of it make room first.
    const refunds = createRefundExcessRule(c);
    const sameItem = createSameItemRule(c, refunds.makeRoom);
    rules = { applier: createOpApplier(c), sameItem, flags: createFlagRules(c), cancelled: createCancelledEnrollmentRule(c, sameItem, refunds.makeRoom), refunds };
    ctx = c;
    return c;
  }

  const held = store.get<{ desk_id: string; clock: string }>(sql`SELECT desk_id, clock FROM office_desk WHERE one = 1`);
  if (held) start(held);

  const requireCtx = (): JournalContext => {
    if (!ctx) throw new Error('This desk is not in an office');
    return ctx;
  };

  /**
   * Rule 3 and the flags, for an entry that has just taken its place `cursor` in the office
   * order. Each rule reads only the allocation or origin rows the entry's own ops made
   * (indexEntryRows), so an entry that made none (a field edit, a payer) asks nothing.
   */
  function evaluate(entryId: string, cursor: number, seen: number, desk: string, ops: readonly EntryOp[], origins: () => Origins): number {
    if (!rules) return 0;
    let made = allocatesPayment(ops) ? rules.sameItem.settle(entryId, cursor, ops) : 0;
    if (originatesRows(ops)) {
      const o = origins();
      made += rules.flags.evaluate(entryId, cursor, seen, o) + rules.cancelled.evaluate(entryId, cursor, seen, desk, o);
    }
    return made;
  }

  return {
    deskId: () => ctx?.deskId ?? null,

    join({ officeId, deskId, seed }) {
      if (ctx) throw new Error('This desk is already in an office');
      return store.transaction(() => {
        const clock = createOfficeClock(null, deskId);
        store.run(sql`INSERT INTO office_desk (one, office_id, desk_id, clock, joined_at) VALUES (1, ${officeId}, ${deskId}, ${clock.value()}, ${options.now().toISOString()})`);
        const c = start({ desk_id: deskId, clock: clock.value() });
        if (!seed) return { seedBySnapshot: false };
        if (officeRows(c) > (options.seedEntryMaxRows ?? SEED_ENTRY_MAX_ROWS)) return { seedBySnapshot: true };
        const ops = seedOps(c);
        if (ops.length === 0) return { seedBySnapshot: false };
        if (encodeEntry({ v: 1, seen: 0, at: options.now().toISOString(), ops }).length > SEED_ENTRY_MAX_BYTES) return { seedBySnapshot: true };
        writeSeed(c, ops);
        return { seedBySnapshot: false };
      });
    },

    snapshots: {
      lines(reader, header) {
        const c = requireCtx();
        if (hasUnorderedOwn(reader, c.deskId)) return null;
        return snapshotLines(reader, { ...header, desk: c.deskId });
      },
      startsEmpty() {
        const c = ctx;
        return c !== null && c.stmt('SELECT 1 FROM office_entries WHERE desk <> ? LIMIT 1').get(c.deskId) === undefined;
      },
      restore(lines, expected) {
        const c = requireCtx();
        capturing = false;
        try {
          const r = restoreSnapshot(db, lines, { ...expected, deskId: c.deskId });
          if (r.maxHlc) c.clock.recv(r.maxHlc);
          c.stmt('UPDATE office_desk SET clock = ? WHERE one = 1').run(c.clock.value());
          return { rows: r.rows, split: r.split };
        } finally {
          capturing = true;
        }
      },
    },

    unsent(limit) {
      const c = ctx;
      if (!c) return [];
      // INDEXED BY: left to itself the planner takes the UNIQUE index on cursor for `cursor IS
      // NULL` as if it matched one row, and walks every unordered entry (bodies and all) on each
      // call: a desk with 20,000 entries not yet back from the hub spent most of each mutation here.
      return (c.stmt(`SELECT id, desk, desk_seq AS deskSeq, body FROM office_entries INDEXED BY office_entries_unsent WHERE desk = ? AND cursor IS NULL AND sent_cursor IS NULL ORDER BY desk_seq LIMIT ?`)
        .all(c.deskId, Math.max(0, Math.trunc(limit))) as { id: string; desk: string; deskSeq: number; body: Buffer }[])
        .map((r): OutgoingEntry => ({ id: r.id, desk: r.desk, deskSeq: r.deskSeq, body: new Uint8Array(r.body) }));
    },

    unsentCount() {
      const c = ctx;
      if (!c) return 0;
      return (c.stmt('SELECT count(*) AS n FROM office_entries INDEXED BY office_entries_unsent WHERE desk = ? AND cursor IS NULL AND sent_cursor IS NULL').get(c.deskId) as { n: number }).n;
    },

    markSent(acks) {
      const c = requireCtx();
      store.transaction(() => {
        for (const a of acks) c.stmt('UPDATE office_entries SET sent_cursor = ? WHERE id = ? AND desk = ? AND sent_cursor IS NULL').run(a.cursor, a.id, c.deskId);
      });
    },

    applyPage(entries: readonly IncomingEntry[]): ApplyOutcome {
      const c = requireCtx();
      const r = rules;
      if (!r) throw new Error('office journal is not started');
      const outcome = { applied: 0, skipped: 0, conflicts: 0 };
      const touched = new Set<string>();
      // This desk's voids the office has not ordered yet, read and decoded once a page (applying
      // writes no entry of its own; one leaves the list when it comes back and is ordered).
      let unorderedVoids: UnorderedVoid[] | null = null;
      // Each desk's next entry number, read once a page: the page's own inserts move it on.
      const nextSeq = new Map<string, number>();
      const page = () => {
        capturing = false;
        r.applier.beginPage();
        try {
          for (const e of entries) {
            // What the entry was doing, for the error only (summarized when one is thrown).
            let stage: { doing: string; ops: readonly EntryOp[] } = { doing: 'reading', ops: [] };
            try {
              const known = c.stmt('SELECT desk, cursor, seen, body FROM office_entries WHERE id = ?').get(e.id) as
                { desk: string; cursor: number | null; seen: number; body: Buffer | null } | undefined;
              if (known) {
                if (known.cursor === null && known.desk === c.deskId) {
                  // This desk's own entry back from the hub: it takes its place in the office order now.
                  c.stmt('UPDATE office_entries SET cursor = ?, sent_cursor = ? WHERE id = ?').run(e.cursor, e.cursor, e.id);
                  const ops = known.body ? decodeEntry(new Uint8Array(known.body)).ops : [];
                  stage = { doing: "ordering this desk's own entry", ops };
                  outcome.conflicts += r.sameItem.undoOnVoid(e.id, e.cursor, known.seen, ops) + r.refunds.settle(e.id, e.cursor, known.seen, c.deskId, ops) + evaluate(e.id, e.cursor, known.seen, known.desk, ops, () => originsOf(db, e.id));
                  unorderedVoids = (unorderedVoids ?? readUnorderedVoids(c)).filter((v) => v.id !== e.id);
                  outcome.conflicts += undoForUnorderedVoids(unorderedVoids, r.sameItem);
                }
                outcome.skipped += 1;
                continue;
              }
              if (e.desk === c.deskId) throw new Error(`entry ${e.id} claims to be this desk's but this desk never wrote it`);
              // A desk's entries apply in the order it wrote them, none missing (rows of one refer to rows of the one before).
              const next = nextSeq.get(e.desk) ?? (c.stmt('SELECT coalesce(max(desk_seq), 0) + 1 AS n FROM office_entries WHERE desk = ?').get(e.desk) as { n: number }).n;
              if (e.deskSeq !== next) throw new Error(`entry ${e.id} is number ${e.deskSeq} of desk ${e.desk}, but its next is ${next}`);
              const body = decodeEntry(e.body);
              stage = { doing: 'applying', ops: body.ops };
              // Rows that put money back on an item go on before the entry's rows take it off.
              outcome.conflicts += r.sameItem.undoOnVoid(e.id, e.cursor, body.seen, body.ops, false) + r.refunds.settle(e.id, e.cursor, body.seen, e.desk, body.ops);
              r.sameItem.postDeferredRows();
              r.refunds.makeRoomForEntry(body.ops);
              outcome.conflicts += r.applier.apply(body.ops, e.desk, e.id).flagged;
              c.stmt('INSERT INTO office_entries (id, desk, desk_seq, cursor, sent_cursor, seen, body, created_at) VALUES (?, ?, ?, ?, NULL, ?, NULL, ?)')
                .run(e.id, e.desk, e.deskSeq, e.cursor, body.seen, body.at);
              nextSeq.set(e.desk, e.deskSeq + 1);
              const origins = indexEntryRows(db, e.id, body.ops);
              outcome.conflicts += evaluate(e.id, e.cursor, body.seen, e.desk, body.ops, () => origins);
              for (const op of body.ops) touched.add(op.t);
              outcome.applied += 1;
            } catch (error) {
              // Which entry, from which desk, doing what: the Status screen and the log say where the office stopped.
              throw new Error(`entry ${e.deskSeq} of desk ${e.desk} at position ${e.cursor}, ${stage.doing}${stage.ops.length > 0 ? ` (${summarize(stage.ops)})` : ''}: ${(error as Error).message}`, { cause: error });
            }
          }
          c.stmt('UPDATE office_desk SET clock = ? WHERE one = 1').run(c.clock.value());
        } finally {
          capturing = true;
        }
      };
      // The caller's transaction (the puller's, which saves the cursor with the page) is the
      // page's: nested, the page would be a SAVEPOINT, and SQLite then keeps every page it
      // touches in a sub-journal that each statement's end walks, so a page of 500 entries
      // cost time growing with its square. A throw rolls the caller's transaction back.
      if (db.inTransaction) page();
      else store.transaction(page);
      const channels = [...new Set([...touched].map((t) => NOTICES[t]).filter((ch): ch is string => ch !== undefined && isChannel(ch)))].sort();
      return { ...outcome, channels };
    },

    close() {
      removeHook?.();
      removeHook = null;
    },
  };
}

/** The kinds of rows an entry writes, for an error that says where applying stopped. */
function summarize(ops: readonly EntryOp[]): string {
  const kinds = new Map<string, number>();
  for (const op of ops) {
    const key = op.k === 'row' && op.t === 'ledger_entries' ? `ledger ${String(op.r.event)}` : `${op.t} ${op.k}`;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  return [...kinds].map(([k, n]) => `${k}×${n}`).join(', ');
}

type UnorderedVoid = { id: string; seen: number; ops: readonly EntryOp[] };

/** This desk's entries with voids that the office has not ordered yet, in the order it wrote them, decoded. */
function readUnorderedVoids(c: JournalContext): UnorderedVoid[] {
  const pending = c.stmt(`SELECT DISTINCT e.id, e.desk_seq, e.seen, e.body FROM office_entries e INDEXED BY office_entries_unordered JOIN office_allocations a ON a.entry_id = e.id
    WHERE e.desk = ? AND e.cursor IS NULL AND a.event = 'void' ORDER BY e.desk_seq`).all(c.deskId) as { id: string; seen: number; body: Buffer | null }[];
  return pending.flatMap((p) => (p.body ? [{ id: p.id, seen: p.seen, ops: decodeEntry(new Uint8Array(p.body)).ops }] : []));
}

/**
 * A void this desk wrote before it knew that the office order would adjust the payment (the
 * payment's own entry had not come back yet) already took the original allocation off the
 * item here. Once the adjustment is known, the undo every desk will post at the void's place
 * in the order (same rows, same id) is posted here at once, so this desk's items never hold
 * less than nothing meanwhile; when the void comes back the undo is found done.
 */
function undoForUnorderedVoids(pending: readonly UnorderedVoid[], sameItem: ReturnType<typeof createSameItemRule>): number {
  let made = 0;
  for (const p of pending) made += sameItem.undoOnVoid(p.id, Number.MAX_SAFE_INTEGER, p.seen, p.ops);
  return made;
}

/**
 * The seed entry is for a small office: one entry travels whole and the hub takes at most 256
 * KiB sealed. Larger books (a school's years of payments) seed the office as its first snapshot.
 */
const SEED_ENTRY_MAX_ROWS = 2000;
const SEED_ENTRY_MAX_BYTES = 150_000;

/** How many rows of office data this desk holds (its seed's size, before building it). */
function officeRows(c: JournalContext): number {
  let n = 0;
  // Table names come from the classification, never from input.
  for (const table of journaledTables) n += (c.stmt(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return n;
}

function writeSeed(c: JournalContext, ops: EntryOp[]): void {
  // Field clocks of the seeded settings, so a later write anywhere wins over the seed.
  for (const op of ops) if (op.k === 'set') c.stmt('INSERT OR REPLACE INTO office_field_clock (tbl, pk, col, hlc) VALUES (?, ?, ?, ?)').run(op.t, JSON.stringify(op.pk as SqlValue[]), op.c, op.h);
  writeOwnEntry(c, ops);
}
