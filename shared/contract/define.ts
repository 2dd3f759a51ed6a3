import type { z } from 'zod';

/** One IPC channel: what the renderer may send and what it gets back. */
export type ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> = {
  input: I;
  output: O;
  /** One line for people reading the contract. */
  summary: string;
};

export const channel = <I extends z.ZodType, O extends z.ZodType>(spec: ChannelSpec<I, O>): ChannelSpec<I, O> => spec;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Joins the per-domain contracts; a channel defined twice is a programming error caught at load. */
export function mergeContracts<Parts extends Record<string, ChannelSpec>[]>(...parts: Parts): UnionToIntersection<Parts[number]> {
  const merged: Record<string, ChannelSpec> = {};
  for (const part of parts) {
    for (const [name, spec] of Object.entries(part)) {
      if (Object.prototype.hasOwnProperty.call(merged, name)) throw new Error(`Channel ${name} is defined twice in the contract`);
      if (!/^[a-z][A-Za-z]*:[a-z][A-Za-z]*$/.test(name)) throw new Error(`Channel ${name} is not named domain:verb`);
      merged[name] = spec;
    }
  }
  return merged as UnionToIntersection<Parts[number]>;
}
