import { journalAad } from '../../../shared/relay/journalWire';
import type { JournalEntryIn, JournalEntryOut } from '../../../shared/relay/journalWire';
import type { IncomingEntry, OutgoingEntry } from '../journalPort';
import { open, seal, SealError } from './officeKey';

/** Seals one outgoing entry: its id, desk and desk_seq are the associated data, so the hub cannot move the bytes to another entry. */
export function sealEntry(key: Buffer, office: string, entry: OutgoingEntry): JournalEntryIn {
  const ids = { id: entry.id, desk: entry.desk, desk_seq: entry.deskSeq };
  return { ...ids, ct: seal(key, journalAad(office, ids), entry.body) };
}

/** Opens one entry from the hub; throws SealError naming the entry when it does not open. */
export function openEntry(key: Buffer, office: string, entry: JournalEntryOut): IncomingEntry {
  try {
    const body = open(key, journalAad(office, entry), entry.ct);
    return { cursor: entry.cursor, id: entry.id, desk: entry.desk, deskSeq: entry.desk_seq, body: new Uint8Array(body) };
  } catch (e) {
    if (e instanceof SealError) throw new SealError(`Entry ${entry.id} from desk ${entry.desk} (hub position ${entry.cursor}) was refused: it does not open with the office key, so it was changed, replayed under another entry, or sealed by another office. Nothing from its page was applied.`);
    throw e;
  }
}
