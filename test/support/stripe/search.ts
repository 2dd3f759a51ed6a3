import { invalidParam } from './errors';

type Clause = { field: string; key: string | null; op: ':' | '~'; value: string };

/**
 * A small part of Stripe's search query language, enough for `metadata['payer_id']:'X'`,
 * `email:'a@b.c'` and `name~'Ann'`, joined by AND or OR (not mixed, like Stripe).
 */
export function parseSearchQuery(query: string): { clauses: Clause[]; join: 'AND' | 'OR' } {
  const hasAnd = / AND /.test(query);
  const hasOr = / OR /.test(query);
  if (hasAnd && hasOr) throw invalidParam('query', 'Queries cannot mix AND and OR.', 'parameter_invalid_string');
  const join = hasOr ? 'OR' : 'AND';
  const clauses = query.split(join === 'OR' ? / OR / : / AND /).map((part) => {
    const m = /^\s*([a-z_]+)(?:\[['"]([^'"]+)['"]\])?\s*([:~])\s*['"](.*)['"]\s*$/.exec(part);
    if (!m) throw invalidParam('query', `Invalid query: could not parse "${part.trim()}".`, 'parameter_invalid_string');
    return { field: m[1] ?? '', key: m[2] ?? null, op: (m[3] ?? ':') as ':' | '~', value: m[4] ?? '' };
  });
  return { clauses, join };
}

export function matchesSearch(record: object, query: { clauses: Clause[]; join: 'AND' | 'OR' }, searchable: string[]): boolean {
  const test = (c: Clause) => {
    if (!searchable.includes(c.field)) throw invalidParam('query', `Field \`${c.field}\` is an unsupported search field.`, 'parameter_invalid_string');
    let actual: unknown = (record as Record<string, unknown>)[c.field];
    if (c.key !== null) actual = typeof actual === 'object' && actual !== null ? (actual as Record<string, unknown>)[c.key] : undefined;
    if (typeof actual !== 'string') return false;
    return c.op === ':' ? actual === c.value : actual.toLowerCase().includes(c.value.toLowerCase());
  };
  return query.join === 'AND' ? query.clauses.every(test) : query.clauses.some(test);
}

export type SearchResult<T> = { object: 'search_result'; data: T[]; has_more: boolean; next_page: string | null; url: string; total_count?: number };

export function searchPage<T>(matches: T[], limit: number, page: string | undefined, url: string): SearchResult<T> {
  const start = page ? Number(Buffer.from(page, 'base64url').toString('utf8')) || 0 : 0;
  const data = matches.slice(start, start + limit);
  const more = start + limit < matches.length;
  return { object: 'search_result', data, has_more: more, next_page: more ? Buffer.from(String(start + limit), 'utf8').toString('base64url') : null, url };
}
