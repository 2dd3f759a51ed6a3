import { parse } from 'csv-parse/sync';
import { ExternalId, ProductType } from '../../../shared/contract/catalog';
import type { ProductType as ProductTypeValue } from '../../../shared/contract/catalog';
import { isCurrencyCode, parseMoney } from '../../../shared/money';
import { IsoDate, RequiredText } from '../../../shared/schemas';
import { AppError, invalidAs, refuseAs, withCause } from '../../core/errors';

/** Column names as people write them ("External ID", "external_id", "externalId") → one key. */
const columnKey = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, '');

const COLUMNS = {
  externalid: 'external_id',
  type: 'type',
  name: 'name',
  price: 'price',
  currency: 'currency',
  startdate: 'start_date',
  enddate: 'end_date',
} as const;
type Key = keyof typeof COLUMNS;
const REQUIRED: readonly Key[] = ['externalid', 'type', 'name', 'price', 'currency'];

export type CsvProductValues = {
  externalId: string;
  type: ProductTypeValue;
  name: string;
  price: number;
  currency: string;
  /** undefined when the file has no such column: the stored value is kept. */
  startDate: string | null | undefined;
  endDate: string | null | undefined;
};

export type ParsedCsvRow =
  | { line: number; externalId: string | null; ok: true; values: CsvProductValues }
  | { line: number; externalId: string | null; ok: false; field: string; reason: string };

class RowError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function firstIssue(result: { success: boolean; error?: { issues: { message: string }[] } }): string {
  return result.error?.issues[0]?.message ?? 'is not valid';
}

function parseRow(cells: Map<Key, string>, hasStart: boolean, hasEnd: boolean): CsvProductValues {
  const cell = (k: Key) => (cells.get(k) ?? '').trim();
  const ext = ExternalId.safeParse(cell('externalid'));
  if (!ext.success) throw new RowError('external_id', firstIssue(ext));
  const type = ProductType.safeParse(cell('type').toLowerCase());
  if (!type.success) throw new RowError('type', `must be course or program (got "${cell('type').slice(0, 40)}")`);
  const name = RequiredText(200).safeParse(cell('name'));
  if (!name.success) throw new RowError('name', firstIssue(name));
  const currency = cell('currency').toUpperCase();
  if (!isCurrencyCode(currency)) throw new RowError('currency', `"${cell('currency').slice(0, 10)}" is not an ISO 4217 currency code`);
  const price = parseMoney(cell('price'), currency);
  if (price === null) throw new RowError('price', `"${cell('price').slice(0, 30)}" is not an amount in ${currency}`);
  if (price <= 0) throw new RowError('price', 'must be greater than zero');
  const date = (k: 'startdate' | 'enddate', present: boolean): string | null | undefined => {
    if (!present) return undefined;
    const text = cell(k);
    if (text === '') return null;
    const parsed = IsoDate.safeParse(text);
    if (!parsed.success) throw new RowError(COLUMNS[k], `"${text.slice(0, 20)}" ${firstIssue(parsed)}`);
    return parsed.data;
  };
  const startDate = date('startdate', hasStart);
  const endDate = date('enddate', hasEnd);
  if (startDate && endDate && endDate < startDate) throw new RowError('end_date', `${endDate} is before start_date ${startDate}`);
  return { externalId: ext.data, type: type.data, name: name.data, price, currency, startDate, endDate };
}

/**
 * Reads product rows from CSV text. A file that cannot be read as CSV, or that lacks a
 * required column, is refused as a whole (VALIDATION naming the column); a bad row only
 * rejects that row, with the column at fault. Pure: touches no store.
 */
export function parseProductCsv(text: string): ParsedCsvRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: false }) as unknown as typeof records;
  } catch (e) {
    throw withCause(invalidAs('csv', 'csv.unreadable', {}), (e as Error).message);
  }
  const [header, ...rows] = records;
  if (!header) throw invalidAs('csv', 'csv.noHeader', {});
  const positions = new Map<Key, number>();
  header.record.forEach((name, i) => {
    const key = columnKey(name);
    if (!(key in COLUMNS)) return; // extra columns are ignored, so exports from other systems still load
    if (positions.has(key as Key)) throw invalidAs(`csv.${COLUMNS[key as Key]}`, 'csv.columnTwice', {});
    positions.set(key as Key, i);
  });
  const missing = REQUIRED.filter((k) => !positions.has(k)).map((k) => COLUMNS[k]);
  if (missing.length > 0) {
    const words = refuseAs('VALIDATION', 'csv.missingColumns', { columns: missing.join(', ') });
    throw new AppError('VALIDATION', words.message, { fields: Object.fromEntries(missing.map((c) => [`csv.${c}`, 'is a required column'])), key: words.key, params: words.params });
  }
  const hasStart = positions.has('startdate');
  const hasEnd = positions.has('enddate');
  const seen = new Map<string, number>();
  return rows.map(({ record, info }): ParsedCsvRow => {
    const line = info.lines;
    const cells = new Map<Key, string>();
    for (const [key, i] of positions) cells.set(key, record[i] ?? '');
    const rawExt = (cells.get('externalid') ?? '').trim() || null;
    try {
      if (record.length !== header.record.length) throw new RowError('row', `has ${record.length} columns but the header has ${header.record.length}`);
      const values = parseRow(cells, hasStart, hasEnd);
      const earlier = seen.get(values.externalId);
      if (earlier !== undefined) throw new RowError('external_id', `${values.externalId} already appears on line ${earlier}`);
      seen.set(values.externalId, line);
      return { line, externalId: values.externalId, ok: true, values };
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      return { line, externalId: rawExt, ok: false, field: e.field, reason: `${e.field} ${e.message}` };
    }
  });
}
