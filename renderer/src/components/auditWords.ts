import { systemActorOf } from '../../../shared/auditActions';
import type { OutputOf } from '../../../shared/contract';
import { catalogs, currentLocale, t } from '../i18n';
import type { MessageId } from '../i18n';
import { methodLabel, statusLabel } from '../i18n/labels';

/**
 * An audit entry in the office's words: its action, record type and system actor by the
 * catalogs (`auditAction.*`, `auditEntity.*`, `auditActor.*`), its before/after as short
 * "field: old → new" lines. The stored codes never change (the chain hashes them); a code the
 * catalogs lack (a newer desk of the office wrote it) shows as it is.
 */
type Entry = OutputOf<'audit:list'>['entries'][number];

const known = (id: string): id is MessageId => Object.prototype.hasOwnProperty.call(catalogs.en, id);
const wordsOr = (id: string, fallback: string): string => (known(id) ? t(id) : fallback);

export const auditActionWords = (code: string): string => wordsOr(`auditAction.${code}`, code);
export const auditEntityWords = (type: string): string => wordsOr(`auditEntity.${type}`, type);

/** A person's username as stored; the core's own work (late fees, Stripe, the desk itself: no user) in words. */
export const auditActorWords = (name: string, bySystem: boolean): string => {
  const key = bySystem ? systemActorOf(name) : null;
  return key ? wordsOr(`auditActor.${key}`, name) : name;
};

/** How the screen formats what it knows to be money or a date, in the office's locale and zone. */
export type AuditFormats = {
  money: (amount: number, currency: string) => string;
  date: (day: string) => string;
  dateTime: (at: string) => string;
  defaultCurrency: string;
};

/** Fields holding integer minor units of the entry's currency. */
const MONEY = new Set([
  'amount', 'price', 'listPrice', 'discountAmount', 'totalAmount', 'total', 'refund', 'outstanding', 'paid', 'floatCarried', 'floatKept',
  'creditedToPayer', 'expectedCash', 'countedCash', 'overShort', 'openingFloat', 'creditApplied', 'creditCreated', 'tendered', 'changeDue',
  'cashAmount', 'checkAmount', 'paymentTotal', 'defaultPrice', 'periodAmount', 'difference', 'keepFloat',
]);
/** An office locale by its name in the window's language ("Spanish (Spain)"); the tag itself if the runtime does not know it. */
const localeName = (tag: string): string => {
  try {
    return new Intl.DisplayNames([currentLocale()], { type: 'language', languageDisplay: 'standard' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
};

/** Fields whose stored values are codes the product form offers in words: the same words here. */
const ENUM_WORDS: Record<string, Record<string, MessageId> | undefined> = {
  refundPolicy: { prorata: 'productForm.proRataAfterStart', full: 'productForm.fullRefund', none: 'productForm.noRefund' },
  type: { course: 'productForm.course', program: 'productForm.program' },
};
/** Fields that hold ids or digests, or the entry's own moment again: kept for the auditor in the export, not shown to the office. */
const HIDDEN = /^(id|digest|hash|mailId|moveId|cardRequest|subscription|invoice|payerPage|allocations|importId|sourcedId|createdAt|updatedAt)$|Ids?$/;
const ID_VALUE = /^[a-z]{2,6}_[0-9a-f]{16,}$|^(evt|re|pi|in|sub|cus|ch)_[A-Za-z0-9]{8,}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const VALUE_CHARS = 60;
const MAX_LINES = 6;

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);

/** A long value ends in an ellipsis. */
export const cut = (text: string, chars = VALUE_CHARS): string => (text.length > chars ? `${text.slice(0, chars - 1).trimEnd()}…` : text);

const fieldWords = (key: string): string => {
  for (const id of [`auditField.${key}`, `field.${key}`]) if (known(id)) return t(id);
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
};

/** One value as words, or null when it is an id the office does not read. */
function valueText(key: string, value: unknown, currency: string, f: AuditFormats, depth = 0): string | null {
  if (value === null || value === undefined || value === '') return t('audit.none');
  if (typeof value === 'boolean') return t(value ? 'audit.yes' : 'audit.no');
  if (typeof value === 'number') return MONEY.has(key) && Number.isInteger(value) ? f.money(value, currency) : String(value);
  if (typeof value === 'string') {
    if (ID_VALUE.test(value)) return null;
    if (DAY.test(value)) return f.date(value);
    if (INSTANT.test(value)) return f.dateTime(value);
    if (key === 'status' || key === 'state') return statusLabel(value);
    if (key === 'method') return methodLabel(value);
    if (key === 'role') return wordsOr(`users.${value}`, value);
    if (key === 'locale') return localeName(value);
    const enumerated = ENUM_WORDS[key]?.[value];
    if (enumerated) return t(enumerated);
    return cut(value);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return t('audit.none');
    const simple = value.every((v) => typeof v === 'string' && !ID_VALUE.test(v));
    return simple ? cut(value.join(', ')) : t('audit.count', { count: value.length });
  }
  const o = asObject(value);
  if (!o) return null;
  // A receipt, a check, a slip: its number names it.
  if (typeof o.number === 'string') return o.number;
  if (depth > 0) return t('audit.count', { count: Object.keys(o).length });
  const inner = typeof o.currency === 'string' ? o.currency : currency;
  const parts = Object.entries(o)
    .filter(([k, v]) => !HIDDEN.test(k) && k !== 'currency' && v !== null && v !== undefined)
    .map(([k, v]) => [k, valueText(k, v, inner, f, depth + 1)] as const)
    .filter((p): p is readonly [string, string] => p[1] !== null)
    .map(([k, v]) => t('audit.fieldValue', { field: fieldWords(k), value: v }));
  return parts.length ? cut(parts.join('; ')) : null;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What an entry changed, one short line a field: "Status: Completed → Voided" where both sides
 * are known, "Amount: $25.00" where the entry made or removed the record (its empty fields and
 * zero amounts left out). Ids are left out.
 */
export function auditChangeLines(entry: Pick<Entry, 'before' | 'after'>, f: AuditFormats): string[] {
  const before = asObject(entry.before);
  const after = asObject(entry.after);
  const currencyOf = (o: Obj | null): string | null => (o && typeof o.currency === 'string' ? o.currency : null);
  const currency = currencyOf(after) ?? currencyOf(before) ?? f.defaultCurrency;
  if (!before && !after) {
    if ((entry.before ?? null) === null && (entry.after ?? null) === null) return [];
    const was = valueText('value', entry.before, currency, f) ?? '';
    const now = valueText('value', entry.after, currency, f) ?? '';
    return [t('audit.fieldChange', { field: fieldWords('value'), before: was, after: now })];
  }
  const keys = [...new Set([...Object.keys(after ?? {}), ...Object.keys(before ?? {})])].filter((k) => !HIDDEN.test(k) && k !== 'currency');
  const lines: string[] = [];
  for (const key of keys) {
    const was = before?.[key];
    const now = after?.[key];
    if (before && after) {
      if (same(was, now)) continue;
      const a = valueText(key, was, currency, f);
      const b = valueText(key, now, currency, f);
      if (a === null || b === null) continue;
      lines.push(t('audit.fieldChange', { field: fieldWords(key), before: a, after: b }));
    } else {
      const value = after ? now : was;
      // A record made or removed: its empty fields and zero amounts say nothing.
      if (value === null || value === undefined || (value === 0 && MONEY.has(key))) continue;
      const text = valueText(key, value, currency, f);
      if (text !== null) lines.push(t('audit.fieldValue', { field: fieldWords(key), value: text }));
    }
  }
  return lines;
}

/** The lines a cell shows: the first few, then an ellipsis. */
export const shownLines = (lines: string[]): string[] => (lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), '…'] : lines);

/** A human name for the entry's record where the entry itself carries one (a payer's name, a receipt number, a product's name). */
export function auditRecordLabel(entry: Pick<Entry, 'entityType' | 'before' | 'after'>): string | null {
  if (entry.entityType === 'settings') return null;
  for (const side of [entry.after, entry.before]) {
    const o = asObject(side);
    if (!o) continue;
    const receipt = typeof o.receipt === 'string' ? o.receipt : (asObject(o.receipt)?.number ?? null);
    const name = ['displayName', 'name', 'payerName', 'officeName', 'deskName', 'slipNumber', 'username'].map((k) => o[k]).find((v) => typeof v === 'string' && v !== '');
    const parts = [receipt, name].filter((v): v is string => typeof v === 'string' && v !== '');
    if (parts.length) return cut(parts.join(', '));
  }
  return null;
}
