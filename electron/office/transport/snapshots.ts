import { appendFileSync, closeSync, existsSync, ftruncateSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { promisify } from 'node:util';
import { gunzip, gzipSync } from 'node:zlib';
import { SNAPSHOT_CHUNK_MAX_BYTES, snapshotAad } from '../../../shared/relay/journalWire';
import type { SnapshotInfo } from '../../../shared/relay/journalWire';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import type { OfficeSnapshots } from '../journalPort';
import { HubRefusal, hubCompleteSnapshot, hubGetChunk, hubLatestSnapshot, hubPutChunk, hubSnapshotStatus, hubStartSnapshot } from './hubClient';
import { readMembership, saveCursor } from './membership';
import { open, seal, SealError } from './officeKey';
import type { LinkDeps } from './pusher';

/**
 * Office snapshots, the travelling half (relay/README.md "Office journal"; the plaintext is
 * `../journal/officeSnapshot.ts`). The lines are cut into pieces of at most PIECE_TEXT_BYTES
 * (smaller when gzip cannot bring one under the hub's cap), each gzipped on its own, kept in a
 * file beside the store, then each piece is sealed with the office key and `snapshotAad(office, snapshot,
 * index)` — the hub's id for the snapshot and the piece's place — and sent as one chunk.
 * A piece sealed for one snapshot or place does not open at another.
 */

const gunzipAsync = promisify(gunzip);

/**
 * Chunks a restoring desk asks the hub for ahead of the one it is opening: the hub's answer,
 * the opening and the gunzip (on libuv's threads) of the next chunks overlap this one's.
 */
export const FETCH_AHEAD = 4;

/**
 * Text per piece before gzip. Fewer, larger chunks: each is one request to the hub and one row
 * of the restore's progress (2.5 MB pieces made the full store's snapshot 1,165 chunks). Not
 * larger: a piece is gzipped on the core's thread, and 16 MB held the core 0.3–0.5 s (a
 * cashier's click waited that long) each time a periodic snapshot cut one; 6 MB is about 0.15 s.
 */
export const PIECE_TEXT_BYTES = 6_000_000;

/**
 * A gzipped piece at most this large stays under SNAPSHOT_CHUNK_MAX_BYTES once sealed (nonce and
 * tag, then base64url: 4/3). A piece that zips larger (text gzip gains little on) is cut in two.
 */
export const PIECE_ZIPPED_MAX_BYTES = Math.floor((SNAPSHOT_CHUNK_MAX_BYTES * 3) / 4) - 64 * 1024;

/**
 * A snapshot on its way. `waiting` (done and total 0): a new desk waits for the office's first
 * desk to finish uploading the office's books (its seed snapshot) before it starts from them.
 */
export type SnapshotProgress = { phase: 'uploading' | 'downloading' | 'applying' | 'waiting'; done: number; total: number };

export type SnapshotDeps = LinkDeps & {
  snapshots: OfficeSnapshots;
  now: () => Date;
  progress?: (p: SnapshotProgress | null) => void;
  /** Text per piece (tests cut small snapshots into many). */
  pieceBytes?: number;
  /** Copies the store's WAL into the store off this thread (the store worker); without it the desk's connection does it at the restore's commit. */
  checkpoint?: (file: string) => Promise<unknown>;
};

/** The office's snapshot could not be used; nothing of it was applied. */
export class SnapshotRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotRefusedError';
  }
}

/**
 * Where a new desk's restore spent its time (ms of wall time; `cpuMs` the process's CPU over the
 * whole restore): the download (waiting for the next chunk; beside it, summed over chunks that
 * overlap, the hub's answers, AES-GCM opening and gunzip; staging each in the file and the work
 * row) and the applying transaction (reading the file, JSON.parse, each table's inserts with
 * their triggers, then the rest: foreign keys checked, commit). Kept per store file for the bench.
 */
export type RestoreSplit = {
  chunks: number;
  sealedBytes: number;
  /** The time the restore waited for its next chunk (fetched, opened and gunzipped ahead). */
  waitMs: number;
  fetchMs: number;
  openMs: number;
  gunzipMs: number;
  stageMs: number;
  /** Reading the opened text back from the file inside the applying transaction. */
  readMs: number;
  applyMs: number;
  parseMs: number;
  insertMs: Record<string, number>;
  rowsBy: Record<string, number>;
  /** After the rows: the derived tables filled by GROUP BY, the indexes (and triggers) made again. */
  derivedMs: number;
  derivedBy: Record<string, number>;
  indexMs: number;
  commitMs: number;
  /** The WAL copied into the store after the commit, in the store worker, beside the tail (set when it ends; null while it runs or when done at the commit). */
  checkpointMs: number | null;
  totalMs: number;
  cpuMs: number;
};

const splits = new Map<string, RestoreSplit>();

/** The last restore's split on the store at `file` (the bench reads it), or null. */
export const lastRestoreSplit = (file: string): RestoreSplit | null => splits.get(file) ?? null;

type Direction = 'up' | 'down';
type Work = { direction: Direction; snapshot: string | null; through: number; chunks: number; pieces: number[]; startedAt: string };
type WorkRow = { direction: Direction; snapshot: string | null; through_cursor: number; chunks: number; pieces_json: string; started_at: string };

export const snapshotFile = (store: Store, direction: Direction): string => join(dirname(store.file), `office-snapshot-${direction}.bin`);

function readWork(store: Store, direction: Direction): Work | null {
  const r = store.get<WorkRow>(sql`SELECT direction, snapshot, through_cursor, chunks, pieces_json, started_at FROM office_snapshot_work WHERE direction = ${direction}`);
  return r ? { direction: r.direction, snapshot: r.snapshot, through: r.through_cursor, chunks: r.chunks, pieces: JSON.parse(r.pieces_json) as number[], startedAt: r.started_at } : null;
}

function writeWork(store: Store, w: Work): void {
  store.run(sql`INSERT INTO office_snapshot_work (direction, snapshot, through_cursor, chunks, pieces_json, started_at)
    VALUES (${w.direction}, ${w.snapshot}, ${w.through}, ${w.chunks}, ${JSON.stringify(w.pieces)}, ${w.startedAt})
    ON CONFLICT (direction) DO UPDATE SET snapshot = excluded.snapshot, through_cursor = excluded.through_cursor, chunks = excluded.chunks, pieces_json = excluded.pieces_json`);
}

/** Forgets a transfer and its file (a restore that will start again, an upload done, leaving the office). */
export function dropWork(store: Store, direction: Direction): void {
  store.transaction(() => store.run(sql`DELETE FROM office_snapshot_work WHERE direction = ${direction}`));
  rmSync(snapshotFile(store, direction), { force: true });
}

export const hasUploadWork = (store: Store): boolean => readWork(store, 'up') !== null;

const sum = (xs: readonly number[], n = xs.length): number => xs.slice(0, n).reduce((a, b) => a + b, 0);

/** Gathers lines into gzipped pieces written one after another to `file`. */
function pieceWriter(file: string, pieceBytes = PIECE_TEXT_BYTES) {
  const fd = openSync(file, 'w');
  const pieces: number[] = [];
  let parts: string[] = [];
  let size = 0;
  const write = (lines: string[]): void => {
    const z = gzipSync(Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
    if (z.length > PIECE_ZIPPED_MAX_BYTES && lines.length > 1) {
      const half = Math.ceil(lines.length / 2);
      write(lines.slice(0, half));
      write(lines.slice(half));
      return;
    }
    writeSync(fd, z);
    pieces.push(z.length);
  };
  const flush = (): void => {
    if (parts.length === 0) return;
    write(parts);
    parts = [];
    size = 0;
  };
  return {
    /** Adds one line; true when a piece was written before it (a moment to yield). */
    add(line: string): boolean {
      const bytes = Buffer.byteLength(line) + 1;
      const full = size + bytes > pieceBytes && parts.length > 0;
      if (full) flush();
      parts.push(line);
      size += bytes;
      return full;
    },
    finish(): number[] {
      flush();
      closeSync(fd);
      return pieces;
    },
    abort(): void {
      closeSync(fd);
      rmSync(file, { force: true });
    },
  };
}

function writePiecesSync(lines: Iterable<string>, file: string): number[] {
  const w = pieceWriter(file);
  try {
    for (const line of lines) w.add(line);
  } catch (e) {
    w.abort();
    throw e;
  }
  return w.finish();
}

/** As writePiecesSync, giving the event loop a turn after each piece (the lines come from a read connection of their own). */
export async function writePieces(lines: Iterable<string>, file: string, pieceBytes?: number): Promise<number[]> {
  const w = pieceWriter(file, pieceBytes);
  try {
    for (const line of lines) if (w.add(line)) await nextTurn();
  } catch (e) {
    w.abort();
    throw e;
  }
  return w.finish();
}

function readPiece(file: string, pieces: readonly number[], index: number): Buffer {
  const length = pieces[index] ?? 0;
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    let read = 0;
    const at = sum(pieces, index);
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, at + read);
      if (n === 0) throw new Error('the snapshot file beside the store is shorter than recorded');
      read += n;
    }
  } finally {
    closeSync(fd);
  }
  return buffer;
}

/** The restore file's lines (its pieces are the opened chunks' text), one piece in memory at a time. */
function* piecesLines(file: string, pieces: readonly number[], split?: { readMs: number }): Generator<string> {
  for (let i = 0; i < pieces.length; i += 1) {
    const at = performance.now();
    const text = readPiece(file, pieces, i).toString('utf8');
    if (split) split.readMs += performance.now() - at;
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) break;
      yield text.slice(from, nl);
      from = nl + 1;
    }
    if (from < text.length) yield text.slice(from);
  }
}

/**
 * The office's first desk, when its books are too large for one seed entry: called inside the
 * join's transaction, so the snapshot (through cursor 0) holds exactly the books before any
 * entry. The link sends it before any entry (`seed_pending`).
 */
export function prepareSeedSnapshot(store: Store, snapshots: OfficeSnapshots, office: string, now: Date): void {
  const lines = snapshots.lines(store.raw, { office, through: 0 });
  if (!lines) throw new Error('the office journal holds entries before its seed');
  const pieces = writePiecesSync(lines, snapshotFile(store, 'up'));
  writeWork(store, { direction: 'up', snapshot: null, through: 0, chunks: pieces.length, pieces, startedAt: now.toISOString() });
  store.run(sql`UPDATE office_membership SET seed_pending = 1 WHERE id = 1`);
}

/**
 * Writes a snapshot of this desk's books through its cursor, read on a connection of its own at
 * one instant (the desk goes on working meanwhile). Returns false, writing nothing, while this
 * desk has entries the office has not ordered yet: a snapshot is taken only when caught up.
 */
export async function prepareSnapshot(d: SnapshotDeps): Promise<boolean> {
  if (readWork(d.store, 'up')) return true;
  const view = d.store.snapshot();
  let made: { through: number; pieces: number[] } | null = null;
  try {
    const m = readMembership(view);
    if (!m) return false;
    const lines = d.snapshots.lines(view.raw, { office: d.office, through: m.cursor });
    if (!lines) return false;
    made = { through: m.cursor, pieces: await writePieces(lines, snapshotFile(d.store, 'up'), d.pieceBytes) };
  } finally {
    view.close();
  }
  const { through, pieces } = made;
  d.store.transaction(() => writeWork(d.store, { direction: 'up', snapshot: null, through, chunks: pieces.length, pieces, startedAt: d.now().toISOString() }));
  return true;
}

/**
 * Sends the prepared snapshot: asks the hub for an id (kept, so a kill resumes the same upload),
 * sends only the chunks the hub does not hold yet, completes it. Returns the hub's record, or
 * null when there was nothing to send.
 */
export async function uploadSnapshot(d: SnapshotDeps): Promise<SnapshotInfo | null> {
  const w = readWork(d.store, 'up');
  if (!w) return null;
  const file = snapshotFile(d.store, 'up');
  const total = sum(w.pieces);
  if (!existsSync(file) || statSync(file).size < total) {
    // The pieces are gone (a cleaned folder): a later snapshot is taken afresh. A seed cannot be.
    if (readMembership(d.store)?.seedPending) throw new Error("The office's first snapshot (this desk's books) was lost before the office hub had it all; leave the office and join it again");
    dropWork(d.store, 'up');
    return null;
  }
  let id = w.snapshot;
  let stored = new Set<number>();
  if (id) {
    try {
      const status = await hubSnapshotStatus(d.hub, id);
      stored = new Set(status.stored_chunks);
    } catch (e) {
      // Unfinished uploads are dropped by the hub after a day: start again under a new id.
      if (!(e instanceof HubRefusal) || e.status !== 404) throw e;
      id = null;
    }
  }
  if (!id) {
    id = (await hubStartSnapshot(d.hub, { through_cursor: w.through, chunks: w.chunks, bytes: total })).snapshot;
    const started = id;
    d.store.transaction(() => writeWork(d.store, { ...w, snapshot: started }));
  }
  for (let i = 0; i < w.chunks; i += 1) {
    if (stored.has(i)) continue;
    const ct = seal(d.key, snapshotAad(d.office, id, i), readPiece(file, w.pieces, i));
    // Only a single line over ~3 MB zipped (a row no desk writes) can still be this large.
    if (ct.length > SNAPSHOT_CHUNK_MAX_BYTES) throw new Error(`Piece ${i + 1} of the office snapshot is larger than the office hub takes`);
    await hubPutChunk(d.hub, id, i, ct);
    d.progress?.({ phase: 'uploading', done: i + 1, total: w.chunks });
  }
  const info = await hubCompleteSnapshot(d.hub, id);
  d.store.transaction(() => {
    d.store.run(sql`DELETE FROM office_snapshot_work WHERE direction = 'up'`);
    d.store.run(sql`UPDATE office_membership SET snapshot_cursor = max(snapshot_cursor, ${w.through}), snapshot_at = ${d.now().toISOString()}, seed_pending = 0 WHERE id = 1`);
  });
  rmSync(file, { force: true });
  d.progress?.(null);
  return info;
}

/** Whether this desk should start from the office's newest snapshot: a restore under way, or a new desk that holds no other desk's entry yet. */
export function wantsRestore(d: SnapshotDeps): boolean {
  if (readWork(d.store, 'down')) return true;
  const m = readMembership(d.store);
  return m !== null && !m.seeded && !m.restored && d.snapshots.startsEmpty();
}

/**
 * Starts this desk from the office's newest snapshot: fetches its chunks, FETCH_AHEAD ahead of
 * the one it keeps (each opened with the office key and gunzipped as it arrives, its text kept
 * in a file in order, its place recorded, so a kill resumes after the last whole one), then applies the whole snapshot and moves the cursor to its end in ONE
 * transaction: a kill during it leaves nothing, and the restore runs again. A chunk that does
 * not open, or a snapshot that is not whole, is refused with nothing applied. Returns null when
 * the office has no snapshot (the desk then pulls the journal from its start), and
 * `seed_pending`, with nothing fetched, while the office's first desk is still uploading its
 * books as the office's first snapshot: they are in no journal entry, so the desk must not start
 * from the journal; it waits and asks again.
 */
export async function restoreSnapshot(d: SnapshotDeps): Promise<{ rows: number; through: number } | 'seed_pending' | null> {
  const file = snapshotFile(d.store, 'down');
  const startedAt = performance.now();
  const cpuAt = process.cpuUsage();
  const split: RestoreSplit = { chunks: 0, sealedBytes: 0, waitMs: 0, fetchMs: 0, openMs: 0, gunzipMs: 0, stageMs: 0, readMs: 0, applyMs: 0, parseMs: 0, insertMs: {}, rowsBy: {}, derivedMs: 0, derivedBy: {}, indexMs: 0, commitMs: 0, checkpointMs: null, totalMs: 0, cpuMs: 0 };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    let w = readWork(d.store, 'down');
    if (!w) {
      const info = await hubLatestSnapshot(d.hub);
      if (info === null || info === 'seed_pending') return info;
      w = { direction: 'down', snapshot: info.snapshot, through: info.through_cursor, chunks: info.chunks, pieces: [], startedAt: d.now().toISOString() };
      const fresh = w;
      d.store.transaction(() => writeWork(d.store, fresh));
      closeSync(openSync(file, 'w'));
    }
    const snapshot = w.snapshot ?? '';
    const have = sum(w.pieces);
    if (!existsSync(file) || statSync(file).size < have) {
      dropWork(d.store, 'down');
      continue;
    }
    // A piece half-written when the desk was killed is fetched again.
    const fd = openSync(file, 'r+');
    ftruncateSync(fd, have);
    closeSync(fd);
    // Chunks are fetched, opened and gunzipped up to FETCH_AHEAD ahead; each is kept, and its
    // place recorded, in order, so a kill resumes after the last whole one as before.
    const total = w.chunks;
    const ahead = new Map<number, Promise<Buffer>>();
    const fetchPiece = (i: number): Promise<Buffer> => {
      const p = (async () => {
        let at = performance.now();
        const ct = await hubGetChunk(d.hub, snapshot, i);
        split.fetchMs += performance.now() - at;
        split.sealedBytes += ct.length;
        at = performance.now();
        let zipped: Buffer;
        try {
          zipped = open(d.key, snapshotAad(d.office, snapshot, i), ct);
        } catch (e) {
          if (!(e instanceof SealError)) throw e;
          throw new SnapshotRefusedError(`The office's snapshot was refused: its piece ${i + 1} of ${total} does not open with the office key, so it was changed at the office hub or sealed by another office. Nothing from it was applied; this desk will try again.`);
        }
        split.openMs += performance.now() - at;
        at = performance.now();
        try {
          return await gunzipAsync(zipped);
        } catch (e) {
          throw new SnapshotRefusedError(`The office's snapshot was refused: its piece ${i + 1} of ${total} is not readable (${(e as Error).message}). Nothing from it was applied; this desk will try again.`);
        } finally {
          split.gunzipMs += performance.now() - at;
        }
      })();
      // A chunk fetched ahead whose turn never comes (an earlier one failed) is not an unhandled rejection.
      p.catch(() => {});
      return p;
    };
    try {
      let next = w.pieces.length;
      for (let i = w.pieces.length; i < total; i += 1) {
        while (next < total && next <= i + FETCH_AHEAD) {
          ahead.set(next, fetchPiece(next));
          next += 1;
        }
        let at = performance.now();
        const text = await (ahead.get(i) ?? fetchPiece(i));
        ahead.delete(i);
        split.waitMs += performance.now() - at;
        split.chunks += 1;
        at = performance.now();
        appendFileSync(file, text);
        w.pieces.push(text.length);
        const progressed = w;
        d.store.transaction(() => writeWork(d.store, progressed));
        split.stageMs += performance.now() - at;
        d.progress?.({ phase: 'downloading', done: i + 1, total });
      }
    } catch (e) {
      // A newer snapshot replaced this one while it was fetched: start from the newest.
      if (e instanceof HubRefusal && e.status === 404) {
        dropWork(d.store, 'down');
        continue;
      }
      if (e instanceof SnapshotRefusedError) dropWork(d.store, 'down');
      throw e;
    }
    d.progress?.({ phase: 'applying', done: 0, total: 1 });
    const done = w;
    // The applying transaction writes the whole office's books: with SQLite's default page cache
    // (2 MB) every index page it touches is evicted and read back again and again. A larger
    // cache for this transaction only (memory, not durability: the commit is as it always is).
    // Literal statements (no SQL text is built from values outside electron/store): 1 GiB here,
    // SQLite's default 2 MB after, which is what the store runs with (only migration 0010 ever
    // set another, and set it back).
    d.store.raw.pragma('cache_size = -1048576');
    // The transaction's pages (GBs on a large office) all go to the WAL; SQLite's automatic
    // checkpoint would then copy them into the store inside the COMMIT, on this thread, before
    // the desk could pull the tail or answer. With a store worker it is done there instead,
    // after the commit, beside the tail: the commit is as durable (synchronous FULL: the WAL is
    // fsynced before COMMIT returns), and a kill before the copy leaves a WAL that the next open
    // replays. The desk's connection checkpoints again (SQLite's default, 1000 pages) once the
    // worker is done. Literal statements, as for the cache.
    let handedOff = false;
    if (d.checkpoint) d.store.raw.pragma('wal_autocheckpoint = 0');
    try {
      const appliedAt = performance.now();
      let restoreMs = 0;
      const r = d.store.transaction(() => {
        const at = performance.now();
        const applied = d.snapshots.restore(piecesLines(file, done.pieces, split), { office: d.office, through: done.through });
        restoreMs = performance.now() - at;
        saveCursor(d.store, done.through, 0);
        d.store.run(sql`UPDATE office_membership SET restored = 1, snapshot_cursor = max(snapshot_cursor, ${done.through}), snapshot_at = ${d.now().toISOString()} WHERE id = 1`);
        d.store.run(sql`DELETE FROM office_snapshot_work WHERE direction = 'down'`);
        return applied;
      });
      split.applyMs = performance.now() - appliedAt;
      split.commitMs = split.applyMs - restoreMs;
      if (d.checkpoint) {
        handedOff = true;
        const store = d.store;
        const at = performance.now();
        d.checkpoint(store.file)
          .then(() => (split.checkpointMs = performance.now() - at))
          // A checkpoint not done now is done by the connection's next automatic one.
          .catch(() => undefined)
          .finally(() => {
            if (store.raw.open) store.raw.pragma('wal_autocheckpoint = 1000');
          });
      }
      rmSync(file, { force: true });
      if (r.split) Object.assign(split, { parseMs: r.split.parseMs, insertMs: r.split.insertMs, rowsBy: r.split.rowsBy, derivedMs: r.split.derivedMs, derivedBy: r.split.derivedBy, indexMs: r.split.indexMs });
      const cpu = process.cpuUsage(cpuAt);
      Object.assign(split, { totalMs: performance.now() - startedAt, cpuMs: (cpu.user + cpu.system) / 1000 });
      splits.set(d.store.file, split);
      d.progress?.(null);
      return { rows: r.rows, through: done.through };
    } catch (e) {
      d.progress?.(null);
      // The bytes opened but do not make a whole snapshot of this office: fetch again next time.
      dropWork(d.store, 'down');
      throw e instanceof SnapshotRefusedError ? e : new SnapshotRefusedError(`The office's snapshot was refused: ${(e as Error).message}. Nothing from it was applied; this desk will try again.`);
    } finally {
      d.store.raw.pragma('cache_size = -2000');
      if (d.checkpoint && !handedOff) d.store.raw.pragma('wal_autocheckpoint = 1000');
    }
  }
  throw new SnapshotRefusedError("The office's snapshot kept changing while this desk fetched it; this desk will try again.");
}
