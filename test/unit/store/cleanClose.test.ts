import { closeSync, copyFileSync, existsSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanCloseMarker } from '../../../electron/store/cleanClose';
import { sql } from '../../../electron/store/sql';
import { openStore } from '../../../electron/store/store';
import { tempDir } from '../../support/core';

const dirs: string[] = [];
const fresh = () => {
  const d = tempDir();
  dirs.push(d);
  return join(d, 'bursar.sqlite');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A store with enough rows to span many pages, closed cleanly. */
function storeWithRows(file: string): void {
  const store = openStore({ file });
  store.raw.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT');
  const insert = store.raw.prepare('INSERT INTO filler (body) VALUES (?)');
  store.transaction(() => {
    for (let i = 0; i < 2_000; i++) insert.run(`row ${i} ${'x'.repeat(200)}`);
  });
  store.close();
}

describe('integrity check at open after a clean close', () => {
  it('checks a new file, skips the check after a clean close, and takes the note away while open', () => {
    const file = fresh();
    const first = openStore({ file });
    expect(first.integrityChecked).toBe(true);
    first.close();
    expect(existsSync(cleanCloseMarker(file))).toBe(true);

    const second = openStore({ file });
    expect(second.integrityChecked).toBe(false);
    // A crash from here on must leave no note: the next open has to check.
    expect(existsSync(cleanCloseMarker(file))).toBe(false);
    second.close();
    expect(openStore({ file, integrityCheck: 'always' }).integrityChecked).toBe(true);
  });

  it('checks a file left by a process that never closed it (a crash)', () => {
    const file = fresh();
    storeWithRows(file);
    const live = openStore({ file });
    live.run(sql`INSERT INTO filler (body) VALUES ('after open')`);
    // The files as a killed process leaves them: main file and WAL, no note.
    const crashed = fresh();
    copyFileSync(file, crashed);
    copyFileSync(`${file}-wal`, `${crashed}-wal`);
    live.close();
    const reopened = openStore({ file: crashed });
    expect(reopened.integrityChecked).toBe(true);
    expect(reopened.get<{ n: number }>(sql`SELECT count(*) AS n FROM filler`)?.n).toBe(2_001);
    reopened.close();
  });

  it('checks again when the file was changed outside the app after the clean close', () => {
    const file = fresh();
    storeWithRows(file);
    const mtimeBefore = statSync(file).mtimeMs;
    const outside = new Database(file);
    outside.exec("UPDATE filler SET body = 'edited' WHERE id = 1");
    outside.close();
    expect(statSync(file).mtimeMs).not.toBe(mtimeBefore);
    const store = openStore({ file });
    expect(store.integrityChecked).toBe(true);
    store.close();
  });

  it('refuses a file whose pages were damaged after a clean close, and leaves it as it was', () => {
    const file = fresh();
    storeWithRows(file);
    const pageSize = 4096;
    // Garbage over a page in the middle of the filler table's b-tree: the schema still reads.
    // (Picked by dbstat, not by position: the schema's own pages sit among the tables' as it grows.)
    const probe = new Database(file, { readonly: true });
    const leaves = probe.prepare(`SELECT pageno FROM dbstat WHERE name = 'filler' AND pagetype = 'leaf' ORDER BY pageno`).all() as { pageno: number }[];
    probe.close();
    const page = leaves[Math.floor(leaves.length / 2)]?.pageno ?? 0;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (page - 1) * pageSize);
    closeSync(fd);
    expect(() => openStore({ file })).toThrow(/integrity check/);
  });
});
