import type { IncomingEntry } from '../../../electron/office/journalPort';
import { createCore } from '../../../electron/core';
import type { Core } from '../../../electron/core';
import { writeSettings } from '../../../electron/services/settings/settingsRepo';
import { tempDir } from '../core';
import { rmSync } from 'node:fs';

/**
 * A hub in the test's memory: it orders what desks push (cursor 1, 2, 3… in push order),
 * ignores an entry id it already holds, and hands pages out by cursor — the journal seam's
 * other half without network or crypto, so the apply half is tested alone.
 */
export class TestHub {
  readonly log: IncomingEntry[] = [];
  private readonly ids = new Map<string, number>();

  /** Pushes up to `limit` of the desk's unsent entries; answers with their cursors like the hub. */
  push(core: Core, limit = 500): number {
    const journal = core.services.office;
    const out = journal.unsent(limit);
    const acks = out.map((e) => {
      let cursor = this.ids.get(e.id);
      if (cursor === undefined) {
        cursor = this.log.length + 1;
        this.ids.set(e.id, cursor);
        this.log.push({ cursor, id: e.id, desk: e.desk, deskSeq: e.deskSeq, body: e.body });
      }
      return { id: e.id, cursor };
    });
    journal.markSent(acks);
    return out.length;
  }

  /** Applies the next page after the desk's cursor in one transaction; returns the new cursor. */
  pull(core: Core, after: number, pageSize = 50): number {
    const page = this.log.slice(after, after + pageSize);
    if (page.length === 0) return after;
    core.store.transaction(() => core.services.office.applyPage(page));
    return page.at(-1)?.cursor ?? after;
  }
}

export type OfficeDesk = { core: Core; deskId: string; cursor: number; dataDir: string };

/** A desk of the office: a fresh core whose desk code is `deskCode`, joined (empty) to the office. */
export function makeDesk(officeId: string, deskId: string, deskCode: string, now?: () => Date, env?: NodeJS.ProcessEnv): OfficeDesk {
  const dataDir = tempDir('bursar-office-');
  const core = createCore({ dataDir, checkOutput: true, ...(now ? { now } : {}), ...(env ? { env } : {}) });
  writeSettings(core.store, { deskCode }, new Date());
  core.services.office.join({ officeId, deskId, seed: false });
  return { core, deskId, cursor: 0, dataDir };
}

/** Pushes and pulls every desk until nothing is unsent and every desk holds the whole log. */
export function settle(hub: TestHub, desks: OfficeDesk[]): void {
  for (let round = 0; round < 100; round += 1) {
    for (const d of desks) while (hub.push(d.core) > 0);
    for (const d of desks) while (d.cursor < hub.log.length) d.cursor = hub.pull(d.core, d.cursor);
    if (desks.every((d) => d.core.services.office.unsentCount() === 0 && d.cursor === hub.log.length)) return;
  }
  throw new Error('the office did not settle');
}

export function disposeDesk(d: OfficeDesk): void {
  d.core.close();
  rmSync(d.dataDir, { recursive: true, force: true });
}
