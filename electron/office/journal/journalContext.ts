import type Database from 'better-sqlite3';
import type { Store } from '../../store/store';
import type { EntryOp } from './entryFormat';
import type { OfficeClock } from './officeClock';

/** What the journal's parts share on one desk once it is in an office. */
export type JournalContext = {
  store: Store;
  db: Database.Database;
  deskId: string;
  clock: OfficeClock;
  now: () => Date;
  /** Cached statements of this connection. */
  stmt: (text: string) => Database.Statement;
};

/** A statement cache for SQL the journal builds from table and column names it has checked. */
export function statements(db: Database.Database): (text: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (text) => {
    let stmt = cache.get(text);
    if (!stmt) {
      stmt = db.prepare(text);
      cache.set(text, stmt);
    }
    return stmt;
  };
}

/** The highest hub cursor this desk holds: what a new entry says it had seen. */
export const lastCursor = (db: Database.Database): number =>
  (stmtOf(db)('SELECT coalesce(max(cursor), 0) AS n FROM office_entries').get() as { n: number }).n;

const cached = new WeakMap<Database.Database, (text: string) => Database.Statement>();
/** This connection's statement cache, for the free functions below (called once per applied entry). */
const stmtOf = (db: Database.Database): ((text: string) => Database.Statement) => {
  let s = cached.get(db);
  if (!s) {
    s = statements(db);
    cached.set(db, s);
  }
  return s;
};

/**
 * Records the entry that created an enrollment, payment, cancellation or Stripe subscription,
 * or replaced the plan rules. Returns whether it was noted (false: the row's origin was already another entry's).
 */
export function noteOrigin(db: Database.Database, table: string, pk: string, entryId: string): boolean {
  return stmtOf(db)('INSERT INTO office_row_origin (tbl, pk, entry_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(table, pk, entryId).changes > 0;
}

/** Text in SQLite's BINARY order (its bytes), as `ORDER BY` a TEXT column sorts. */
export const binaryOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * The rows an entry originated, by table (`office_row_origin` rows with its id), each list in
 * the order `ORDER BY pk` reads them. Applying knows them from what it just noted, so the
 * rules need not read them back; for this desk's own entry coming back they are read.
 */
export type Origins = ReadonlyMap<string, readonly string[]>;

/** What `office_row_origin` holds of this entry, read back (this desk's own entries, noted when they were written). */
export function originsOf(db: Database.Database, entryId: string): Origins {
  const out = new Map<string, string[]>();
  for (const r of stmtOf(db)('SELECT tbl, pk FROM office_row_origin WHERE entry_id = ? ORDER BY tbl, pk').all(entryId) as { tbl: string; pk: string }[]) {
    const list = out.get(r.tbl) ?? [];
    list.push(r.pk);
    out.set(r.tbl, list);
  }
  return out;
}

/** Whether an entry's ops give it an origin row (indexEntryRows below): what the flag and cancelled-enrollment rules start from. */
export const originatesRows = (ops: readonly EntryOp[]): boolean =>
  ops.some((op) => (op.k === 'row' && (op.t === 'enrollments' || op.t === 'payments' || op.t === 'cancellations' || op.t === 'stripe_subscriptions'))
    || (op.t === 'plan_rules' && op.k !== 'set'));

/** Whether an entry's ops allocate a payment to an item (its `payment` allocation rows, indexEntryRows below): what the same-item rule starts from. */
export const allocatesPayment = (ops: readonly EntryOp[]): boolean =>
  ops.some((op) => op.k === 'row' && op.t === 'ledger_entries' && op.r.account === 'allocated' && op.r.event === 'payment');

/**
 * Keeps what the conflict rules need of an entry's rows: allocations and origins. Returns the
 * origins it noted (as `originsOf` would read them back).
 */
export function indexEntryRows(db: Database.Database, entryId: string, ops: readonly EntryOp[]): Origins {
  const alloc = stmtOf(db)('INSERT INTO office_allocations (entry_id, item_id, payment_id, event, amount) VALUES (?, ?, ?, ?, ?)');
  const noted = new Map<string, string[]>();
  const note = (tbl: string, pk: string) => {
    if (!noteOrigin(db, tbl, pk, entryId)) return;
    const list = noted.get(tbl) ?? [];
    list.push(pk);
    noted.set(tbl, list);
  };
  for (const op of ops) {
    if (op.k === 'row' && op.t === 'ledger_entries' && op.r.account === 'allocated') {
      alloc.run(entryId, op.r.item_id, op.r.payment_id ?? null, op.r.event, op.r.amount);
    } else if (op.k === 'row' && (op.t === 'enrollments' || op.t === 'payments' || op.t === 'cancellations' || op.t === 'stripe_subscriptions')) {
      // A cancellation is noted by its own row (one per cancellation), never by the enrollment's
      // status: two desks cancelling one enrollment would leave each desk the one it noted first.
      note(op.t, String(op.r.id));
    }
    // The plan rules are replaced as one list: the entry that does it is noted once.
    if (op.t === 'plan_rules' && op.k !== 'set') note('plan_rules.replace', entryId);
  }
  for (const list of noted.values()) list.sort(binaryOrder);
  return noted;
}

/**
 * The payment allocations an entry's own rows made, per item and payment, as the same-item
 * rule reads them from `office_allocations` (indexEntryRows above wrote them from these ops;
 * the rules' rows at its place are adjustments, never payments): summed, only those that put
 * money on, ordered by item then payment.
 */
export function paymentAllocations(ops: readonly EntryOp[]): { itemId: string; paymentId: string; amount: number }[] {
  const sums = new Map<string, { itemId: string; paymentId: string; amount: number }>();
  for (const op of ops) {
    if (op.k !== 'row' || op.t !== 'ledger_entries' || op.r.account !== 'allocated' || op.r.event !== 'payment' || op.r.payment_id == null) continue;
    const itemId = String(op.r.item_id);
    const paymentId = String(op.r.payment_id);
    const key = JSON.stringify([itemId, paymentId]);
    const held = sums.get(key) ?? { itemId, paymentId, amount: 0 };
    held.amount += Number(op.r.amount);
    sums.set(key, held);
  }
  return [...sums.values()].filter((p) => p.amount > 0).sort((a, b) => binaryOrder(a.itemId, b.itemId) || binaryOrder(a.paymentId, b.paymentId));
}
