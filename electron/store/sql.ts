/**
 * The `sql` tag: values become `?` parameters, never text. Fragments nest, so a query
 * with optional filters is built from pieces without concatenating a single value.
 */
export type SqlValue = string | number | bigint | null | Uint8Array;

export type SqlQuery = { readonly text: string; readonly params: readonly SqlValue[]; readonly __sql: true };

function isQuery(v: unknown): v is SqlQuery {
  return typeof v === 'object' && v !== null && (v as { __sql?: unknown }).__sql === true;
}

export function sql(strings: TemplateStringsArray, ...values: (SqlValue | SqlQuery | boolean | undefined)[]): SqlQuery {
  let text = strings[0] ?? '';
  const params: SqlValue[] = [];
  values.forEach((value, i) => {
    if (isQuery(value)) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value === undefined ? null : typeof value === 'boolean' ? (value ? 1 : 0) : value);
    }
    text += strings[i + 1] ?? '';
  });
  return { text, params, __sql: true };
}

/** Joins fragments with a separator (`AND`, `,`); an empty list gives `empty`. */
sql.join = (parts: SqlQuery[], separator: string, empty = ''): SqlQuery => {
  if (parts.length === 0) return { text: empty, params: [], __sql: true };
  return {
    text: parts.map((p) => p.text).join(separator),
    params: parts.flatMap((p) => [...p.params]),
    __sql: true,
  };
};

/** A fixed identifier or keyword chosen by code (a sort column from a whitelist), never user text. */
sql.raw = (trusted: string): SqlQuery => ({ text: trusted, params: [], __sql: true });

/** `IN (?, ?, ?)` for a list of values. */
sql.in = (values: SqlValue[]): SqlQuery => ({ text: `(${values.map(() => '?').join(', ') || 'NULL'})`, params: values, __sql: true });
