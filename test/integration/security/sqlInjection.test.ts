import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../electron/core';
import type { Session } from '../../../electron/core';
import { channelNames } from '../../../shared/contract';
import type { Channel } from '../../../shared/contract';
import { channelExamples } from '../../support/channelExamples';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';
import { setPath, stringPaths } from '../../support/zodWalk';

const root = resolve(import.meta.dirname, '../../..');

/** Text that changes a query's meaning if it is ever pasted into SQL instead of bound. */
const SQL_STRINGS = [
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  "' OR '1'='1",
  'Robert\'); DELETE FROM audit_log; --',
  '%',
  '_',
  '\\',
  '%_%\\%',
  "O'Brien",
  '1; PRAGMA writable_schema = 1',
];

type Fingerprint = { tables: string; counts: Record<string, number>; integrity: string };

describe('every query is parameterised', () => {
  let core: TestCore;
  // A second connection to the same file, only to ask whether anything was committed since it
  // last asked: its data_version changes with every commit made by any other connection (the
  // core's), schema and PRAGMA writes included. integrity_check reads every page of a store
  // that grows to ~13 MB here, and was two thirds of this file's time; a call that committed
  // nothing leaves the file exactly as the last check found it (about 4 calls in 10 here), so
  // the check runs after every call that committed and its result stands for the others.
  // A file replaced under the core (a restore) or a reopened connection also means a new check,
  // on a watcher of the new file.
  let watcher: Database.Database;
  let watched: { ino: number; raw: unknown } = { ino: -1, raw: null };
  let checkedVersion: number | null = null;
  let lastIntegrity = '';
  const integrity = (): string => {
    const file = join(core.dataDir, DATABASE_FILE);
    const now = { ino: statSync(file).ino, raw: core.store.raw };
    if (now.ino !== watched.ino || now.raw !== watched.raw) {
      watcher?.close();
      watcher = new Database(file, { readonly: true, fileMustExist: true });
      watched = now;
      checkedVersion = null;
    }
    const version = Number(watcher.pragma('data_version', { simple: true }));
    if (version !== checkedVersion) {
      lastIntegrity = String(core.store.raw.pragma('integrity_check', { simple: true }));
      checkedVersion = version;
    }
    return lastIntegrity;
  };
  const fingerprint = (): Fingerprint => {
    const db = core.store.raw;
    const names = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    const counts: Record<string, number> = {};
    for (const n of names) counts[n] = (db.prepare(`SELECT count(*) AS n FROM "${n}"`).get() as { n: number }).n;
    return { tables: (db.prepare(`SELECT group_concat(type || ':' || name, ',') AS s FROM (SELECT type, name FROM sqlite_schema ORDER BY type, name)`).get() as { s: string }).s, counts, integrity: integrity() };
  };
  beforeAll(async () => {
    core = await makeCore();
  });
  // An export started by data:exportAll runs in the background: let it finish before the folder goes.
  afterAll(async () => {
    watcher?.close();
    await core.services.jobs.idle();
    core.dispose();
  });

  it('the integrity check runs again after any commit, and only then', async () => {
    const checks = () => checkedVersion;
    integrity();
    const before = checks();
    integrity();
    expect(checks(), 'nothing committed: the last check stands').toBe(before);
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Office after a commit' } });
    integrity();
    expect(checks(), 'a commit by the core: checked again').not.toBe(before);
    const after = checks();
    core.store.raw.exec('CREATE TABLE probe_schema_write (x); DROP TABLE probe_schema_write');
    integrity();
    expect(checks(), 'a schema write: checked again').not.toBe(after);
  });

  it('SQL-looking text through every string field of every example leaves the schema and data intact and round-trips literally', async () => {
    let sent = 0;
    let echoed = 0;
    // Examples' setup only adds rows, so the last call's fingerprint is the next one's "before".
    let before = fingerprint();
    const env = { rid, ok: (ch: string, i: unknown) => core.ok(ch as Channel, i as never) };
    for (const channel of channelNames) {
      const example = channelExamples[channel];
      if (!example) continue;
      const session: Session | null = example.as === 'none' ? null : core.admin;
      const template = await example.input(env);
      for (const path of stringPaths(template)) {
        if (path.at(-1) === 'requestId') continue; // a fixed-alphabet id; fuzzed elsewhere
        for (const text of SQL_STRINGS) {
          const fresh = await example.input(env);
          const input = setPath(fresh, path, text);
          const r = await core.invoke(channel, input, session);
          sent++;
          const after = fingerprint();
          const prior = before;
          before = after;
          expect(after.integrity).toBe('ok');
          expect(after.tables, `${channel} ${path.join('.')} = ${text} changed the schema`).toBe(prior.tables);
          for (const [table, n] of Object.entries(prior.counts)) expect(after.counts[table] ?? -1, `${channel} ${path.join('.')} = ${text}: rows vanished from ${table}`).toBeGreaterThanOrEqual(n);
          if (!r.ok) {
            expect(['VALIDATION', 'CONFLICT', 'NOT_FOUND', 'FORBIDDEN'], `${channel} ${path.join('.')} = ${text}: ${r.error.message}`).toContain(r.error.code);
            continue;
          }
          // Where the answer has a field of the same name, it holds exactly what was sent.
          const key = String(path.at(-1));
          const echo = findKey(r.value, key);
          if (echo !== undefined) {
            expect(echo, `${channel} ${path.join('.')}`).toBe(text);
            echoed++;
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(0);
    expect(echoed).toBeGreaterThan(0);
  }, 180_000);

  it('a name stored with quotes, percent signs and backslashes reads back byte for byte', async () => {
    for (const text of SQL_STRINGS) {
      await core.ok('settings:update', { requestId: rid(), patch: { officeName: `Office ${text}` } });
      expect((await core.ok('settings:get', {})).officeName).toBe(`Office ${text}`);
    }
    expect((core.store.raw.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n).toBeGreaterThan(0);
  });
});

/** Source files outside electron/store that build SQL text from values. */
const INTERPOLATED_SQL = /\.(prepare|exec|pragma)\(\s*`[^`]*\$\{/;
const CONCATENATED_SQL = /\.(prepare|exec)\(\s*(['"])[^'"]*\2\s*\+/;

function sources(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'out') continue;
    if (statSync(p).isDirectory()) out = out.concat(sources(p));
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

function sqlBuiltFromValues(code: string): string[] {
  return code.split('\n').filter((line) => INTERPOLATED_SQL.test(line) || CONCATENATED_SQL.test(line));
}

describe('static: no SQL text built from values outside electron/store', () => {
  it('the check catches interpolation and concatenation', () => {
    expect(sqlBuiltFromValues('db.prepare(`SELECT * FROM t WHERE id = ${id}`).get();')).toHaveLength(1);
    expect(sqlBuiltFromValues("db.exec('DELETE FROM t WHERE id = ' + id);")).toHaveLength(1);
    expect(sqlBuiltFromValues('store.get(sql`SELECT * FROM t WHERE id = ${id}`);')).toHaveLength(0);
  });

  it('electron/, relay/ and shared/ use the sql tag (the store and migrator are exempt: they own the connection)', () => {
    const offenders: string[] = [];
    const files = ['electron', 'relay', 'shared'].flatMap((d) => sources(join(root, d)));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const rel = relative(root, file);
      // The desk's store and the relay's storage own their connections; PRAGMA takes no parameters.
      if (rel.startsWith(join('electron', 'store')) || rel.startsWith(join('relay', 'storage'))) continue;
      for (const line of sqlBuiltFromValues(readFileSync(file, 'utf8'))) offenders.push(`${rel}: ${line.trim()}`);
    }
    expect(offenders).toEqual([]);
  });
});

function findKey(value: unknown, key: string): unknown {
  if (!value || typeof value !== 'object') return undefined;
  if (Object.prototype.hasOwnProperty.call(value, key)) return (value as Record<string, unknown>)[key];
  for (const v of Object.values(value)) {
    const found = findKey(v, key);
    if (found !== undefined) return found;
  }
  return undefined;
}
