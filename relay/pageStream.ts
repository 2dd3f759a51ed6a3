import { Readable } from 'node:stream';

/**
 * Pages capped by bytes as well as by count, sent as a stream. A count alone let 500 events of
 * 1 MB each (a `description` full of `\"`, doubled again by JSON escaping) build one string of
 * over 1 GB: `JSON.stringify` threw, the desk asked again for the same 500, forever, and the
 * relay's memory went to 1 GB on the way. Here a page holds at most `maxBytes` of stored payload
 * (always at least one item, so a single item larger than the cap still moves the cursor), and
 * it is written to the socket one item at a time, at the pace the client reads it: the relay
 * holds the page's rows and one serialised item, never the whole answer as one string.
 *
 * Used by `GET /v1/events`; the office journal's pull reuses it for its entries.
 */

/** Stored payload bytes per page unless configured otherwise (`RELAY_PAGE_MAX_BYTES`). */
export const DEFAULT_PAGE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * How many of the candidates, in order, go in one page: as many as fit in `maxBytes` (sizes in
 * bytes), at most `limit`, and never fewer than one. `hasMore` says a candidate was left out;
 * read `limit + 1` candidates so a full page knows whether another follows.
 */
export function pageCut(sizes: readonly number[], limit: number, maxBytes: number): { take: number; hasMore: boolean } {
  let take = 0;
  let bytes = 0;
  for (const size of sizes) {
    if (take >= limit) break;
    if (take > 0 && bytes + size > maxBytes) break;
    bytes += size;
    take++;
  }
  return { take, hasMore: sizes.length > take };
}

/**
 * `{"<key>":[item,item,…],"<field>":value,…}` as a readable stream, one item serialised per
 * read: with backpressure, a slow reader holds the relay to one item's string at a time.
 */
export function jsonPageStream<T>(page: { key: string; items: readonly T[]; toJson: (item: T) => unknown; fields: Record<string, unknown> }): Readable {
  function* chunks(): Generator<string> {
    yield `{${JSON.stringify(page.key)}:[`;
    for (const [i, item] of page.items.entries()) yield (i === 0 ? '' : ',') + JSON.stringify(page.toJson(item));
    let tail = ']';
    for (const [k, v] of Object.entries(page.fields)) tail += `,${JSON.stringify(k)}:${JSON.stringify(v)}`;
    yield `${tail}}`;
  }
  return Readable.from(chunks(), { objectMode: false });
}
