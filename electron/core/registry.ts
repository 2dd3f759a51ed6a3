import type { Channel } from '../../shared/contract';
import type { HandlerDef, HandlerMap } from './handlers';

export type Registry = {
  get(channel: Channel): HandlerDef<Channel> | undefined;
  channels(): Channel[];
};

/**
 * The one way handlers are registered. A channel registered twice, a handler for a
 * channel the contract lacks, or a contract channel left without a handler is a
 * programming error, thrown at start-up rather than discovered by a user.
 */
export function buildRegistry(contractChannels: readonly string[], maps: readonly Partial<HandlerMap>[]): Registry {
  const known = new Set(contractChannels);
  const table = new Map<Channel, HandlerDef<Channel>>();
  for (const map of maps) {
    for (const [name, def] of Object.entries(map)) {
      if (!known.has(name)) throw new Error(`Handler registered for ${name}, which is not in the contract`);
      if (table.has(name as Channel)) throw new Error(`Channel ${name} is registered twice`);
      table.set(name as Channel, def as HandlerDef<Channel>);
    }
  }
  const missing = contractChannels.filter((c) => !table.has(c as Channel));
  if (missing.length > 0) throw new Error(`Contract channels without a handler: ${missing.join(', ')}`);
  return {
    get: (channel) => table.get(channel),
    channels: () => [...table.keys()],
  };
}
