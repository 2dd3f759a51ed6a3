import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { contract } from '../../../shared/contract';
import { MAX_IMPORT_BYTES } from '../../../shared/contract/catalog';
import { defOf } from '../../support/zodWalk';

/** The longest text any channel takes; the core refuses anything longer before the contract's checks run. */
const LIMIT = 10_000;
/** Fields that are whole files, with their own larger bound. */
const FILE_FIELDS: Record<string, number> = { 'products:import.csv': MAX_IMPORT_BYTES };

type StringNode = { path: string; schema: z.ZodType };

/** Every string schema reachable in a channel's input, with where it is. */
function stringsIn(schema: z.ZodType, path: string, out: StringNode[], seen = new Set<z.ZodType>()): StringNode[] {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const d = defOf(schema);
  const walk = (s: z.ZodType | null | undefined, p: string) => s && stringsIn(s, p, out, seen);
  switch (d.type) {
    case 'string':
      out.push({ path, schema });
      break;
    case 'object':
      for (const [k, v] of Object.entries(d.shape ?? {})) walk(v, `${path}.${k}`);
      walk(d.catchall, `${path}.*`);
      break;
    case 'array':
      walk(d.element, `${path}[]`);
      break;
    case 'tuple':
      (d.items ?? []).forEach((item, i) => walk(item, `${path}[${i}]`));
      walk(d.rest, `${path}[]`);
      break;
    case 'union':
      (d.options ?? []).forEach((o) => walk(o, path));
      break;
    case 'intersection':
      walk(d.left, path);
      walk(d.right, path);
      break;
    case 'record':
    case 'map':
      walk(d.keyType, `${path}{key}`);
      walk(d.valueType, `${path}{}`);
      break;
    case 'pipe':
      walk(d.in, path);
      break;
    case 'lazy':
      walk(d.getter?.(), path);
      break;
    default:
      walk(d.innerType, path);
  }
  return out;
}

type CheckDef = { check: string; maximum?: number; abort?: boolean; format?: string };
const checks = (s: z.ZodType): CheckDef[] => (defOf(s).checks ?? []).map((c) => c._zod.def as CheckDef);

// Issue 14, item 9: a 10 MB Stripe key reached a regex and overflowed its stack.
describe('every string a channel takes is bounded', () => {
  const strings = Object.entries(contract).flatMap(([name, spec]) => stringsIn(spec.input as z.ZodType, name, []));

  it('has a maximum length of at most 10,000 characters (a whole file: its own bound)', () => {
    const unbounded = strings.filter(({ path, schema }) => !checks(schema).some((c) => c.check === 'max_length' && typeof c.maximum === 'number' && c.maximum <= (FILE_FIELDS[path] ?? LIMIT))).map((s) => s.path);
    expect(unbounded).toEqual([]);
    expect(strings.length).toBeGreaterThan(100);
  });

  it('checks the length first when a pattern or a refinement follows, so a huge value never reaches them', () => {
    const late = strings.filter(({ schema }) => {
      const cs = checks(schema);
      const max = cs.findIndex((c) => c.check === 'max_length');
      const costly = cs.findIndex((c) => c.check === 'custom' || (c.check === 'string_format' && c.format === 'regex'));
      if (costly === -1) return false;
      return max === -1 || max > costly || cs[max]?.abort !== true;
    }).map((s) => s.path);
    expect(late).toEqual([]);
  });
});
