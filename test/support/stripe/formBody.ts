/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracketed keys
 * (`metadata[a]=b`, `items[0][price]=x`, `expand[]=y`). The SDK sends indexed arrays
 * (`expand[0]=y`); curl users send `expand[]=y`; both decode to arrays here.
 */
export type FormValue = string | FormValue[] | FormObject;
export type FormObject = { [key: string]: FormValue };

const splitKey = (key: string): string[] => {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key.slice(open))) !== null) parts.push(m[1] ?? '');
  return parts;
};

// Objects whose keys are all 0..n-1 (or pushed with `[]`) become arrays once parsing is done.
const APPEND = '\u0000append';

const arrayify = (value: FormValue): FormValue => {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const entries = keys.map((k) => [k, arrayify(value[k] as FormValue)] as const);
  // Only 0..n-1 (or `[]`) make an array, so `metadata[7]=x` stays a hash with key "7".
  const numeric = keys.filter((k) => !k.startsWith(APPEND)).map(Number);
  const indexed =
    keys.length > 0 &&
    keys.every((k) => /^\d+$/.test(k) || k.startsWith(APPEND)) &&
    [...numeric].sort((a, b) => a - b).every((n, i) => n === i);
  if (!indexed) return Object.fromEntries(entries);
  return entries
    .map(([k, v], order) => ({ at: k.startsWith(APPEND) ? Number.MAX_SAFE_INTEGER : Number(k), order, v }))
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map((e) => e.v);
};

export function parseFormBody(raw: string): FormObject {
  const root: FormObject = {};
  if (!raw) return root;
  let appendCounter = 0;
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const path = splitKey(key);
    let node: FormObject = root;
    path.forEach((segment, i) => {
      const name = segment === '' ? `${APPEND}${appendCounter++}` : segment;
      if (i === path.length - 1) {
        node[name] = value;
        return;
      }
      const next = node[name];
      if (next === undefined || typeof next === 'string' || Array.isArray(next)) {
        const created: FormObject = {};
        node[name] = created;
        node = created;
      } else {
        node = next;
      }
    });
  }
  return arrayify(root) as FormObject;
}

export function parseQuery(search: string): FormObject {
  return parseFormBody(search.startsWith('?') ? search.slice(1) : search);
}

/** A stable text for comparing two requests' parameters regardless of key order. */
export function canonicalParams(value: FormValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalParams).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalParams(value[k] as FormValue)}`)
    .join(',')}}`;
}
