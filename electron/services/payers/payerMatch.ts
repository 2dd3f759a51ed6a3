import { sql } from '../../store/sql';
import type { SqlQuery } from '../../store/sql';
import type { Store } from '../../store/store';

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

/** A key of the gram index: one trigram, or every gram that begins with a one- or two-character piece. */
type GramKey = { from: string; to: string | null };

/** Past this many index rows a key is not rare: so many payers are better found by a scan that stops early. */
const RARE = 2000;
/** A key this rare is good enough: stop looking for a rarer one. */
const RARE_ENOUGH = 64;

/** Keys every field holding `piece` has in `payer_grams` (migration 0025). Characters, not UTF-16 units, as SQLite's substr counts them. */
function gramKeys(piece: string): GramKey[] {
  const chars = Array.from(piece);
  if (chars.length < 3) return [{ from: piece, to: `${piece}\u{10FFFF}` }];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
  return [...grams].map((g) => ({ from: g, to: null }));
}

const keyRows = (k: GramKey): SqlQuery => (k.to === null ? sql`SELECT payer_id FROM payer_grams WHERE gram = ${k.from}` : sql`SELECT payer_id FROM payer_grams WHERE gram >= ${k.from} AND gram < ${k.to}`);

/** The key with the fewest index rows (counted only up to RARE), or null when none is rare. */
function rarestKey(store: Store, keys: GramKey[]): GramKey | null {
  let best: { key: GramKey; n: number } | null = null;
  for (const key of keys) {
    const n = store.get<{ n: number }>(sql`SELECT count(*) AS n FROM (${keyRows(key)} LIMIT ${RARE})`)?.n ?? RARE;
    if (!best || n < best.n) best = { key, n };
    if (n <= RARE_ENOUGH) break;
  }
  return best && best.n < RARE ? best.key : null;
}

/**
 * Ids of payers that include every payer `payerMatch(query)` finds, read from the gram index
 * (migration 0025) instead of every payer's row: the holders of the rarest gram of a word typed
 * (a match by name, email or student id holds every word's grams), of the digits typed (a match
 * by phone) and the payer of a receipt with that number. A superset: always combine it with
 * `payerMatch`, which decides. Null when nothing was typed or no gram is rare, so many payers
 * match that a scan finds enough of them sooner.
 */
export function payerCandidates(store: Store, query: string): SqlQuery | null {
  const text = query.trim();
  const q = nameKey(text);
  if (q === '') return null;
  // Longer words first: their grams tend to be the rarer.
  const words = [...new Set(q.split(/\s+/).filter(Boolean))].sort((a, b) => b.length - a.length);
  const byWord = rarestKey(store, words.flatMap(gramKeys));
  if (!byWord) return null;
  const parts = [keyRows(byWord)];
  const digits = phoneDigits(q);
  if (digits.length >= 3) {
    const byPhone = rarestKey(store, gramKeys(digits));
    if (!byPhone) return null;
    parts.push(keyRows(byPhone));
  }
  parts.push(sql`SELECT pm.payer_id FROM receipts r JOIN payments pm ON pm.id = r.payment_id WHERE r.number = ${text.toUpperCase()}`);
  return sql.join(parts, ' UNION ');
}
