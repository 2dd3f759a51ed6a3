import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableKinds } from '../../../electron/office/journal/tableKinds';
import { openStore } from '../../../electron/store/store';
import { tempDir } from '../../support/core';

describe('office table classification', () => {
  it('names every table of the schema, and only those', () => {
    const dir = tempDir();
    const store = openStore({ file: join(dir, 'bursar.sqlite') });
    try {
      const tables = (store.raw.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
      const unclassified = tables.filter((t) => !(t in tableKinds));
      // A new table must say whether it is an office fact, an office field, derived or per desk (electron/office/journal/tableKinds.ts).
      expect(unclassified).toEqual([]);
      expect(Object.keys(tableKinds).sort()).toEqual(tables);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
