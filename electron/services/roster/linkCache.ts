import type { Store } from '../../store/store';
import { allLinks, saveLink } from './rosterRepo';
import type { Link, LinkKind } from './rosterRepo';

export type LinkCache = {
  get(kind: LinkKind, sourcedId: string): Link | undefined;
  save(kind: LinkKind, sourcedId: string, link: Link, importId: string, at: Date): void;
  /** `store.transaction` (a savepoint when nested); when it rolls back, what it saved is forgotten here too. */
  transaction<T>(fn: () => T): T;
};

/**
 * One import's view of `roster_links`: each kind read once when first asked for, then kept in
 * step with what the import writes. Only the import writes links, one import at a time per
 * store (handlers.ts), so the map cannot go stale under it; a batch the store rolls back
 * (a row it refuses) undoes its entries here as well, so a retried batch reads the store's truth.
 */
export function linkCache(store: Store): LinkCache {
  const kinds = new Map<LinkKind, Map<string, Link>>();
  const of = (kind: LinkKind): Map<string, Link> => {
    let links = kinds.get(kind);
    if (!links) {
      links = allLinks(store, kind);
      kinds.set(kind, links);
    }
    return links;
  };
  /** What each save replaced, while a transaction is open: undone in reverse on a rollback. */
  const undo: { kind: LinkKind; sourcedId: string; before: Link | undefined }[] = [];
  let depth = 0;
  return {
    get: (kind, sourcedId) => of(kind).get(sourcedId),
    save(kind, sourcedId, link, importId, at) {
      saveLink(store, kind, sourcedId, link, importId, at);
      const links = of(kind);
      if (depth > 0) undo.push({ kind, sourcedId, before: links.get(sourcedId) });
      links.set(sourcedId, link);
    },
    transaction(fn) {
      const mark = undo.length;
      depth += 1;
      try {
        return store.transaction(fn);
      } catch (e) {
        while (undo.length > mark) {
          const u = undo.pop();
          if (!u) break;
          if (u.before) of(u.kind).set(u.sourcedId, u.before);
          else of(u.kind).delete(u.sourcedId);
        }
        throw e;
      } finally {
        depth -= 1;
        if (depth === 0) undo.length = 0;
      }
    },
  };
}
