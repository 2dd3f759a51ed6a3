import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core';
import { openStore } from '../../../electron/store/store';
import { migrations } from '../../../electron/store/migrations';
import { tempDir } from '../../support/core';

const hash = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const dirs: string[] = [];
const fresh = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Makes a real store file, then closes it cleanly with the WAL folded in. */
function makeStoreFile(dir: string): string {
  const store = openStore({ file: join(dir, 'bursar.sqlite') });
  store.raw.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  return join(dir, 'bursar.sqlite');
}

describe('store and migrations', () => {
  it('applies every migration once, records it, and uses WAL, FULL sync, foreign keys and STRICT tables', () => {
    const file = makeStoreFile(fresh());
    const store = openStore({ file });
    try {
      const history = store.raw.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      expect(history).toEqual(migrations.map((m) => ({ version: m.version, name: m.name })));
      expect(store.schemaVersion).toBe(migrations.at(-1)?.version);
      expect(store.raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.raw.pragma('synchronous', { simple: true })).toBe(2);
      expect(store.raw.pragma('foreign_keys', { simple: true })).toBe(1);
      const tables = store.raw.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'`).all() as { name: string; strict: number }[];
      expect(tables.length).toBeGreaterThan(3);
      expect(tables.filter((t) => t.strict !== 1)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('reopening applies nothing new', () => {
    const file = makeStoreFile(fresh());
    const before = hash(file);
    makeStoreFile(join(file, '..'));
    expect(hash(file)).toBe(before);
  });

  it('refuses a database whose recorded history was tampered with and leaves it byte-for-byte unchanged', () => {
    const dir = fresh();
    const file = makeStoreFile(dir);
    const db = new Database(file);
    db.prepare(`UPDATE schema_migrations SET checksum = 'not-the-real-checksum' WHERE version = 1`).run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = hash(file);
    expect(() => createCore({ dataDir: dir })).toThrow(/migration history does not match/);
    expect(hash(file)).toBe(before);
    expect(existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).length : 0).toBe(0);
  });

  it('refuses a database written by a newer version (unknown step) unchanged', () => {
    const dir = fresh();
    const file = makeStoreFile(dir);
    const db = new Database(file);
    db.prepare(`INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'from-the-future', 'x', '2030-01-01')`).run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = hash(file);
    expect(() => createCore({ dataDir: dir })).toThrow(/newer Bursar/);
    expect(hash(file)).toBe(before);
  });

  it('refuses a file that is not a database, or a foreign SQLite database, unchanged', () => {
    const dir = fresh();
    const file = join(dir, 'bursar.sqlite');
    writeFileSync(file, 'this is not a database at all, just text '.repeat(200));
    const before = hash(file);
    expect(() => createCore({ dataDir: dir })).toThrow(/not a readable Bursar database|Cannot open/);
    expect(hash(file)).toBe(before);

    const dir2 = fresh();
    const other = new Database(join(dir2, 'bursar.sqlite'));
    other.exec('CREATE TABLE songs (title TEXT)');
    other.close();
    const before2 = hash(join(dir2, 'bursar.sqlite'));
    expect(() => createCore({ dataDir: dir2 })).toThrow(/not a Bursar database/);
    expect(hash(join(dir2, 'bursar.sqlite'))).toBe(before2);
  });

  it('a failing migration leaves no half-applied step', () => {
    const dir = fresh();
    const file = join(dir, 'bursar.sqlite');
    const last = migrations.at(-1)?.version ?? 0;
    const broken = [...migrations, { version: last + 1, name: 'broken', sql: 'CREATE TABLE half (a INTEGER) STRICT; INSERT INTO nowhere VALUES (1);' }];
    expect(() => openStore({ file, migrations: broken })).toThrow();
    const db = new Database(file, { readonly: true });
    const half = db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half'`).get() as { n: number };
    const recorded = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number };
    db.close();
    expect(half.n).toBe(0);
    expect(recorded.v).toBe(last);
  });
});
