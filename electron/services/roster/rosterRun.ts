import { createHash } from 'node:crypto';
import type { RosterCounts, RosterMapping, RosterMode, RosterProblem, RosterReport } from '../../../shared/contract/roster';
import { Email, Phone } from '../../../shared/contract/payers';
import { renderErrorMessage } from '../../../shared/errorMessages';
import type { ErrorKey, ErrorParams } from '../../../shared/errorMessages';
import { parseMoney } from '../../../shared/money';
import { AppError, refuseAs } from '../../core/errors';
import type { HandlerContext } from '../../core/handlers';
import type { Store } from '../../store/store';
import { memoReads } from '../enrollments/catalogReads';
import type { CatalogReads } from '../enrollments/catalogReads';
import { createEnrollment } from '../enrollments/createEnrollment';
import { findActiveEnrollmentId } from '../enrollments/enrollmentsRepo';
import { insertPayer, updatePayer } from '../payers/payersRepo';
import { insertPlan } from '../plans/plansRepo';
import { fieldsOf, findProduct, insertProduct, updateProduct } from '../products/productsRepo';
import { BundleProblem } from './bundle';
import type { Bundle } from './bundle';
import { readCsv } from './readCsv';
import type { CsvRow } from './readCsv';
import { linkCache } from './linkCache';
import { activeImportedPairs, contactDiffers, contactKey, enrollmentFacts, importedContacts, findContactBySource, linkedEnrollmentStates, unflaggedLinks, updateContactsBySource, upsertContact } from './rosterRepo';
import type { Contact, Imported, LinkKind } from './rosterRepo';
import {
  BOOLEANS, CLASS_TYPES, CONTACT_ROLES, MANIFEST_KEY, ONEROSTER_VERSIONS, ORG_TYPES, ROLE_TYPES, SESSION_TYPES, STATUS,
  enrollmentRoles, isDate, isDateTime, requiredColumns, userRoles,
} from './spec';
import type { ContactRole, OneRosterVersion, RosterFile } from './spec';
import type { AuditAction, AuditEntityType } from '../../../shared/auditActions';

const MAX_LISTED = 500;
/** Rows per transaction: big enough that commits (an fsync each) are few, small enough that the desk waits well under a second. */
const BATCH = 1000;

/** Thrown between batches when an admin cancels: what was applied stays (a re-import finishes it). */
export class Cancelled extends Error {}

export type RunOptions = {
  store: Store;
  mapping: RosterMapping;
  mode: RosterMode;
  /** Null for a dry run: nothing is written. */
  write: { ctx: HandlerContext; importId: string } | null;
  onBytes(bytes: number): void;
  onRows(rows: number): void;
  cancelled(): boolean;
};

export type RunResult = { report: RosterReport; applied: number; pending: number };

const digestOf = (...parts: unknown[]): string => createHash('sha1').update(JSON.stringify(parts)).digest('base64url');
const emptyCounts = (): RosterCounts => ({ new: 0, changed: 0, unchanged: 0, remove: 0 });
const PLAN_NAME = 'Pay in full';

type CourseRow = { title: string; line: number; status: string; price: number | null };
type ClassRow = { title: string; line: number; status: string; courseSourcedId: string; price: number | null };
type UserKind = 'student' | 'contact' | 'other';

/**
 * One pass over a bundle: every row checked, compared with the store and counted; with
 * `write`, each decision is applied in batches of one transaction each (the desk keeps
 * answering between them). The dry run and the import run this same code, so the preview
 * counts are exactly what the import does.
 */
export async function runRoster(bundle: Bundle, o: RunOptions): Promise<RunResult> {
  const { store, mapping } = o;
  const problems: RosterProblem[] = [];
  let problemCount = 0;
  /** A problem in the words of a catalog key: `message` in English, `key` and `params` for the window. */
  const problem = (file: string, line: number, field: string, key: ErrorKey, params: ErrorParams = {}) => {
    problemCount += 1;
    if (problems.length < MAX_LISTED) problems.push({ file, line, field, message: renderErrorMessage(key, params) ?? key, key, params: params as RosterProblem['params'] });
  };
  const counts = { products: emptyCounts(), payers: emptyCounts(), enrollments: emptyCounts() };
  const kept: RosterReport['kept'] = [];
  let ignored = 0;
  let applied = 0;
  let rows = 0;
  let version: OneRosterVersion | null = null;
  const report = (): RosterReport => ({ version, digest: bundle.digest, mode: o.mode, counts, ignored, kept: kept.slice(0, MAX_LISTED), problems, problemCount });

  // ---- writing in batches --------------------------------------------------------------
  const links = linkCache(store);
  /** The catalog rows enrollments are checked against, read once per transaction. */
  let reads: CatalogReads = memoReads(store);
  const ops: { file: string; line: number; field: string; run: () => void }[] = [];
  /** What this pass would write (counted in a dry run too): none means a re-import has nothing to do. */
  let pending = 0;
  const later = (file: string, line: number, field: string, run: () => void) => {
    pending += 1;
    if (o.write) ops.push({ file, line, field, run });
  };
  const flush = async () => {
    if (!o.write || ops.length === 0) return;
    const batch = ops.splice(0, ops.length);
    try {
      // The common case: the whole batch in one transaction, no savepoint per row.
      links.transaction(() => {
        reads = memoReads(store);
        for (const op of batch) op.run();
      });
      applied += batch.length;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // A row the store refuses (a rule, a conflict) is rolled back alone and reported; the rest apply.
      links.transaction(() => {
        for (const op of batch) {
          try {
            reads = memoReads(store);
            links.transaction(op.run);
            applied += 1;
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            problem(op.file, op.line, op.field, (err.key ?? 'input.invalid') as ErrorKey, err.params ?? {});
          }
        }
      });
    }
    await new Promise((resolve) => setImmediate(resolve));
    if (o.cancelled()) throw new Cancelled();
  };
  const maybeFlush = async () => {
    if (ops.length >= BATCH) await flush();
  };
  const at = () => (o.write ? o.write.ctx.now() : new Date());
  const importId = o.write?.importId ?? '';
  /** Every audit entry an import writes names the import. */
  const ctx: HandlerContext | null = o.write
    ? {
        ...o.write.ctx,
        audit: (entry) => {
          const after = entry.after;
          o.write?.ctx.audit({ ...entry, after: after && typeof after === 'object' && !Array.isArray(after) ? { ...after, importId } : { value: after ?? null, importId } });
        },
      }
    : null;
  const audit = (action: AuditAction, entityType: AuditEntityType, entityId: string, before: unknown, after: Record<string, unknown>) =>
    ctx?.audit({ action, entityType, entityId, ...(before === undefined ? {} : { before }), after });

  // ---- reading files ---------------------------------------------------------------------
  const present = (file: RosterFile) => bundle.files.has(file);
  const rowStatus = (file: string, row: CsvRow): string | null => {
    const status = row.get('status');
    const modified = row.get('dateLastModified');
    if (o.mode === 'delta' && status === '') problem(file, row.line, 'status', 'roster.statusInDelta');
    else if (status !== '' && !(STATUS as readonly string[]).includes(status)) problem(file, row.line, 'status', 'roster.notOneOf', { value: status.slice(0, 40), choices: STATUS.join(', ') });
    if (o.mode === 'delta' && modified === '') problem(file, row.line, 'dateLastModified', 'roster.requiredInDelta');
    else if (modified !== '' && !isDateTime(modified)) problem(file, row.line, 'dateLastModified', 'roster.notDateTime', { value: modified.slice(0, 40) });
    return status === 'tobedeleted' ? 'tobedeleted' : 'active';
  };
  const oneOf = (file: string, row: CsvRow, column: string, allowed: readonly string[], required = true): string => {
    const v = row.get(column);
    if (v === '') {
      if (required) problem(file, row.line, column, 'input.required');
      return v;
    }
    if (!allowed.includes(v)) problem(file, row.line, column, 'roster.notOneOf', { value: v.slice(0, 40), choices: allowed.join(', ') });
    return v;
  };
  const need = (file: string, row: CsvRow, column: string): string => {
    const v = row.get(column);
    if (v === '') problem(file, row.line, column, 'input.required');
    return v;
  };
  const date = (file: string, row: CsvRow, column: string, required: boolean): string => {
    const v = row.get(column);
    if (v === '') {
      if (required) problem(file, row.line, column, 'input.required');
    } else if (!isDate(v)) problem(file, row.line, column, 'roster.notDate', { value: v.slice(0, 40) });
    return v;
  };

  /** Streams one file; a file-level problem (encoding, header, size) is reported and ends that file. */
  async function each(file: RosterFile, fn: (row: CsvRow) => void | Promise<void>): Promise<void> {
    if (!present(file)) return;
    const seen = new Set<string>();
    try {
      const bytes = await bundle.open(file, o.onBytes);
      for await (const row of readCsv(file, bytes, requiredColumns(file, version ?? '1.1'))) {
        rows += 1;
        if (rows % 1000 === 0) o.onRows(rows);
        if (row.broken) {
          problem(file, row.line, 'row', 'roster.rowWidth', row.broken);
          continue;
        }
        if (file !== 'manifest.csv') {
          const id = row.get('sourcedId');
          if (id === '') {
            problem(file, row.line, 'sourcedId', 'input.required');
            continue;
          }
          if (seen.has(id)) {
            problem(file, row.line, 'sourcedId', 'roster.idTwice', { id: id.slice(0, 60), file });
            continue;
          }
          seen.add(id);
        }
        await fn(row);
      }
    } catch (e) {
      if (e instanceof BundleProblem) problem(e.file, e.line, e.field, e.key, e.params);
      else throw e;
    }
  }

  // ---- manifest ----------------------------------------------------------------------------
  if (!present('manifest.csv')) {
    problem('manifest.csv', 0, 'file', 'roster.noManifest');
    return { report: report(), applied, pending };
  }
  const manifest = new Map<string, { value: string; line: number }>();
  await each('manifest.csv', (row) => {
    if (!row.has('propertyName') || !row.has('value')) return;
    manifest.set(row.get('propertyName'), { value: row.get('value'), line: row.line });
  });
  const manifestVersion = manifest.get('manifest.version');
  const orVersion = manifest.get('oneroster.version');
  if (!manifestVersion || manifestVersion.value !== '1.0') {
    problem('manifest.csv', manifestVersion?.line ?? 1, 'manifest.version', 'roster.manifestVersion', { found: manifestVersion?.value.slice(0, 20) ?? '' });
  }
  if (!orVersion || !(ONEROSTER_VERSIONS as readonly string[]).includes(orVersion.value)) {
    problem('manifest.csv', orVersion?.line ?? 1, 'oneroster.version', 'roster.onerosterVersion', { found: orVersion?.value.slice(0, 20) ?? '' });
  } else version = orVersion.value as OneRosterVersion;
  if (problemCount > 0 || !version) return { report: report(), applied, pending };
  for (const [file, key] of Object.entries(MANIFEST_KEY) as [RosterFile, string][]) {
    const entry = manifest.get(key);
    const declared = entry?.value ?? 'absent';
    const line = entry?.line ?? 1;
    if (!['bulk', 'delta', 'absent'].includes(declared)) problem('manifest.csv', line, key, 'roster.notOneOf', { value: declared.slice(0, 20), choices: 'bulk, delta, absent' });
    else if (declared === 'absent' && present(file)) problem('manifest.csv', line, key, 'roster.saysAbsent', { file });
    else if (declared !== 'absent' && !present(file)) problem('manifest.csv', line, key, 'roster.saysPresent', { declared, file });
    else if (declared !== 'absent' && declared !== o.mode) problem('manifest.csv', line, key, 'roster.modeDiffers', { declared, mode: o.mode });
  }
  if (o.mode === 'bulk') {
    for (const file of ['courses.csv', 'classes.csv', 'users.csv', 'enrollments.csv'] as const) {
      if (!present(file)) problem(file, 0, 'file', 'roster.requiredInBulk');
    }
  }
  if (problemCount > 0) return { report: report(), applied, pending };

  // ---- orgs, sessions, courses, classes: small, kept in memory for references ---------------
  const orgs = present('orgs.csv') ? new Set<string>() : null;
  await each('orgs.csv', (row) => {
    rowStatus('orgs.csv', row);
    need('orgs.csv', row, 'name');
    oneOf('orgs.csv', row, 'type', ORG_TYPES);
    orgs?.add(row.get('sourcedId'));
  });
  const sessions = present('academicSessions.csv') ? new Set<string>() : null;
  await each('academicSessions.csv', (row) => {
    const f = 'academicSessions.csv';
    rowStatus(f, row);
    need(f, row, 'title');
    oneOf(f, row, 'type', SESSION_TYPES);
    const start = date(f, row, 'startDate', true);
    const end = date(f, row, 'endDate', true);
    if (isDate(start) && isDate(end) && end < start) problem(f, row.line, 'endDate', 'roster.endBeforeStart', { end, start });
    const year = row.get('schoolYear');
    if (!/^\d{4}$/.test(year)) problem(f, row.line, 'schoolYear', year === '' ? 'input.required' : 'roster.notYear', year === '' ? {} : { value: year.slice(0, 20) });
    sessions?.add(row.get('sourcedId'));
  });

  const level = mapping.productLevel;
  const tablePrice = new Map(mapping.coursePrices.map((p) => [p.courseSourcedId, p.price]));
  const columnPrice = (file: string, row: CsvRow): number | null => {
    if (!mapping.priceColumn || !row.has(mapping.priceColumn)) return null;
    const text = row.get(mapping.priceColumn);
    if (text === '') return null;
    const price = parseMoney(text, mapping.currency);
    if (price === null || price <= 0) {
      problem(file, row.line, mapping.priceColumn, 'roster.notPrice', { value: text.slice(0, 30), currency: mapping.currency });
      return null;
    }
    return price;
  };

  const courses = new Map<string, CourseRow>();
  await each('courses.csv', (row) => {
    const f = 'courses.csv';
    const status = rowStatus(f, row) ?? 'active';
    const title = need(f, row, 'title');
    const org = need(f, row, 'orgSourcedId');
    if (orgs && org !== '' && !orgs.has(org)) problem(f, row.line, 'orgSourcedId', 'roster.unknownOrg', { id: org.slice(0, 60) });
    const sid = row.get('sourcedId');
    courses.set(sid, { title, line: row.line, status, price: tablePrice.get(sid) ?? (level === 'course' ? columnPrice(f, row) : null) });
  });
  const classes = new Map<string, ClassRow>();
  await each('classes.csv', (row) => {
    const f = 'classes.csv';
    const status = rowStatus(f, row) ?? 'active';
    const title = need(f, row, 'title');
    oneOf(f, row, 'classType', CLASS_TYPES);
    const course = need(f, row, 'courseSourcedId');
    if (course !== '' && !courses.has(course) && !links.get('course', course)) {
      problem(f, row.line, 'courseSourcedId', 'roster.unknownCourse', { id: course.slice(0, 60) });
    }
    const school = need(f, row, 'schoolSourcedId');
    if (orgs && school !== '' && !orgs.has(school)) problem(f, row.line, 'schoolSourcedId', 'roster.unknownOrg', { id: school.slice(0, 60) });
    const terms = need(f, row, 'termSourcedIds');
    if (sessions) {
      for (const term of terms.split(',').map((t) => t.trim()).filter(Boolean)) {
        if (!sessions.has(term)) problem(f, row.line, 'termSourcedIds', 'roster.unknownTerm', { id: term.slice(0, 60) });
      }
    }
    const sid = row.get('sourcedId');
    classes.set(sid, { title, line: row.line, status, courseSourcedId: course, price: level === 'class' ? (tablePrice.get(course) ?? columnPrice(f, row)) : null });
  });

  // ---- products ----------------------------------------------------------------------------
  const courseTitle = (sid: string): string => courses.get(sid)?.title ?? links.get('course', sid)?.imported.title ?? '';
  const productName = (title: string, course: string): string => {
    const full = course && !title.toLowerCase().includes(course.toLowerCase()) ? `${course}: ${title}` : title;
    return full.slice(0, 200);
  };
  const productFile = level === 'class' ? 'classes.csv' : 'courses.csv';
  const productRows: { sid: string; line: number; status: string; name: string; price: number | null; title: string; course: string }[] =
    level === 'class'
      ? [...classes].map(([sid, c]) => ({ sid, line: c.line, status: c.status, name: productName(c.title, courseTitle(c.courseSourcedId)), price: c.price ?? mapping.defaultPrice, title: c.title, course: c.courseSourcedId }))
      : [...courses].map(([sid, c]) => ({ sid, line: c.line, status: c.status, name: c.title.slice(0, 200), price: c.price ?? mapping.defaultPrice, title: c.title, course: sid }));
  /** Product sourcedIds this import makes or keeps: enrollments may name them before they exist. */
  const productSids = new Set<string>();
  for (const p of productRows) {
    const link = links.get(level, p.sid);
    const product = link?.entityId ? findProduct(store, link.entityId) : undefined;
    if (p.status === 'tobedeleted') {
      if (product?.active) {
        counts.products.remove += 1;
        later(productFile, p.line, 'status', () => {
          const before = fieldsOf(product);
          updateProduct(store, product.id, { ...before, active: false }, at());
          links.save(level, p.sid, { ...link!, flag: 'remove' }, importId, at());
          audit('roster.product.deactivate', 'product', product.id, before, { sourcedId: p.sid, active: false });
        });
      } else counts.products.unchanged += 1;
      continue;
    }
    productSids.add(p.sid);
    if (!product) {
      if (p.price === null) {
        problem(productFile, p.line, mapping.priceColumn ?? 'price', 'roster.noPrice');
        continue;
      }
      counts.products.new += 1;
      const price = p.price;
      later(productFile, p.line, 'sourcedId', () => {
        const created = insertProduct(store, {
          externalId: null, type: mapping.productType, name: p.name, price, currency: mapping.currency, active: true,
          startDate: null, endDate: null, refundPolicy: 'prorata', autoAssignPaymentPlan: true,
        }, at());
        const plan = insertPlan(store, created.id, { name: PLAN_NAME, currency: created.currency, terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } }, lateFee: null, depositRefundable: true, active: true }, at());
        links.save(level, p.sid, { entityId: created.id, digest: digestOf(p.name, price), imported: { price, planId: plan.id, title: p.title }, flag: null }, importId, at());
        audit('roster.product.create', 'product', created.id, undefined, { sourcedId: p.sid, ...fieldsOf(created), defaultPlanId: plan.id });
      });
      continue;
    }
    const keptPrice = link?.imported.price !== undefined && product.price !== link.imported.price;
    if (keptPrice && p.price !== null && p.price !== product.price) {
      const reason = { key: 'rosterKept.price', params: { price: { amount: product.price, currency: product.currency }, sis: { amount: p.price, currency: mapping.currency } } } as const;
      kept.push({ kind: 'product', sourcedId: p.sid, name: product.name, nameWords: null, field: 'price', reason: renderErrorMessage(reason.key, reason.params) ?? reason.key, reasonWords: reason });
    }
    const price = keptPrice || p.price === null || product.currency !== mapping.currency ? product.price : p.price;
    const reactivate = link?.flag === 'remove' && !product.active;
    if (product.name === p.name && product.price === price && !reactivate) {
      counts.products.unchanged += 1;
      continue;
    }
    counts.products.changed += 1;
    later(productFile, p.line, 'sourcedId', () => {
      const before = fieldsOf(product);
      const updated = updateProduct(store, product.id, { ...before, name: p.name, price, active: reactivate ? true : before.active }, at());
      const imported: Imported = { ...link!.imported, title: p.title, ...(keptPrice ? {} : { price }) };
      links.save(level, p.sid, { entityId: product.id, digest: digestOf(p.name, price), imported, flag: null }, importId, at());
      audit('roster.product.update', 'product', product.id, before, { sourcedId: p.sid, ...fieldsOf(updated) });
    });
  }
  // The other level is remembered too, so a later delta's classes and enrollments resolve.
  if (level === 'class') {
    for (const [sid, c] of courses) {
      const digest = digestOf(c.title, c.status);
      if (links.get('course', sid)?.digest === digest) continue;
      later('courses.csv', c.line, 'sourcedId', () => links.save('course', sid, { entityId: null, digest, imported: { title: c.title }, flag: c.status === 'tobedeleted' ? 'remove' : null }, importId, at()));
    }
  } else {
    for (const [sid, c] of classes) {
      const digest = digestOf(c.title, c.courseSourcedId, c.status);
      const known = links.get('class', sid);
      if (known?.digest === digest && known.entityId) continue;
      later('classes.csv', c.line, 'sourcedId', () => {
        const course = links.get('course', c.courseSourcedId);
        links.save('class', sid, { entityId: course?.entityId ?? null, digest, imported: { title: c.title, courseSourcedId: c.courseSourcedId }, flag: c.status === 'tobedeleted' ? 'remove' : null }, importId, at());
      });
    }
  }
  await flush();

  // ---- users: students become payers, their guardians the payers' contacts ------------------
  const roleOf = new Map<string, string>();
  if (version === '1.2') {
    await each('roles.csv', (row) => {
      const f = 'roles.csv';
      rowStatus(f, row);
      const roleType = oneOf(f, row, 'roleType', ROLE_TYPES);
      const role = oneOf(f, row, 'role', userRoles('1.2'));
      const user = need(f, row, 'userSourcedId');
      need(f, row, 'orgSourcedId');
      for (const d of ['beginDate', 'endDate']) date(f, row, d, false);
      if (user !== '' && (roleType === 'primary' || !roleOf.has(user))) roleOf.set(user, role);
    });
  }
  const users = new Map<string, UserKind>();
  const contacts = new Map<string, Contact>();
  /** student sourcedId → the line naming its agents and the agents' sourcedIds (both directions of agentSourcedIds). */
  const agentsOf = new Map<string, { line: number; file: string; agents: Set<string> }>();
  const addAgent = (student: string, agent: string, line: number) => {
    const entry = agentsOf.get(student) ?? { line, file: 'users.csv', agents: new Set<string>() };
    entry.agents.add(agent);
    agentsOf.set(student, entry);
  };
  const seenUsers = new Set<string>();
  const payerOf = (sid: string): string | null => links.get('user', sid)?.entityId ?? null;
  await each('users.csv', async (row) => {
    const f = 'users.csv';
    const sid = row.get('sourcedId');
    const status = rowStatus(f, row);
    oneOf(f, row, 'enabledUser', BOOLEANS);
    const given = need(f, row, 'givenName');
    const family = need(f, row, 'familyName');
    const roleText = row.has('role') && row.get('role') !== '' ? row.get('role') : (roleOf.get(sid) ?? '');
    if (roleText === '') {
      problem(f, row.line, 'role', version === '1.2' && !row.has('role') ? 'roster.noRole' : 'input.required');
      return;
    }
    if (!userRoles(version ?? '1.1').includes(roleText)) {
      problem(f, row.line, 'role', 'roster.notOneOf', { value: roleText.slice(0, 40), choices: userRoles(version ?? '1.1').join(', ') });
      return;
    }
    const agents = row.get('agentSourcedIds').split(',').map((a) => a.trim()).filter(Boolean);
    const name = `${given} ${family}`.trim().slice(0, 200);
    const email = (() => {
      const text = row.get('email');
      if (text === '') return null;
      const r = Email.safeParse(text);
      if (!r.success) problem(f, row.line, 'email', 'roster.notEmail', { value: text.slice(0, 60) });
      return r.success ? r.data : null;
    })();
    const phone = (() => {
      const column = row.get('phone') !== '' ? 'phone' : 'sms';
      const text = row.get(column);
      if (text === '') return null;
      const r = Phone.safeParse(text);
      if (!r.success) problem(f, row.line, column, 'roster.notPhone', { value: text.slice(0, 40) });
      return r.success ? r.data : null;
    })();
    if ((CONTACT_ROLES as readonly string[]).includes(roleText)) {
      users.set(sid, 'contact');
      if (status === 'tobedeleted') return;
      const contact: Contact = { sourceId: sid, relationship: roleText as ContactRole, name, email, phone };
      contacts.set(sid, contact);
      for (const student of agents) addAgent(student, sid, row.line);
      const stored = o.mode === 'delta' ? findContactBySource(store, sid) : undefined;
      if (stored && (stored.name !== name || stored.email !== email || stored.phone !== phone || stored.relationship !== contact.relationship)) {
        later(f, row.line, 'sourcedId', () => {
          if (updateContactsBySource(store, contact, at()) > 0) audit('roster.contact.update', 'payer_contact', sid, undefined, { sourcedId: sid, name, email, phone });
        });
      }
      return;
    }
    if (roleText !== 'student') {
      users.set(sid, 'other');
      ignored += 1;
      return;
    }
    users.set(sid, 'student');
    seenUsers.add(sid);
    for (const agent of agents) addAgent(sid, agent, row.line);
    const link = links.get('user', sid);
    if (status === 'tobedeleted') {
      if (link?.entityId && !link.flag) {
        counts.payers.remove += 1;
        later(f, row.line, 'status', () => {
          links.save('user', sid, { ...link, flag: 'remove' }, importId, at());
          audit('roster.payer.removed', 'payer', link.entityId!, undefined, { sourcedId: sid, note: 'removed in the SIS; kept in Bursar (payments and balances stay)' });
        });
      } else counts.payers.unchanged += 1;
      return;
    }
    const digest = digestOf(name, email, phone, [...agents].sort());
    if (!link?.entityId) {
      counts.payers.new += 1;
      later(f, row.line, 'sourcedId', () => {
        const payer = insertPayer(store, { name, email, phone, externalId: null }, at());
        links.save('user', sid, { entityId: payer.id, digest, imported: { role: 'student' }, flag: null }, importId, at());
        audit('roster.payer.create', 'payer', payer.id, undefined, { sourcedId: sid, ...payer });
      });
    } else if (link.digest === digest && !link.flag) {
      counts.payers.unchanged += 1;
    } else {
      counts.payers.changed += 1;
      later(f, row.line, 'sourcedId', () => {
        const payer = updatePayer(store, link.entityId!, { name, email, phone }, at()).after;
        links.save('user', sid, { ...link, digest, flag: null }, importId, at());
        audit('roster.payer.update', 'payer', payer.id, undefined, { sourcedId: sid, name, email, phone });
      });
    }
    await maybeFlush();
  });
  await flush();

  const storedContacts = importedContacts(store);
  for (const [student, { line, agents }] of agentsOf) {
    const studentKind = users.get(student) ?? (links.get('user', student)?.entityId ? 'student' : undefined);
    if (studentKind !== 'student') continue; // a guardian listing someone who is not a student here
    for (const agent of agents) {
      const contact = contacts.get(agent) ?? (users.has(agent) ? undefined : findContactBySource(store, agent));
      if (!contact) {
        if (!users.has(agent)) problem('users.csv', line, 'agentSourcedIds', 'roster.unknownAgent', { id: agent.slice(0, 60) });
        continue;
      }
      const known = links.get('user', student)?.entityId;
      if (known && !contactDiffers(storedContacts.get(contactKey(known, contact.sourceId)), contact)) continue;
      later('users.csv', line, 'agentSourcedIds', () => {
        const payerId = links.get('user', student)?.entityId;
        if (payerId && upsertContact(store, payerId, contact, at())) {
          audit('roster.contact.upsert', 'payer', payerId, undefined, { sourcedId: agent, ...contact });
        }
      });
      await maybeFlush();
    }
  }
  await flush();

  // ---- enrollments ---------------------------------------------------------------------------
  /** The product an enrollment's class lands in, as the product level's sourcedId. */
  const productOfClass = (classSid: string): string | null => {
    const inBundle = classes.get(classSid);
    if (level === 'class') return inBundle || links.get('class', classSid) ? classSid : null;
    if (inBundle) return inBundle.courseSourcedId;
    return links.get('class', classSid)?.imported.courseSourcedId ?? null;
  };
  const productLink = (sid: string) => {
    const link = links.get(level, sid);
    return { productId: link?.entityId ?? null, planId: link?.imported.planId ?? null };
  };
  /** Status and plan of the enrollments earlier imports made, read once (names only for the few the preview lists). */
  const enrollmentStates = linkedEnrollmentStates(store);
  const pairs = new Set<string>();
  /** Active enrollments of imported students as the enrollments file starts: the closure checks the store again when it writes. */
  const activePairs = activeImportedPairs(store);
  const seenEnrollments = new Set<string>();
  await each('enrollments.csv', async (row) => {
    const f = 'enrollments.csv';
    const sid = row.get('sourcedId');
    const status = rowStatus(f, row);
    const role = oneOf(f, row, 'role', enrollmentRoles(version ?? '1.1'));
    const classSid = need(f, row, 'classSourcedId');
    const userSid = need(f, row, 'userSourcedId');
    const school = need(f, row, 'schoolSourcedId');
    if (orgs && school !== '' && !orgs.has(school)) problem(f, row.line, 'schoolSourcedId', 'roster.unknownOrg', { id: school.slice(0, 60) });
    oneOf(f, row, 'primary', BOOLEANS, false);
    const begin = date(f, row, 'beginDate', false);
    const end = date(f, row, 'endDate', false);
    if (isDate(begin) && isDate(end) && end < begin) problem(f, row.line, 'endDate', 'roster.endBeforeStart', { end, start: begin });
    const productSid = classSid === '' ? null : productOfClass(classSid);
    if (classSid !== '' && productSid === null) problem(f, row.line, 'classSourcedId', 'roster.unknownClass', { id: classSid.slice(0, 60) });
    const userKind: UserKind | undefined = users.get(userSid) ?? (payerOf(userSid) ? 'student' : undefined);
    if (userSid !== '' && userKind === undefined) problem(f, row.line, 'userSourcedId', 'roster.unknownUser', { id: userSid.slice(0, 60) });
    if (role !== 'student') {
      ignored += 1;
      return;
    }
    if (userKind !== undefined && userKind !== 'student') {
      problem(f, row.line, 'userSourcedId', 'roster.notStudent', { id: userSid.slice(0, 60) });
      return;
    }
    if (productSid === null || userKind === undefined) return;
    seenEnrollments.add(sid);
    const link = links.get('enrollment', sid);
    const enrollmentId = link?.entityId ?? null;
    const enrollment = enrollmentId ? enrollmentStates.get(enrollmentId) : undefined;
    if (status === 'tobedeleted') {
      if (enrollmentId && enrollment?.status === 'active' && !link?.flag) {
        counts.enrollments.remove += 1;
        later(f, row.line, 'status', () => {
          links.save('enrollment', sid, { ...link!, flag: 'remove' }, importId, at());
          audit('roster.enrollment.flag', 'enrollment', enrollmentId, undefined, { sourcedId: sid, note: 'removed in the SIS: waiting for an admin to cancel it' });
        });
      } else counts.enrollments.unchanged += 1;
      return;
    }
    const digest = digestOf(userSid, classSid, begin);
    if (enrollmentId && enrollment) {
      const plan = productLink(productSid).planId;
      const named = plan && enrollment.planId !== plan && enrollment.status === 'active' && kept.length < MAX_LISTED ? enrollmentFacts(store, enrollmentId) : undefined;
      if (named) {
        const name = { key: 'rosterKept.enrollment', params: { payer: named.payerName, product: named.productName } } as const;
        kept.push({ kind: 'enrollment', sourcedId: sid, name: renderErrorMessage(name.key, name.params) ?? '', nameWords: name, field: 'plan', reason: renderErrorMessage('rosterKept.plan', {}) ?? '', reasonWords: { key: 'rosterKept.plan', params: {} } });
      }
      if (link?.digest === digest) counts.enrollments.unchanged += 1;
      else {
        // Bursar never re-dates an enrollment with a schedule behind it; the link notes the SIS's new facts.
        counts.enrollments.changed += 1;
        later(f, row.line, 'sourcedId', () => {
          links.save('enrollment', sid, { ...link!, digest }, importId, at());
          audit('roster.enrollment.update', 'enrollment', enrollmentId, undefined, { sourcedId: sid, classSourcedId: classSid, beginDate: begin || null });
        });
      }
      return;
    }
    const pair = `${productSid}\u0000${userSid}`;
    const payerId = payerOf(userSid);
    const known = productLink(productSid).productId;
    if (pairs.has(pair) || (payerId && known && activePairs.has(`${payerId}\u0000${known}`))) counts.enrollments.unchanged += 1;
    else counts.enrollments.new += 1;
    pairs.add(pair);
    later(f, row.line, 'classSourcedId', () => {
      const target = productLink(productSid);
      const payer = payerOf(userSid);
      if (!target.productId || !payer) throw refuseAs('VALIDATION', 'roster.notImported', {});
      const existing = findActiveEnrollmentId(store, payer, target.productId);
      let id = existing;
      if (!id) {
        // The product's default plan while it is active; else the product's own rules choose.
        const plan = target.planId ? reads.plan(target.planId) : undefined;
        const made = createEnrollment(ctx!, { payerId: payer, productId: target.productId, planId: plan?.active ? plan.id : undefined, enrollmentDate: begin || undefined }, reads);
        id = made.enrollment.id;
      }
      links.save('enrollment', sid, { entityId: id, digest, imported: {}, flag: null }, importId, at());
      if (existing) audit('roster.enrollment.link', 'enrollment', existing, undefined, { sourcedId: sid });
    });
    await maybeFlush();
  });
  await flush();

  // ---- bulk: what the SIS no longer lists ------------------------------------------------------
  if (o.mode === 'bulk' && problemCount === 0) {
    const gone = (kind: LinkKind, seen: Set<string>) => unflaggedLinks(store, kind).filter((l) => l.entityId && !seen.has(l.sourcedId));
    for (const l of gone(level, productSids)) {
      const product = findProduct(store, l.entityId!);
      if (!product?.active) continue;
      counts.products.remove += 1;
      later(productFile, 0, 'sourcedId', () => {
        const before = fieldsOf(product);
        updateProduct(store, product.id, { ...before, active: false }, at());
        const link = links.get(level, l.sourcedId)!;
        links.save(level, l.sourcedId, { ...link, flag: 'remove' }, importId, at());
        audit('roster.product.deactivate', 'product', product.id, before, { sourcedId: l.sourcedId, active: false, reason: 'not in the bulk file' });
      });
    }
    if (present('users.csv')) {
      for (const l of gone('user', seenUsers)) {
        counts.payers.remove += 1;
        later('users.csv', 0, 'sourcedId', () => {
          links.save('user', l.sourcedId, { ...links.get('user', l.sourcedId)!, flag: 'remove' }, importId, at());
          audit('roster.payer.removed', 'payer', l.entityId!, undefined, { sourcedId: l.sourcedId, note: 'not in the bulk file; kept in Bursar' });
        });
        await maybeFlush();
      }
    }
    for (const l of gone('enrollment', seenEnrollments)) {
      if (enrollmentStates.get(l.entityId!)?.status !== 'active') continue;
      counts.enrollments.remove += 1;
      later('enrollments.csv', 0, 'sourcedId', () => {
        links.save('enrollment', l.sourcedId, { ...links.get('enrollment', l.sourcedId)!, flag: 'remove' }, importId, at());
        audit('roster.enrollment.flag', 'enrollment', l.entityId!, undefined, { sourcedId: l.sourcedId, note: 'not in the bulk file: waiting for an admin to cancel it' });
      });
      await maybeFlush();
    }
    await flush();
  }
  o.onRows(rows);
  return { report: report(), applied, pending };
}
