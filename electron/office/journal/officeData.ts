import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { DESK_SETTINGS, journaledTables } from './tableKinds';

/**
 * Whether this desk holds any of the office's data (a user, a product, a payment, an audit
 * entry…): every journaled table is read. A fresh store holds none. A desk that joins an office
 * whose books another desk already seeded must hold none, or its books would never reach the
 * other desks and the office's would clash with them (two admins named alike, two ledgers).
 */
export function holdsOfficeData(store: Store): boolean {
  // Table names come from the classification, never from input. Desk settings stay on the desk.
  return journaledTables.some((table) =>
    table === 'settings'
      ? store.get(sql`SELECT 1 AS one FROM settings WHERE key NOT IN ${sql.in([...DESK_SETTINGS])} LIMIT 1`) !== undefined
      : store.get(sql`SELECT 1 AS one FROM ${sql.raw(table)} LIMIT 1`) !== undefined,
  );
}
