import { join } from 'node:path';
import type { RosterMapping } from '../../../shared/contract/roster';
import { makeCore, rid, tempDir } from '../../support/core';
import type { TestCore } from '../../support/core';
import { writeFolder } from '../../support/oneRoster';
import type { Files } from '../../support/oneRoster';
import { writeZip } from '../../support/zipWriter';

export const mapping = (over: Partial<RosterMapping> = {}): RosterMapping => ({
  productLevel: 'class', productType: 'course', currency: 'USD', defaultPrice: 450_00, priceColumn: null, coursePrices: [], ...over,
});

export type RosterCore = TestCore & { dir: string };

export async function rosterCore(over: Partial<RosterMapping> = {}): Promise<RosterCore> {
  const clock = { at: new Date('2026-08-01T10:00:00Z') };
  const core = await makeCore({ now: () => clock.at });
  await core.ok('roster:saveMapping', { requestId: rid('map'), mapping: mapping(over) });
  return Object.assign(core, { dir: tempDir('bursar-roster-') });
}

let n = 0;
export const folder = (core: RosterCore, files: Files): string => writeFolder(join(core.dir, `bundle-${++n}`), files);
export const zip = (core: RosterCore, files: Files, options: { declaredSize?: Record<string, number> } = {}): string => writeZip(join(core.dir, `bundle-${++n}.zip`), files, options);

const TABLES = ['products', 'payment_plans', 'payers', 'payer_contacts', 'enrollments', 'schedule_items', 'roster_links', 'roster_imports', 'audit_log', 'requests'] as const;
/** Every row the import could write: equal before and after proves "nothing written". */
export function snapshot(core: TestCore): string {
  return JSON.stringify(TABLES.map((t) => core.store.raw.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()));
}
export const count = (core: TestCore, table: string, where = '1 = 1'): number =>
  (core.store.raw.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;
