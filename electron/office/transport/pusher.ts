import { JOURNAL_ENTRY_MAX_BYTES, JOURNAL_PUSH_MAX_BYTES } from '../../../shared/relay/journalWire';
import type { JournalEntryIn } from '../../../shared/relay/journalWire';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import type { OfficeJournal } from '../journalPort';
import { sealEntry } from './entrySeal';
import { hubPush } from './hubClient';
import type { HubConfig } from './hubClient';
import { addPushed } from './membership';

export type LinkDeps = { store: Store; journal: OfficeJournal; hub: HubConfig; key: Buffer; office: string };

/** An entry this desk cannot send at all (bigger than the hub takes): the pusher stops on it and says so. */
export class UnsendableEntryError extends Error {}

/** Room in a push body for an entry's id, desk and seq around its `ct`. */
const ENVELOPE_BYTES = 256;

/**
 * Sends one batch of `journal.unsent()`; returns how many the hub acknowledged (0: nothing
 * to send). Each entry is sealed once and its bytes kept until acknowledged, so a retry after
 * a dropped answer or a kill resends the same bytes and the hub answers `duplicate`.
 * `markSent` runs only after the hub's 200, which it sends only after its commit.
 */
export async function pushBatch(d: LinkDeps, limit: number, signal?: AbortSignal): Promise<number> {
  const entries = d.journal.unsent(limit);
  if (entries.length === 0) return 0;
  const sealed = d.store.transaction(() =>
    entries.map((entry): JournalEntryIn => {
      const kept = d.store.get<{ ct: string }>(sql`SELECT ct FROM office_sealed WHERE id = ${entry.id}`);
      if (kept) return { id: entry.id, desk: entry.desk, desk_seq: entry.deskSeq, ct: kept.ct };
      const s = sealEntry(d.key, d.office, entry);
      d.store.run(sql`INSERT INTO office_sealed (id, ct) VALUES (${s.id}, ${s.ct})`);
      return s;
    }),
  );
  const batch: JournalEntryIn[] = [];
  let bytes = 0;
  for (const s of sealed) {
    if (s.ct.length > JOURNAL_ENTRY_MAX_BYTES) throw new UnsendableEntryError(`Entry ${s.id} is larger than the office hub accepts (${Math.ceil(s.ct.length / 1024)} KiB sealed); it cannot be sent`);
    if (batch.length > 0 && bytes + s.ct.length + ENVELOPE_BYTES > JOURNAL_PUSH_MAX_BYTES) break;
    batch.push(s);
    bytes += s.ct.length + ENVELOPE_BYTES;
  }
  const result = await hubPush(d.hub, batch, signal);
  const byId = new Map(result.accepted.map((a) => [a.id, a]));
  const missing = batch.filter((s) => !byId.has(s.id));
  if (missing.length > 0) throw new Error(`The office hub did not acknowledge ${missing.length} of the entries sent`);
  const acks = batch.map((s) => ({ id: s.id, cursor: byId.get(s.id)?.cursor ?? 0 }));
  d.store.transaction(() => {
    d.journal.markSent(acks);
    d.store.run(sql`DELETE FROM office_sealed WHERE id IN ${sql.in(acks.map((a) => a.id))}`);
    addPushed(d.store, result.accepted.filter((a) => !a.duplicate).length);
  });
  return acks.length;
}
