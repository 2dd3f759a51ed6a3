import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/core/errors';
import { linkCache } from '../../../electron/services/roster/linkCache';
import type { Link } from '../../../electron/services/roster/rosterRepo';
import { rosterCore } from './fixtures';
import type { RosterCore } from './fixtures';

let core: RosterCore;
afterEach(() => core?.dispose());

const at = new Date('2026-08-01T10:00:00Z');
const link = (digest: string): Link => ({ entityId: null, digest, imported: { title: digest }, flag: null });
const stored = (c: RosterCore, sid: string) => c.store.raw.prepare(`SELECT digest FROM roster_links WHERE kind = 'course' AND sourced_id = ?`).get(sid) as { digest: string } | undefined;

describe('roster: the import keeps roster_links in memory, in step with the store', () => {
  it('reads what earlier imports stored, and forgets what a rolled-back batch or row saved', async () => {
    core = await rosterCore();
    const first = linkCache(core.store);
    first.transaction(() => first.save('course', 'crs-a', link('a1'), 'rim-1', at));
    // A new import's cache starts from the store.
    const links = linkCache(core.store);
    expect(links.get('course', 'crs-a')?.digest).toBe('a1');

    // A batch the store refuses whole: neither the changed nor the new link stays, in the store or the cache.
    expect(() => links.transaction(() => {
      links.save('course', 'crs-a', link('a2'), 'rim-2', at);
      links.save('course', 'crs-b', link('b1'), 'rim-2', at);
      throw new AppError('VALIDATION', 'refused');
    })).toThrow('refused');
    expect(links.get('course', 'crs-a')?.digest).toBe('a1');
    expect(links.get('course', 'crs-b')).toBeUndefined();
    expect(stored(core, 'crs-a')?.digest).toBe('a1');
    expect(stored(core, 'crs-b')).toBeUndefined();

    // Row by row in savepoints: the refused row is forgotten, the others stay.
    links.transaction(() => {
      links.save('course', 'crs-a', link('a2'), 'rim-2', at);
      expect(() => links.transaction(() => {
        links.save('course', 'crs-b', link('b1'), 'rim-2', at);
        throw new AppError('VALIDATION', 'refused');
      })).toThrow('refused');
      links.transaction(() => links.save('course', 'crs-c', link('c1'), 'rim-2', at));
    });
    expect([links.get('course', 'crs-a')?.digest, links.get('course', 'crs-b'), links.get('course', 'crs-c')?.digest]).toEqual(['a2', undefined, 'c1']);
    expect([stored(core, 'crs-a')?.digest, stored(core, 'crs-b'), stored(core, 'crs-c')?.digest]).toEqual(['a2', undefined, 'c1']);
  });
});
