import type Database from 'better-sqlite3';

/**
 * The rows every schema-step test starts from, written straight into an older store: product
 * `p1` (1000 USD), its full plan `l1`, payer `y1` and their enrollment `e1`, created at `ts`.
 */
export function insertOneEnrollment(db: Database.Database, ts: string): void {
  db.prepare(`INSERT INTO products (id, type, name, price, currency, created_at, updated_at) VALUES ('p1', 'course', 'One', 1000, 'USD', ?, ?)`).run(ts, ts);
  db.prepare(`INSERT INTO payment_plans (id, product_id, name, kind, currency, first_due_rule, created_at, updated_at) VALUES ('l1', 'p1', 'Full', 'full', 'USD', 'enrollment_date', ?, ?)`).run(ts, ts);
  db.prepare(`INSERT INTO payers (id, name, name_key, created_at, updated_at) VALUES ('y1', 'Y', 'y', ?, ?)`).run(ts, ts);
  db.prepare(`INSERT INTO enrollments (id, payer_id, product_id, plan_id, currency, enrolled_on, list_price, total_amount, created_at, updated_at) VALUES ('e1', 'y1', 'p1', 'l1', 'USD', '2025-01-01', 1000, 1000, ?, ?)`).run(ts, ts);
}
