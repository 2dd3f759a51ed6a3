import { afterEach, describe, expect, it } from 'vitest';
import { errorFormat, renderErrorMessage } from '../../../shared/errorMessages';
import type { ErrorParams } from '../../../shared/errorMessages';
import { intlFor } from '../../../renderer/src/i18n';
import { rid } from '../../support/core';
import { csvText, editCsv, HEADERS_11, manifest, schoolBundle } from '../../support/oneRoster';
import { count, folder, mapping, rosterCore, snapshot, zip } from './fixtures';
import type { RosterCore } from './fixtures';

let core: RosterCore;
afterEach(() => core?.dispose());

const zero = { new: 0, changed: 0, unchanged: 0, remove: 0 };

describe('roster: bulk import of a OneRoster 1.1 bundle (class level)', () => {
  it('previews without writing, then imports products, payers with guardians and enrollments under the default plan', async () => {
    core = await rosterCore();
    const path = folder(core, schoolBundle('1.1'));
    const before = snapshot(core);
    const preview = await core.ok('roster:preview', { path, mode: 'bulk' });
    expect(preview.problems).toEqual([]);
    expect(preview.version).toBe('1.1');
    expect(preview.counts).toEqual({
      products: { ...zero, new: 3 },
      payers: { ...zero, new: 3 },
      enrollments: { ...zero, new: 4 },
    });
    expect(preview.ignored).toBe(2); // the teacher and the teacher's enrollment
    expect(snapshot(core)).toBe(before);

    const requestId = rid('roster');
    const result = await core.ok('roster:import', { requestId, path, mode: 'bulk' });
    expect(result.state).toBe('done');
    expect(result.report.counts).toEqual(preview.counts);

    const products = await core.ok('products:list', { query: 'Algebra', limit: 10, offset: 0 });
    expect(products.products.map((p) => [p.name, p.price, p.currency]).sort()).toEqual([
      ['Algebra I - Period 1', 450_00, 'USD'],
      ['Algebra I - Period 2', 450_00, 'USD'],
    ]);
    const plans = await core.ok('plans:list', { productId: products.products[0]!.id });
    expect(plans.plans.map((p) => [p.name, p.terms.kind])).toEqual([['Pay in full', 'full']]);

    const found = await core.ok('payers:search', { query: 'Ada', limit: 5 });
    expect(found.payers.map((p) => [p.name, p.email])).toEqual([['Ada Lovelace', 'ada@students.example.org']]);
    const contacts = core.store.raw.prepare(`SELECT c.name, c.relationship, c.email FROM payer_contacts c JOIN payers p ON p.id = c.payer_id WHERE p.name = 'Ben Franklin'`).all();
    expect(contacts).toEqual([{ name: 'Anne Byron', relationship: 'guardian', email: 'anne.byron@example.com' }]);
    expect(count(core, 'payer_contacts')).toBe(3);

    const enrollments = core.store.raw.prepare(`SELECT p.name AS payer, pr.name AS product, e.enrolled_on, e.total_amount, pl.name AS plan
      FROM enrollments e JOIN payers p ON p.id = e.payer_id JOIN products pr ON pr.id = e.product_id JOIN payment_plans pl ON pl.id = e.plan_id ORDER BY p.name, pr.name`).all();
    expect(enrollments).toEqual([
      { payer: 'Ada Lovelace', product: 'Algebra I - Period 1', enrolled_on: '2026-08-15', total_amount: 450_00, plan: 'Pay in full' },
      { payer: 'Ada Lovelace', product: 'Biology - Period 3', enrolled_on: '2026-08-15', total_amount: 450_00, plan: 'Pay in full' },
      { payer: 'Ben Franklin', product: 'Algebra I - Period 2', enrolled_on: '2026-08-15', total_amount: 450_00, plan: 'Pay in full' },
      { payer: 'Cy Young', product: 'Biology - Period 3', enrolled_on: '2026-08-20', total_amount: 450_00, plan: 'Pay in full' },
    ]);
    expect(count(core, 'schedule_items')).toBe(4);

    // Audited with the import's id, by whom.
    const audited = core.store.raw.prepare(`SELECT action, actor_name, json_extract(after_json, '$.importId') AS importId FROM audit_log WHERE (action LIKE 'roster.%' AND action <> 'roster.mapping.save') OR action = 'enrollment.create'`).all() as { action: string; actor_name: string; importId: string }[];
    expect(new Set(audited.map((a) => a.importId))).toEqual(new Set([result.importId]));
    expect(audited.filter((a) => a.action === 'enrollment.create')).toHaveLength(4);
    expect(audited.every((a) => a.actor_name === 'admin')).toBe(true);

    const history = await core.ok('roster:history', {});
    expect(history.imports).toHaveLength(1);
    expect(history.imports[0]).toMatchObject({ id: result.importId, mode: 'bulk', state: 'done', actorName: 'admin', digest: preview.digest, counts: preview.counts });
  });

  it('a re-import of the same bundle changes nothing', async () => {
    core = await rosterCore();
    const path = folder(core, schoolBundle('1.1'));
    await core.ok('roster:import', { requestId: rid('roster'), path, mode: 'bulk' });
    const tables = () => JSON.stringify(['products', 'payment_plans', 'payers', 'payer_contacts', 'enrollments', 'schedule_items', 'roster_links'].map((t) => core.store.raw.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()));
    const before = tables();
    const auditBefore = count(core, 'audit_log');
    const preview = await core.ok('roster:preview', { path, mode: 'bulk' });
    expect(preview.counts).toEqual({ products: { ...zero, unchanged: 3 }, payers: { ...zero, unchanged: 3 }, enrollments: { ...zero, unchanged: 4 } });
    const again = await core.ok('roster:import', { requestId: rid('roster'), path, mode: 'bulk' });
    expect(again.applied).toBe(0);
    expect(tables()).toBe(before);
    // Only the import's own start and finish are audited.
    expect(count(core, 'audit_log') - auditBefore).toBe(2);
  });

  it('the same request id replays the import instead of running it twice', async () => {
    core = await rosterCore();
    const path = folder(core, schoolBundle('1.1'));
    const requestId = rid('roster');
    const first = await core.ok('roster:import', { requestId, path, mode: 'bulk' });
    const second = await core.ok('roster:import', { requestId, path, mode: 'bulk' });
    expect(second).toEqual(first);
    expect(count(core, 'roster_imports')).toBe(1);
  });
});

describe('roster: OneRoster 1.2 zip at course level', () => {
  it('reads roles from roles.csv, prices from the per-course table and a column, and makes one enrollment per student and course', async () => {
    core = await rosterCore({ productLevel: 'course', defaultPrice: null, priceColumn: 'metadata.bursar.price', coursePrices: [{ courseSourcedId: 'crs-bio', price: 380_00 }] });
    const files = schoolBundle('1.2');
    // A column of the SIS's own (metadata.*) carries Algebra's price; Ada is also in period 2 of Algebra.
    const withPrice = editCsv(files, 'courses.csv', (lines) => lines.map((l, i) => `${l},${i === 0 ? 'metadata.bursar.price' : l.startsWith('crs-alg1') ? '520.00' : ''}`));
    const bundle = editCsv(withPrice, 'enrollments.csv', (lines) => [...lines, 'enr-6,,,cls-alg1-p2,sch-1,stu-ada,student,false,2026-08-15,']);
    const path = zip(core, bundle);
    const preview = await core.ok('roster:preview', { path, mode: 'bulk' });
    expect(preview.problems).toEqual([]);
    expect(preview.version).toBe('1.2');
    expect(preview.counts.products).toEqual({ ...zero, new: 2 });
    expect(preview.counts.enrollments).toEqual({ ...zero, new: 4, unchanged: 1 });
    await core.ok('roster:import', { requestId: rid('roster'), path, mode: 'bulk' });
    const products = core.store.raw.prepare('SELECT name, price FROM products ORDER BY name').all();
    expect(products).toEqual([{ name: 'Algebra I', price: 520_00 }, { name: 'Biology', price: 380_00 }]);
    expect(count(core, 'enrollments')).toBe(4);
    expect(count(core, 'roster_links', "kind = 'enrollment'")).toBe(5);
  });
});

describe('roster: delta', () => {
  it('updates names, adds rows, deactivates a removed class and flags a removed enrollment for an admin', async () => {
    core = await rosterCore();
    await core.ok('roster:import', { requestId: rid('roster'), path: folder(core, schoolBundle('1.1')), mode: 'bulk' });
    const ts = '2026-09-01T08:00:00.000Z';
    const delta = {
      'manifest.csv': manifest('1.1', { classes: 'delta', users: 'delta', enrollments: 'delta' }),
      'classes.csv': csvText(HEADERS_11['classes.csv'], [
        { sourcedId: 'cls-bio-p3', status: 'tobedeleted', dateLastModified: ts, title: 'Biology - Period 3', courseSourcedId: 'crs-bio', classType: 'scheduled', schoolSourcedId: 'sch-1', termSourcedIds: 'fall-2026' },
      ]),
      'users.csv': csvText(HEADERS_11['users.csv'], [
        { sourcedId: 'stu-ada', status: 'active', dateLastModified: ts, enabledUser: 'true', orgSourcedIds: 'sch-1', role: 'student', username: 'ada.k', givenName: 'Ada', familyName: 'King', email: 'ada@students.example.org', agentSourcedIds: 'gdn-byron' },
        { sourcedId: 'stu-dee', status: 'active', dateLastModified: ts, enabledUser: 'true', orgSourcedIds: 'sch-1', role: 'student', username: 'dee', givenName: 'Dee', familyName: 'Dalton', agentSourcedIds: 'gdn-byron' },
      ]),
      'enrollments.csv': csvText(HEADERS_11['enrollments.csv'], [
        { sourcedId: 'enr-2', status: 'tobedeleted', dateLastModified: ts, classSourcedId: 'cls-alg1-p2', schoolSourcedId: 'sch-1', userSourcedId: 'stu-ben', role: 'student' },
        { sourcedId: 'enr-7', status: 'active', dateLastModified: ts, classSourcedId: 'cls-alg1-p2', schoolSourcedId: 'sch-1', userSourcedId: 'stu-dee', role: 'student', beginDate: '2026-09-01' },
      ]),
    };
    const path = folder(core, delta);
    const preview = await core.ok('roster:preview', { path, mode: 'delta' });
    expect(preview.problems).toEqual([]);
    expect(preview.counts).toEqual({ products: { ...zero, remove: 1 }, payers: { ...zero, new: 1, changed: 1 }, enrollments: { ...zero, new: 1, remove: 1 } });
    await core.ok('roster:import', { requestId: rid('roster'), path, mode: 'delta' });

    expect(core.store.raw.prepare("SELECT active FROM products WHERE name = 'Biology - Period 3'").get()).toEqual({ active: 0 });
    expect((await core.ok('payers:search', { query: 'Ada K', limit: 5 })).payers.map((p) => p.name)).toEqual(['Ada King']);
    expect(core.store.raw.prepare("SELECT c.name FROM payer_contacts c JOIN payers p ON p.id = c.payer_id WHERE p.name = 'Dee Dalton'").all()).toEqual([{ name: 'Anne Byron' }]);
    // Nothing cancelled silently: Ben's enrollment stays active and waits for an admin.
    expect(count(core, 'enrollments', "status = 'active'")).toBe(5);
    const flagged = await core.ok('roster:flagged', {});
    expect(flagged.enrollments.map((e) => [e.payerName, e.productName, e.status])).toEqual([['Ben Franklin', 'Algebra I - Period 2', 'active']]);
  });

  it('a delta file in a bulk import is named on the manifest line', async () => {
    core = await rosterCore();
    const files = { ...schoolBundle('1.1'), 'manifest.csv': manifest('1.1', { orgs: 'bulk', academicSessions: 'bulk', courses: 'bulk', classes: 'bulk', users: 'delta', enrollments: 'bulk' }) };
    const preview = await core.ok('roster:preview', { path: folder(core, files), mode: 'bulk' });
    expect(preview.problems).toEqual([expect.objectContaining({ file: 'manifest.csv', field: 'file.users', message: expect.stringContaining('says delta but this import is bulk') })]);
  });
});

describe('roster: what Bursar changed is kept', () => {
  it('a price changed in Bursar is kept and listed; a price the SIS changes otherwise follows', async () => {
    core = await rosterCore();
    const path = folder(core, schoolBundle('1.1'));
    await core.ok('roster:import', { requestId: rid('roster'), path, mode: 'bulk' });
    const p1 = (await core.ok('products:list', { query: 'Period 1', limit: 5, offset: 0 })).products[0]!;
    await core.ok('products:update', { requestId: rid('price'), productId: p1.id, patch: { price: 399_00 } });
    await core.ok('roster:saveMapping', { requestId: rid('map'), mapping: mapping({ defaultPrice: 500_00 }) });

    const preview = await core.ok('roster:preview', { path, mode: 'bulk' });
    expect(preview.kept).toEqual([expect.objectContaining({ kind: 'product', sourcedId: 'cls-alg1-p1', field: 'price', reason: expect.stringContaining('$399.00') })]);
    // Issue 17: the window words the reason from its key, amounts in the office's locale and currency.
    const kept = preview.kept[0]!;
    expect(kept.reasonWords).toEqual({ key: 'rosterKept.price', params: { price: { amount: 399_00, currency: 'USD' }, sis: { amount: 500_00, currency: 'USD' } } });
    const windowSays = (w: { key: string; params: ErrorParams }, locale: string) => renderErrorMessage(w.key, w.params, { ...errorFormat(locale), words: (k, p) => intlFor(locale).formatMessage({ id: `error.${k}` }, p) });
    expect(windowSays(kept.reasonWords, 'en-US')).toBe(kept.reason);
    expect(windowSays(kept.reasonWords, 'es-ES')).toBe('se conserva el precio de Bursar, 399,00\u00a0US$; el SIS indica 500,00\u00a0US$');
    expect(preview.counts.products).toEqual({ ...zero, changed: 2, unchanged: 1 });
    await core.ok('roster:import', { requestId: rid('roster'), path, mode: 'bulk' });
    const prices = core.store.raw.prepare('SELECT name, price FROM products ORDER BY name').all();
    expect(prices).toEqual([
      { name: 'Algebra I - Period 1', price: 399_00 },
      { name: 'Algebra I - Period 2', price: 500_00 },
      { name: 'Biology - Period 3', price: 500_00 },
    ]);
  });

  it('an enrollment whose plan was changed in Bursar is kept and listed, named and worded by keys the window reads in Spanish', async () => {
    core = await rosterCore();
    const path = folder(core, schoolBundle('1.1'));
    await core.ok('roster:import', { requestId: rid('roster'), path, mode: 'bulk' });
    const p1 = (await core.ok('products:list', { query: 'Period 1', limit: 5, offset: 0 })).products[0]!;
    const monthly = await core.ok('plans:create', { requestId: rid('pln'), plan: { productId: p1.id, name: 'Monthly', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 3, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } } });
    // The desk has no channel that moves an enrollment to another plan yet: the change stands in as the row an admin's change leaves.
    core.store.raw.prepare(`UPDATE enrollments SET plan_id = ? WHERE product_id = ? AND payer_id = (SELECT id FROM payers WHERE name = 'Ada Lovelace')`).run(monthly.id, p1.id);
    const preview = await core.ok('roster:preview', { path, mode: 'bulk' });
    const kept = preview.kept.find((k) => k.kind === 'enrollment');
    expect(kept).toEqual({ kind: 'enrollment', sourcedId: 'enr-1', name: 'Ada Lovelace in Algebra I - Period 1', nameWords: { key: 'rosterKept.enrollment', params: { payer: 'Ada Lovelace', product: 'Algebra I - Period 1' } }, field: 'plan', reason: 'its plan was changed in Bursar and is kept', reasonWords: { key: 'rosterKept.plan', params: {} } });
    const es = (w: { key: string; params: ErrorParams }) => renderErrorMessage(w.key, w.params, { ...errorFormat('es-ES'), words: (k, p) => intlFor('es-ES').formatMessage({ id: `error.${k}` }, p) });
    expect([es(kept!.nameWords!), es(kept!.reasonWords)]).toEqual(['Ada Lovelace en Algebra I - Period 1', 'su plan se cambió en Bursar y se conserva']);
  });

  it('a bulk file that no longer lists an enrollment flags it, and never cancels it', async () => {
    core = await rosterCore();
    const files = schoolBundle('1.1');
    await core.ok('roster:import', { requestId: rid('roster'), path: folder(core, files), mode: 'bulk' });
    const without = editCsv(files, 'enrollments.csv', (lines) => lines.filter((l) => !l.startsWith('enr-3,')));
    const path = folder(core, without);
    const preview = await core.ok('roster:preview', { path, mode: 'bulk' });
    expect(preview.counts.enrollments).toEqual({ ...zero, unchanged: 3, remove: 1 });
    await core.ok('roster:import', { requestId: rid('roster'), path, mode: 'bulk' });
    expect((await core.ok('roster:flagged', {})).enrollments.map((e) => e.payerName)).toEqual(['Cy Young']);
    expect(count(core, 'enrollments', "status = 'active'")).toBe(4);
  });

  it('a row the store refuses while applying is reported by file and line; the rest of its batch applies', async () => {
    core = await rosterCore();
    const files = schoolBundle('1.1');
    await core.ok('roster:import', { requestId: rid('roster'), path: folder(core, files), mode: 'bulk' });
    // An admin closes Period 1 in Bursar; the SIS then enrolls Cy in it, and Ben in Biology.
    const p1 = (await core.ok('products:list', { query: 'Period 1', limit: 5, offset: 0 })).products[0]!;
    await core.ok('products:update', { requestId: rid('close'), productId: p1.id, patch: { active: false } });
    const more = editCsv(files, 'enrollments.csv', (lines) => [...lines, 'enr-8,,,cls-alg1-p1,sch-1,stu-cy,student,false,2026-09-01,', 'enr-9,,,cls-bio-p3,sch-1,stu-ben,student,false,2026-09-01,']);
    const result = await core.ok('roster:import', { requestId: rid('roster'), path: folder(core, more), mode: 'bulk' });
    expect(result.report.problems).toEqual([expect.objectContaining({ file: 'enrollments.csv', line: 7, field: 'classSourcedId', key: 'enrollment.productInactive', params: { product: 'Algebra I - Period 1' }, message: expect.stringMatching(/inactive/) })]);
    expect(core.store.raw.prepare(`SELECT p.name FROM enrollments e JOIN payers p ON p.id = e.payer_id JOIN products pr ON pr.id = e.product_id WHERE pr.name = 'Biology - Period 3' ORDER BY p.name`).all()).toEqual([{ name: 'Ada Lovelace' }, { name: 'Ben Franklin' }, { name: 'Cy Young' }]);
  });
});
