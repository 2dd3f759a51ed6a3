import type { z } from 'zod';

/**
 * Reads zod 4 schemas structurally (their `_zod.def`), so the harness works on whatever
 * channels the contract holds at run time without a line per channel.
 */
export type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  getter?: () => z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  values?: unknown[];
  entries?: Record<string, string | number>;
  checks?: { _zod: { def: CheckDef } }[];
};

export type CheckDef = {
  check: string;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number | bigint;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
};

export const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

export const checksOf = (schema: z.ZodType): CheckDef[] => (defOf(schema).checks ?? []).map((c) => c._zod.def);

/** Wrappers that do not change the shape of what is accepted (for input) or produced. */
export function unwrap(schema: z.ZodType, side: 'input' | 'output' = 'input'): z.ZodType {
  let s = schema;
  for (let i = 0; i < 50; i++) {
    const d = defOf(s);
    if ((d.type === 'optional' || d.type === 'nullable' || d.type === 'default' || d.type === 'prefault' || d.type === 'readonly' || d.type === 'catch' || d.type === 'nonoptional') && d.innerType) s = d.innerType;
    else if (d.type === 'pipe' && d.in && d.out) s = side === 'input' ? d.in : defOf(d.out).type === 'transform' ? d.in : d.out;
    else if (d.type === 'lazy' && d.getter) s = d.getter();
    else return s;
  }
  return s;
}

export type FieldVisit = { path: string[]; key: string; schema: z.ZodType };

/**
 * Calls `visit` for every object field reachable in the schema (through arrays, unions,
 * records, wrappers). `seen` stops recursion through lazy self-references.
 */
export function walkFields(schema: z.ZodType, visit: (f: FieldVisit) => void, side: 'input' | 'output' = 'output', path: string[] = [], seen = new Set<z.ZodType>()): void {
  const s = unwrap(schema, side);
  if (seen.has(s)) return;
  seen.add(s);
  const d = defOf(s);
  switch (d.type) {
    case 'object':
      for (const [key, child] of Object.entries(d.shape ?? {})) {
        visit({ path: [...path, key], key, schema: child });
        walkFields(child, visit, side, [...path, key], seen);
      }
      if (d.catchall && defOf(d.catchall).type !== 'never') walkFields(d.catchall, visit, side, [...path, '*'], seen);
      break;
    case 'array':
      if (d.element) walkFields(d.element, visit, side, [...path, '[]'], seen);
      break;
    case 'tuple':
      (d.items ?? []).forEach((item, i) => walkFields(item, visit, side, [...path, String(i)], seen));
      if (d.rest) walkFields(d.rest, visit, side, [...path, '[]'], seen);
      break;
    case 'union':
      for (const option of d.options ?? []) walkFields(option, visit, side, path, seen);
      break;
    case 'intersection':
      if (d.left) walkFields(d.left, visit, side, path, seen);
      if (d.right) walkFields(d.right, visit, side, path, seen);
      break;
    case 'record':
    case 'map':
      if (d.valueType) walkFields(d.valueType, visit, side, [...path, '*'], seen);
      break;
    default:
      break;
  }
  seen.delete(s);
}

/** The dot paths of every string leaf in a concrete value (what a caller can type into). */
export function stringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

/** A deep copy of `value` with the leaf at `path` replaced. */
export function setPath(value: unknown, path: readonly (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = setPath(copy[head as number], rest, leaf);
    return copy;
  }
  const obj = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(copy, String(head), { value: setPath(obj[String(head)], rest, leaf), enumerable: true, writable: true, configurable: true });
  return copy;
}

/**
 * Paths of the string fields reachable from the top through objects alone (optional and
 * nullable ones included), so a harness can put a value in a field no example fills.
 */
export function objectStringPaths(schema: z.ZodType, path: string[] = []): string[][] {
  const s = unwrap(schema, 'input');
  const d = defOf(s);
  if (d.type === 'string') return [path];
  if (d.type !== 'object') return [];
  return Object.entries(d.shape ?? {}).flatMap(([key, child]) => objectStringPaths(child, [...path, key]));
}
