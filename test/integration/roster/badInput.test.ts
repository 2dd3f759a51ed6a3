import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rosterLimits } from '../../../electron/services/roster/bundle';
import { rid } from '../../support/core';
import { editCsv, manifest, schoolBundle } from '../../support/oneRoster';
import type { Files } from '../../support/oneRoster';
import { folder, rosterCore, snapshot, zip } from './fixtures';
import type { RosterCore } from './fixtures';

let core: RosterCore;
afterEach(() => core?.dispose());

type Where = { file: string; line: number; field: string; message: RegExp };

/** Preview names the problem by file, line and field; import refuses the bundle whole and writes nothing. */
async function refused(path: string, where: Where, mode: 'bulk' | 'delta' = 'bulk') {
  const preview = await core.ok('roster:preview', { path, mode });
  // Each problem carries its key, so the window words it in its language.
  expect(preview.problems).toContainEqual({ file: where.file, line: where.line, field: where.field, message: expect.stringMatching(where.message), key: expect.any(String), params: expect.any(Object) });
  const before = snapshot(core);
  const error = await core.fail('roster:import', { requestId: rid('roster'), path, mode });
  expect(error.code).toBe('VALIDATION');
  expect(error.message).toMatch(/nothing was imported/);
  expect(error.fields?.[`${where.file}:${where.line}:${where.field}`]).toMatch(where.message);
  expect(error.fieldKeys?.[`${where.file}:${where.line}:${where.field}`]?.key).toEqual(expect.any(String));
  expect(snapshot(core)).toBe(before);
}

const base = (): Files => schoolBundle('1.1');

describe('roster: bad input is named by file, line and field, and nothing is written', () => {
  it('a missing required column', async () => {
    core = await rosterCore();
    const files = editCsv(base(), 'users.csv', (lines) => lines.map((l) => l.split(',').filter((_, i) => i !== 8).join(',')));
    await refused(folder(core, files), { file: 'users.csv', line: 1, field: 'givenName', message: /missing from the header/ });
  });

  it('a wrong manifest version', async () => {
    core = await rosterCore();
    const files = { ...base(), 'manifest.csv': manifest('1.1', { courses: 'bulk', classes: 'bulk', users: 'bulk', enrollments: 'bulk', orgs: 'bulk', academicSessions: 'bulk' }).replace('oneroster.version,1.1', 'oneroster.version,1.0') };
    await refused(folder(core, files), { file: 'manifest.csv', line: 3, field: 'oneroster.version', message: /must be 1\.1 or 1\.2/ });
  });

  it("an enrollment's unknown class and unknown user", async () => {
    core = await rosterCore();
    const files = editCsv(base(), 'enrollments.csv', (lines) => [...lines, 'enr-9,,,cls-nope,sch-1,stu-ada,student,false,2026-08-15,', 'enr-10,,,cls-bio-p3,sch-1,stu-nobody,student,false,2026-08-15,']);
    const path = folder(core, files);
    await refused(path, { file: 'enrollments.csv', line: 7, field: 'classSourcedId', message: /cls-nope, which is neither in classes\.csv nor imported before/ });
    await refused(path, { file: 'enrollments.csv', line: 8, field: 'userSourcedId', message: /stu-nobody, who is neither in users\.csv nor imported before/ });
  });

  it('a duplicate sourcedId', async () => {
    core = await rosterCore();
    const files = editCsv(base(), 'classes.csv', (lines) => [...lines, lines[1]!]);
    await refused(folder(core, files), { file: 'classes.csv', line: 5, field: 'sourcedId', message: /appears twice in classes\.csv/ });
  });

  it('a bad date and a bad enumeration', async () => {
    core = await rosterCore();
    const dated = editCsv(base(), 'enrollments.csv', (lines) => lines.map((l) => (l.startsWith('enr-3,') ? l.replace('2026-08-20', '2026-02-30') : l)));
    const files = editCsv(dated, 'classes.csv', (lines) => lines.map((l) => (l.startsWith('cls-bio-p3,') ? l.replace('scheduled', 'lecture') : l)));
    const path = folder(core, files);
    await refused(path, { file: 'enrollments.csv', line: 4, field: 'beginDate', message: /"2026-02-30" is not a date/ });
    await refused(path, { file: 'classes.csv', line: 4, field: 'classType', message: /"lecture" is not one of homeroom, scheduled/ });
  });

  it('a delta row without status or dateLastModified', async () => {
    core = await rosterCore();
    const files: Files = {
      'manifest.csv': manifest('1.1', { users: 'delta' }),
      'users.csv': editCsv(base(), 'users.csv', (lines) => lines.slice(0, 2))['users.csv']!,
    };
    await refused(folder(core, files), { file: 'users.csv', line: 2, field: 'status', message: /required in a delta file/ }, 'delta');
  });

  it('a user whose agent is nowhere', async () => {
    core = await rosterCore();
    const files = editCsv(base(), 'users.csv', (lines) => lines.map((l) => (l.startsWith('stu-cy,') ? l.replace(',10,', ',10,').replace('cy@students.example.org,,,', 'cy@students.example.org,,,gdn-ghost') : l)));
    await refused(folder(core, files), { file: 'users.csv', line: 4, field: 'agentSourcedIds', message: /gdn-ghost, who is neither in users\.csv nor imported before/ });
  });

  it('text that is not UTF-8', async () => {
    core = await rosterCore();
    const users = String(base()['users.csv']).replace('Lovelace', 'Lovel\u00e1ce');
    const latin1 = Buffer.from(users, 'latin1');
    await refused(folder(core, { ...base(), 'users.csv': latin1 }), { file: 'users.csv', line: 2, field: 'encoding', message: /is not UTF-8 text/ });
  });

  it('a zip bomb: an entry that unzips to a thousand times its size', async () => {
    core = await rosterCore();
    const bomb = Buffer.alloc(20 * 1024 * 1024, 0x20);
    await refused(zip(core, { ...base(), 'demographics.csv': bomb }), { file: 'demographics.csv', line: 0, field: 'file', message: /possible zip bomb/ });
  });

  it('a zip whose directory lies about an entry size is caught while streaming', async () => {
    core = await rosterCore();
    const files = base();
    const path = zip(core, files, { declaredSize: { 'users.csv': 100 } });
    const preview = await core.ok('roster:preview', { path, mode: 'bulk' });
    expect(preview.problems[0]).toMatchObject({ file: 'users.csv', field: 'file' });
    expect((await core.fail('roster:import', { requestId: rid('roster'), path, mode: 'bulk' })).code).toBe('VALIDATION');
  });

  it('an oversized file', async () => {
    core = await rosterCore();
    const saved = rosterLimits.maxFileBytes;
    rosterLimits.maxFileBytes = 500;
    try {
      for (const path of [folder(core, base()), zip(core, base())]) {
        const preview = await core.ok('roster:preview', { path, mode: 'bulk' });
        expect(preview.problems).toEqual([expect.objectContaining({ line: 0, field: 'file', message: expect.stringMatching(/Bursar reads files of/) })]);
        expect(preview.problems[0]?.file).toMatch(/\.csv$/);
        const before = snapshot(core);
        expect((await core.fail('roster:import', { requestId: rid('roster'), path, mode: 'bulk' })).code).toBe('VALIDATION');
        expect(snapshot(core)).toBe(before);
      }
    } finally {
      rosterLimits.maxFileBytes = saved;
    }
  });

  it('too many entries in a zip, and a path that is not there', async () => {
    core = await rosterCore();
    const many: Files = { ...base() };
    for (let i = 0; i < rosterLimits.maxEntries + 1; i += 1) many[`extra/${i}.txt`] = 'x';
    const preview = await core.ok('roster:preview', { path: zip(core, many), mode: 'bulk' });
    expect(preview.problems[0]?.message).toMatch(/holds more than/);
    const missing = await core.ok('roster:preview', { path: join(core.dir, 'nowhere.zip'), mode: 'bulk' });
    expect(missing.problems[0]).toMatchObject({ field: 'path', message: expect.stringMatching(/was not found/) });
  });

  it('a bundle with no manifest, and a file that is not a zip', async () => {
    core = await rosterCore();
    const { 'manifest.csv': _, ...rest } = base();
    await refused(folder(core, rest), { file: 'manifest.csv', line: 0, field: 'file', message: /is missing/ });
    const notZip = join(core.dir, 'roster.zip');
    writeFileSync(notZip, 'sourcedId,status\n');
    const preview = await core.ok('roster:preview', { path: notZip, mode: 'bulk' });
    expect(preview.problems[0]).toMatchObject({ file: 'roster.zip', message: expect.stringMatching(/cannot be read as a zip/) });
  });

  it('a product with no price anywhere', async () => {
    core = await rosterCore({ defaultPrice: null });
    await refused(folder(core, base()), { file: 'classes.csv', line: 2, field: 'price', message: /has no price/ });
  });
});
