import { sql } from '../../store/sql';
import type { SqlQuery } from '../../store/sql';

export const nameKey = (name: string): string => name.normalize('NFKC').toLowerCase();
export const phoneDigits = (phone: string): string => phone.replace(/\D/g, '');

/**
 * The one rule by which every screen finds a payer (student): the Cashier, Enroll and
 * Enrollments → "Find student" (issue 17, bug 6). Case-insensitive; a payer matches when
 * every word typed is inside the name (so a surname or any first name finds them), or the
 * text is inside the email, begins the student id (external id), is three or more digits
 * inside the phone number, or is a receipt number of one of their payments.
 * A condition on `payers p`; null when nothing was typed.
 */
export function payerMatch(query: string): SqlQuery | null {
  const text = query.trim();
  const q = nameKey(text);
  if (q === '') return null;
  const words = q.split(/\s+/).filter(Boolean);
  const digits = phoneDigits(q);
  const name = sql.join(words.map((w) => sql`instr(p.name_key, ${w}) > 0`), ' AND ', '1 = 1');
  return sql`((${name})
    OR instr(coalesce(p.email, ''), ${q}) > 0
    OR instr(lower(coalesce(p.external_id, '')), ${q}) = 1
    OR (${digits.length >= 3} AND instr(coalesce(p.phone_digits, ''), ${digits}) > 0)
    OR p.id IN (SELECT pm.payer_id FROM receipts r JOIN payments pm ON pm.id = r.payment_id WHERE r.number = ${text.toUpperCase()}))`;
}
