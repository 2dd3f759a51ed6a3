import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNIQUE_VALUES, journaledTables, tableKinds } from '../../../electron/office/journal/tableKinds';
import { openStore } from '../../../electron/store/store';
import { tempDir } from '../../support/core';

describe('office table classification', () => {
  it('names every table of the schema, and only those', () => {
    const dir = tempDir();
    const store = openStore({ file: join(dir, 'bursar.sqlite') });
    try {
      const tables = (store.raw.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
      const unclassified = tables.filter((t) => !(t in tableKinds));
      // A new table must say whether it is an office fact, an office field, derived or per desk (electron/office/journal/tableKinds.ts).
      expect(unclassified).toEqual([]);
      expect(Object.keys(tableKinds).sort()).toEqual(tables);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('values unique across the office', () => {
  it('every single-column unique index of a journaled table is settled on apply or named here as safe', () => {
    // Receipt numbers carry the desk code; a receipt and a Stripe invoice row name one payment of
    // their own desk; a late fee's id follows from the item it is for, so two desks' fees for one
    // item are one row (itemPlaces.ts, officeLateFees.test.ts); drawer sessions are one desk's;
    // plan rule positions are replaced as one list (the later list wins). One live Stripe
    // subscription per enrollment is no longer a unique index (0029: flagged instead).
    // Refund receipts are numbered in their desk's own series and made once per refund operation.
    const safe = new Set(['receipts.number', 'receipts.payment_id', 'refund_receipts.number', 'refund_receipts.operation_id', 'stripe_invoices.payment_id', 'drawer_sessions.desk_code',
      'plan_rules.position', 'schedule_items.fee_for_item_id']);
    const dir = tempDir();
    const store = openStore({ file: join(dir, 'bursar.sqlite') });
    try {
      const missing: string[] = [];
      for (const table of journaledTables) {
        const indexes = store.raw.prepare(`SELECT name FROM pragma_index_list(?) WHERE "unique" = 1 AND origin <> 'pk'`).all(table) as { name: string }[];
        for (const ix of indexes) {
          const cols = (store.raw.prepare('SELECT name FROM pragma_index_info(?)').all(ix.name) as { name: string }[]).map((c) => c.name);
          if (cols.length !== 1) continue;
          const key = `${table}.${cols[0]}`;
          if (!safe.has(key) && !(UNIQUE_VALUES[table] ?? []).includes(cols[0] ?? '')) missing.push(key);
        }
      }
      expect(missing).toEqual([]);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
