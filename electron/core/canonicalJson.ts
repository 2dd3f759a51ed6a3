/** An array index key ("0", "17"): JavaScript enumerates these first, in numeric order. */
const isIndexKey = (k: string): boolean => /^(0|[1-9][0-9]*)$/.test(k) && Number(k) < 4_294_967_295;

/**
 * Object keys in canonical order: code-unit order, except that array-index keys come first
 * in numeric order (what an object rebuilt from sorted entries enumerates, which is the
 * form every stored hash was made from).
 */
function canonicalKeys(o: object): string[] {
  const keys = Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (!keys.some(isIndexKey)) return keys;
  return [...keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b)), ...keys.filter((k) => !isIndexKey(k))];
}

function write(key: string, input: unknown): string | undefined {
  let v = input;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON: (k: string) => unknown }).toJSON(key);
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return JSON.stringify(v);
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        // A loop, not map(): a hole in a sparse array is written as null, like JSON.stringify does.
        const items: string[] = [];
        for (let i = 0; i < v.length; i++) items.push(write(String(i), (v as unknown[])[i]) ?? 'null');
        return `[${items.join(',')}]`;
      }
      const o = v as Record<string, unknown>;
      const parts: string[] = [];
      for (const k of canonicalKeys(o)) {
        const text = write(k, o[k]);
        if (text !== undefined) parts.push(`${JSON.stringify(k)}:${text}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return undefined;
  }
}

/**
 * JSON with object keys sorted, so equal values always hash equal. Written out directly:
 * JSON.stringify with a replacer that rebuilt every object from its sorted entries made the
 * same text (a unit test holds them equal) at several times the cost, on every mutation's
 * input hash and audit entry.
 */
export function canonicalJson(value: unknown): string {
  return write('', value) as string;
}
