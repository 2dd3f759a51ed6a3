import { newId } from '../../store/ids';
import type { PayerView } from '../../../shared/contract/payers';
import { notFound, refuseAs } from '../../core/errors';
import { sql } from '../../store/sql';
import { nameKey, payerCandidates, payerMatch, phoneDigits } from './payerMatch';
import type { Store } from '../../store/store';

type PayerRow = { id: string; name: string; email: string | null; phone: string | null; external_id: string | null; mail_opt_out: number; created_at: string };

const toView = (r: PayerRow): PayerView => ({ id: r.id, name: r.name, email: r.email, phone: r.phone, externalId: r.external_id, mailOptOut: r.mail_opt_out === 1, createdAt: r.created_at });

export { nameKey, phoneDigits };

export function findPayer(store: Store, id: string): PayerView | undefined {
  const row = store.get<PayerRow>(sql`SELECT * FROM payers WHERE id = ${id}`);
  return row && toView(row);
}

export function getPayer(store: Store, id: string): PayerView {
  const payer = findPayer(store, id);
  if (!payer) throw notFound('Payer', id);
  return payer;
}

export function insertPayer(store: Store, p: { name: string; email: string | null; phone: string | null; externalId: string | null; mailOptOut?: boolean }, at: Date): PayerView {
  if (p.externalId) {
    const other = store.get<{ id: string }>(sql`SELECT id FROM payers WHERE external_id = ${p.externalId}`);
    if (other) throw refuseAs('CONFLICT', 'payer.externalIdTaken', { externalId: p.externalId }, { payerId: other.id, field: 'payer.externalId' });
  }
  const id = newId('pyr');
  const ts = at.toISOString();
  store.run(sql`INSERT INTO payers (id, name, name_key, email, phone, phone_digits, external_id, mail_opt_out, created_at, updated_at)
    VALUES (${id}, ${p.name}, ${nameKey(p.name)}, ${p.email}, ${p.phone}, ${p.phone ? phoneDigits(p.phone) : null}, ${p.externalId}, ${p.mailOptOut ? 1 : 0}, ${ts}, ${ts})`);
  return getPayer(store, id);
}

export type PayerPatch = { name?: string | undefined; email?: string | null | undefined; phone?: string | null | undefined; mailOptOut?: boolean | undefined };

/** Changes the contact fields given; the search keys follow the name and phone. */
export function updatePayer(store: Store, id: string, patch: PayerPatch, at: Date): { before: PayerView; after: PayerView } {
  const before = getPayer(store, id);
  const name = patch.name ?? before.name;
  const email = patch.email === undefined ? before.email : patch.email;
  const phone = patch.phone === undefined ? before.phone : patch.phone;
  const optOut = patch.mailOptOut ?? before.mailOptOut;
  store.run(sql`UPDATE payers SET name = ${name}, name_key = ${nameKey(name)}, email = ${email}, phone = ${phone}, phone_digits = ${phone ? phoneDigits(phone) : null},
    mail_opt_out = ${optOut ? 1 : 0}, updated_at = ${at.toISOString()} WHERE id = ${id}`);
  return { before, after: getPayer(store, id) };
}

/** Everything that sorts at or after `prefix` and before the next possible prefix: an index range, no LIKE escaping. */
const upperBound = (prefix: string): string => `${prefix}\u{10FFFF}`;

/**
 * Prefix matches on name, email, phone digits and external id come from index ranges;
 * only when they leave room does a bounded `contains` scan on the name fill the list.
 */
export function searchPayers(store: Store, query: string, limit: number): PayerView[] {
  const q = nameKey(query.trim());
  if (q === '') return store.all<PayerRow>(sql`SELECT * FROM payers ORDER BY name_key, id LIMIT ${limit}`).map(toView);
  const digits = phoneDigits(q);
  const hi = upperBound(q);
  const prefix = store.all<PayerRow>(sql`SELECT * FROM payers WHERE id IN (
      SELECT id FROM payers WHERE name_key >= ${q} AND name_key < ${hi}
      UNION SELECT id FROM payers WHERE email >= ${q} AND email < ${hi}
      UNION SELECT id FROM payers WHERE external_id >= ${query.trim()} AND external_id < ${upperBound(query.trim())}
      UNION SELECT id FROM payers WHERE ${digits.length >= 3} AND phone_digits >= ${digits} AND phone_digits < ${upperBound(digits)}
    ) ORDER BY name_key, id LIMIT ${limit}`);
  if (prefix.length >= limit) return prefix.map(toView);
  const have = new Set(prefix.map((r) => r.id));
  // Then everything the one search rule finds (any word of the name, inside the email or
  // phone, a receipt number), as the Enrollments screen finds it.
  const few = payerCandidates(store, query);
  const contains = store.all<PayerRow>(sql`SELECT p.* FROM payers p WHERE ${few ? sql`p.id IN (${few}) AND ` : sql``}${payerMatch(query) ?? sql`0`}
    ORDER BY p.name_key, p.id LIMIT ${limit + have.size}`).filter((r) => !have.has(r.id));
  return [...prefix, ...contains].slice(0, limit).map(toView);
}
