import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform, pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { renderErrorMessage } from '../../../shared/errorMessages';
import type { ErrorKey, ErrorParams } from '../../../shared/errorMessages';
import { ROSTER_FILES } from './spec';
import type { RosterFile } from './spec';

/**
 * Caps on what a bundle may hold, checked from the zip's directory before anything is read
 * and again while the bytes stream (a directory can lie). A real bundle of a large district
 * is a few hundred MB of CSV that compresses 5–20×; a zip bomb is thousands to one.
 */
export const rosterLimits = {
  maxEntries: 64,
  maxFileBytes: 512 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 100,
};

/** A problem with the bundle as a whole, or one file in it: named by file, line and field like every other. */
/** A problem with a bundle's file, worded by a key of the catalog (the window words it again in its language). */
export class BundleProblem extends Error {
  readonly params: ErrorParams;
  constructor(readonly file: string, readonly line: number, readonly field: string, readonly key: ErrorKey, params: ErrorParams = {}) {
    super(renderErrorMessage(key, params) ?? key);
    this.params = params;
  }
}

export type Bundle = {
  name: string;
  /** sha256 of the zip file, or of the folder's OneRoster files (name and bytes, in name order). */
  digest: string;
  files: ReadonlyMap<RosterFile, number>;
  totalBytes: number;
  /** The file's bytes, counted against the caps as they stream. */
  open(file: RosterFile, counted: (bytes: number) => void): Promise<Readable>;
  close(): void;
};

const isRosterFile = (name: string): name is RosterFile => (ROSTER_FILES as readonly string[]).includes(name);

function capped(file: string, declared: number, counted: (bytes: number) => void): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > rosterLimits.maxFileBytes || seen > declared) {
        done(new BundleProblem(file, 0, 'file', 'roster.fileTooLarge', { mb: Math.round(rosterLimits.maxFileBytes / 1024 / 1024) }));
        return;
      }
      counted(chunk.length);
      done(null, chunk);
    },
  });
}

/** Unlike `pipe`, an error of the source (a bad zip entry) reaches the reader. */
function piped(source: Readable, out: Transform): Readable {
  pipeline(source, out, () => undefined);
  return out;
}

async function digestOf(paths: readonly { name: string; path: string }[]): Promise<string> {
  const hash = createHash('sha256');
  for (const { name, path } of paths) {
    if (paths.length > 1) hash.update(`${name}\n`);
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

async function openFolder(path: string): Promise<Bundle> {
  const names = (await readdir(path)).filter(isRosterFile).sort();
  const files = new Map<RosterFile, number>();
  for (const name of names) {
    const size = (await stat(join(path, name))).size;
    if (size > rosterLimits.maxFileBytes) throw new BundleProblem(name, 0, 'file', 'roster.fileTooBig', { size: Math.round(size / 1024 / 1024), mb: Math.round(rosterLimits.maxFileBytes / 1024 / 1024) });
    files.set(name, size);
  }
  const totalBytes = [...files.values()].reduce((a, b) => a + b, 0);
  if (totalBytes > rosterLimits.maxTotalBytes) throw new BundleProblem('bundle', 0, 'file', 'roster.bundleTooLarge', { mb: Math.round(rosterLimits.maxTotalBytes / 1024 / 1024) });
  const digest = await digestOf(names.map((name) => ({ name, path: join(path, name) })));
  return {
    name: basename(path),
    digest,
    files,
    totalBytes,
    open: async (file, counted) => piped(createReadStream(join(path, file)), capped(file, files.get(file) ?? 0, counted)),
    close: () => undefined,
  };
}

const openZipFile = (path: string): Promise<ZipFile> =>
  new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, zip) => (err ? reject(err) : resolve(zip)));
  });

function readEntries(zip: ZipFile, name: string): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      if (entries.length > rosterLimits.maxEntries) {
        reject(new BundleProblem(name, 0, 'file', 'roster.tooManyFiles', { count: rosterLimits.maxEntries }));
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

async function openZip(path: string): Promise<Bundle> {
  const name = basename(path);
  let zip: ZipFile;
  try {
    zip = await openZipFile(path);
  } catch {
    throw new BundleProblem(name, 0, 'file', 'roster.notZip');
  }
  try {
    const entries = await readEntries(zip, name);
    const byName = new Map<RosterFile, Entry>();
    let totalBytes = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/') || entry.fileName.startsWith('__MACOSX/')) continue;
      const file = entry.fileName.split('/').pop() ?? '';
      totalBytes += entry.uncompressedSize;
      if (!isRosterFile(file)) continue;
      if (byName.has(file)) throw new BundleProblem(file, 0, 'file', 'roster.fileTwice');
      if (entry.isEncrypted()) throw new BundleProblem(file, 0, 'file', 'roster.encrypted');
      if (entry.uncompressedSize > rosterLimits.maxFileBytes) throw new BundleProblem(file, 0, 'file', 'roster.fileTooBig', { size: Math.round(entry.uncompressedSize / 1024 / 1024), mb: Math.round(rosterLimits.maxFileBytes / 1024 / 1024) });
      if (entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize / Math.max(entry.compressedSize, 1) > rosterLimits.maxRatio) {
        throw new BundleProblem(file, 0, 'file', 'roster.zipBomb', { ratio: Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1)) });
      }
      byName.set(file, entry);
    }
    if (totalBytes > rosterLimits.maxTotalBytes) throw new BundleProblem(name, 0, 'file', 'roster.bundleTooLarge', { mb: Math.round(rosterLimits.maxTotalBytes / 1024 / 1024) });
    const digest = await digestOf([{ name, path }]);
    const files = new Map([...byName].map(([k, e]) => [k, e.uncompressedSize] as const));
    return {
      name,
      digest,
      files,
      totalBytes: [...files.values()].reduce((a, b) => a + b, 0),
      open: (file, counted) =>
        new Promise((resolve, reject) => {
          const entry = byName.get(file);
          if (!entry) {
            reject(new BundleProblem(file, 0, 'file', 'roster.notInBundle'));
            return;
          }
          zip.openReadStream(entry, (err, stream) => {
            if (err) reject(new BundleProblem(file, 0, 'file', 'roster.cannotUnzip'));
            else resolve(piped(stream, capped(file, entry.uncompressedSize, counted)));
          });
        }),
      close: () => zip.close(),
    };
  } catch (e) {
    zip.close();
    throw e;
  }
}

/** Opens a OneRoster bundle: a .zip file or a folder. */
export async function openBundle(path: string): Promise<Bundle> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new BundleProblem(basename(path) || path, 0, 'path', 'roster.pathNotFound');
  }
  if (info.isDirectory()) return openFolder(path);
  return openZip(path);
}
