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

/** Records the entry that created an enrollment, payment or cancellation, or replaced the plan rules. */
export function noteOrigin(db: Database.Database, table: string, pk: string, entryId: string): void {
  stmtOf(db)('INSERT INTO office_row_origin (tbl, pk, entry_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(table, pk, entryId);
}

/** Whether an entry's ops give it an origin row (indexEntryRows below): what the flag and cancelled-enrollment rules start from. */
export const originatesRows = (ops: readonly EntryOp[]): boolean =>
  ops.some((op) => (op.k === 'row' && (op.t === 'enrollments' || op.t === 'payments' || op.t === 'cancellations'))
    || (op.t === 'plan_rules' && op.k !== 'set'));

/** Whether an entry's ops allocate a payment to an item (its `payment` allocation rows, indexEntryRows below): what the same-item rule starts from. */
export const allocatesPayment = (ops: readonly EntryOp[]): boolean =>
  ops.some((op) => op.k === 'row' && op.t === 'ledger_entries' && op.r.account === 'allocated' && op.r.event === 'payment');

/** Keeps what the conflict rules need of an entry's rows: allocations and origins. */
export function indexEntryRows(db: Database.Database, entryId: string, ops: readonly EntryOp[]): void {
  const alloc = stmtOf(db)('INSERT INTO office_allocations (entry_id, item_id, payment_id, event, amount) VALUES (?, ?, ?, ?, ?)');
  for (const op of ops) {
    if (op.k === 'row' && op.t === 'ledger_entries' && op.r.account === 'allocated') {
      alloc.run(entryId, op.r.item_id, op.r.payment_id ?? null, op.r.event, op.r.amount);
    } else if (op.k === 'row' && (op.t === 'enrollments' || op.t === 'payments' || op.t === 'cancellations')) {
      // A cancellation is noted by its own row (one per cancellation), never by the enrollment's
      // status: two desks cancelling one enrollment would leave each desk the one it noted first.
      noteOrigin(db, op.t, String(op.r.id), entryId);
    }
    // The plan rules are replaced as one list: the entry that does it is noted once.
    if (op.t === 'plan_rules' && op.k !== 'set') noteOrigin(db, 'plan_rules.replace', entryId, entryId);
  }
}
