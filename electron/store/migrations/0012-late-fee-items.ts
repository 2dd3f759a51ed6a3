import type { Migration } from '../migrationTypes';

/**
 * Posted late fees are schedule items of their own: kind `late_fee`, linked to the overdue
 * item they are for by `fee_for_item_id`, so they are owed, allocated, waived, reported and
 * verified exactly like any other item. SQLite cannot widen a CHECK in place, so
 * `schedule_items` is rebuilt: copy out, drop, create, copy in, inside this migration's one
 * transaction, with `defer_foreign_keys` (see 0010) letting the drop count the items'
 * children (ledger rows, billing retries) as violations that the copy-in clears again.
 *
 * - rowids are copied as they were: `schedules:list` pages by (due_date, rowid) and a cursor
 *   handed out before the upgrade must still point at the same place;
 * - the totals triggers of 0005 are created after the copy-in, so `item_totals` and
 *   `payer_outstanding` (already equal to the rows) are not counted twice;
 * - every index of 0002 and 0008 and every trigger of 0005 is recreated as it was;
 * - one fee per item: a unique partial index on `fee_for_item_id`, which also serves the
 *   "is a fee already posted for this item" lookups of the list and the posting.
 */
export const m0012: Migration = {
  version: 12,
  name: 'late-fee-items',
  sql: `
PRAGMA defer_foreign_keys = ON;
-- With foreign keys on, the DROP deletes row by row and looks up each item's ledger rows, and
-- while violations are outstanding each copied-in item looks them up again to clear them.
-- ledger_entries has no index on item_id (every payment would pay for it), so without this
-- one each lookup is a scan of the whole ledger: quadratic, hours on a 1M-payment store.
CREATE INDEX migrate_0012_ledger_item ON ledger_entries (item_id) WHERE item_id IS NOT NULL;

CREATE TABLE migrate_0012_schedule_items AS SELECT rowid AS old_rowid, * FROM schedule_items;
DROP TABLE schedule_items;

CREATE TABLE schedule_items (
  id TEXT PRIMARY KEY,
  enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
  -- copied from the enrollment so the admin table filters without a join
  product_id TEXT NOT NULL REFERENCES products (id),
  payer_id TEXT NOT NULL REFERENCES payers (id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  kind TEXT NOT NULL CHECK (kind IN ('full', 'deposit', 'installment', 'period', 'late_fee')),
  due_date TEXT NOT NULL,
  original_due_date TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0 AND amount <= 1000000000),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'paused', 'waived', 'cancelled')),
  state_reason TEXT,
  paused_on TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  paid_amount INTEGER NOT NULL DEFAULT 0 CHECK (paid_amount >= 0),
  -- the overdue item a late fee is for; set exactly on late fees
  fee_for_item_id TEXT REFERENCES schedule_items (id),
  UNIQUE (enrollment_id, seq),
  CHECK ((state = 'paused') = (paused_on IS NOT NULL)),
  CHECK ((kind = 'late_fee') = (fee_for_item_id IS NOT NULL))
) STRICT;
-- Before the copy-in for the same reason: the new table is its own child through
-- fee_for_item_id, so each copied-in item looks for fees pointing at it (none yet).
CREATE UNIQUE INDEX schedule_items_fee_for ON schedule_items (fee_for_item_id) WHERE fee_for_item_id IS NOT NULL;
INSERT INTO schedule_items (rowid, id, enrollment_id, product_id, payer_id, seq, kind, due_date, original_due_date, amount, currency, state,
    state_reason, paused_on, created_at, updated_at, paid_amount, fee_for_item_id)
  SELECT old_rowid, id, enrollment_id, product_id, payer_id, seq, kind, due_date, original_due_date, amount, currency, state,
    state_reason, paused_on, created_at, updated_at, paid_amount, NULL
  FROM migrate_0012_schedule_items ORDER BY old_rowid;
DROP TABLE migrate_0012_schedule_items;

CREATE INDEX schedule_items_state_due ON schedule_items (state, due_date);
CREATE INDEX schedule_items_product_state_due ON schedule_items (product_id, state, due_date);
CREATE INDEX schedule_items_payer ON schedule_items (payer_id, due_date);
CREATE INDEX schedule_items_due ON schedule_items (due_date);
CREATE INDEX schedule_items_unpaid_due ON schedule_items (state, due_date) WHERE paid_amount = 0;
DROP INDEX migrate_0012_ledger_item;

CREATE TRIGGER schedule_items_totals_insert AFTER INSERT ON schedule_items
BEGIN
  INSERT INTO item_totals (due_date, product_id, currency, state, paid_class, items, amount, paid)
  VALUES (NEW.due_date, NEW.product_id, NEW.currency, NEW.state,
    CASE WHEN NEW.paid_amount = 0 THEN 'zero' WHEN NEW.paid_amount < NEW.amount THEN 'partial' ELSE 'full' END, 1, NEW.amount, NEW.paid_amount)
  ON CONFLICT (state, due_date, product_id, currency, paid_class) DO UPDATE SET items = items + excluded.items, amount = amount + excluded.amount, paid = paid + excluded.paid;
  INSERT INTO payer_outstanding (payer_id, currency, amount)
  SELECT NEW.payer_id, NEW.currency, (NEW.amount - NEW.paid_amount) WHERE NEW.state IN ('open', 'paused') AND NEW.paid_amount < NEW.amount
  ON CONFLICT (payer_id, currency) DO UPDATE SET amount = amount + excluded.amount;
END;
CREATE TRIGGER schedule_items_totals_update AFTER UPDATE OF due_date, product_id, payer_id, currency, state, amount, paid_amount ON schedule_items
BEGIN
  INSERT INTO item_totals (due_date, product_id, currency, state, paid_class, items, amount, paid)
  VALUES (OLD.due_date, OLD.product_id, OLD.currency, OLD.state,
    CASE WHEN OLD.paid_amount = 0 THEN 'zero' WHEN OLD.paid_amount < OLD.amount THEN 'partial' ELSE 'full' END, -1, -OLD.amount, -OLD.paid_amount)
  ON CONFLICT (state, due_date, product_id, currency, paid_class) DO UPDATE SET items = items + excluded.items, amount = amount + excluded.amount, paid = paid + excluded.paid;
  INSERT INTO item_totals (due_date, product_id, currency, state, paid_class, items, amount, paid)
  VALUES (NEW.due_date, NEW.product_id, NEW.currency, NEW.state,
    CASE WHEN NEW.paid_amount = 0 THEN 'zero' WHEN NEW.paid_amount < NEW.amount THEN 'partial' ELSE 'full' END, 1, NEW.amount, NEW.paid_amount)
  ON CONFLICT (state, due_date, product_id, currency, paid_class) DO UPDATE SET items = items + excluded.items, amount = amount + excluded.amount, paid = paid + excluded.paid;
  INSERT INTO payer_outstanding (payer_id, currency, amount)
  SELECT OLD.payer_id, OLD.currency, -(OLD.amount - OLD.paid_amount) WHERE OLD.state IN ('open', 'paused') AND OLD.paid_amount < OLD.amount
  ON CONFLICT (payer_id, currency) DO UPDATE SET amount = amount + excluded.amount;
  INSERT INTO payer_outstanding (payer_id, currency, amount)
  SELECT NEW.payer_id, NEW.currency, (NEW.amount - NEW.paid_amount) WHERE NEW.state IN ('open', 'paused') AND NEW.paid_amount < NEW.amount
  ON CONFLICT (payer_id, currency) DO UPDATE SET amount = amount + excluded.amount;
END;
CREATE TRIGGER schedule_items_no_delete_totals BEFORE DELETE ON schedule_items
BEGIN SELECT RAISE(ABORT, 'schedule items are cancelled, never deleted'); END;
`,
};
