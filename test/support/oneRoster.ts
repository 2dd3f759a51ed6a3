import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

/**
 * OneRoster CSV bundles for tests and the bench, built in code from the 1EdTech OneRoster
 * 1.1 / 1.2 CSV binding's field tables: every header below is the spec's, in the spec's order.
 */
export const HEADERS_11 = {
  'orgs.csv': ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
  'academicSessions.csv': ['sourcedId', 'status', 'dateLastModified', 'title', 'type', 'startDate', 'endDate', 'parentSourcedId', 'schoolYear'],
  'courses.csv': ['sourcedId', 'status', 'dateLastModified', 'schoolYearSourcedId', 'title', 'courseCode', 'grades', 'orgSourcedId', 'subjects', 'subjectCodes'],
  'classes.csv': ['sourcedId', 'status', 'dateLastModified', 'title', 'grades', 'courseSourcedId', 'classCode', 'classType', 'location', 'schoolSourcedId', 'termSourcedIds', 'subjects', 'subjectCodes', 'periods'],
  'users.csv': ['sourcedId', 'status', 'dateLastModified', 'enabledUser', 'orgSourcedIds', 'role', 'username', 'userIds', 'givenName', 'familyName', 'middleName', 'identifier', 'email', 'sms', 'phone', 'agentSourcedIds', 'grades', 'password'],
  'enrollments.csv': ['sourcedId', 'status', 'dateLastModified', 'classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role', 'primary', 'beginDate', 'endDate'],
} as const;

/** 1.2 moved a user's role and orgs to roles.csv and added names and identifiers to users.csv. */
export const HEADERS_12 = {
  ...HEADERS_11,
  'users.csv': ['sourcedId', 'status', 'dateLastModified', 'enabledUser', 'username', 'userIds', 'givenName', 'familyName', 'middleName', 'identifier', 'email', 'sms', 'phone', 'agentSourcedIds', 'grades', 'password', 'userMasterIdentifier', 'resourceSourcedIds', 'preferredGivenName', 'preferredMiddleName', 'preferredFamilyName', 'primaryOrgSourcedId', 'pronouns'],
  'roles.csv': ['sourcedId', 'status', 'dateLastModified', 'userSourcedId', 'roleType', 'role', 'beginDate', 'endDate', 'orgSourcedId', 'userProfileSourcedId'],
} as const;

type Row = Record<string, string | undefined>;

const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
export const csvLine = (header: readonly string[], row: Row): string => `${header.map((h) => cell(row[h] ?? '')).join(',')}\r\n`;
export const csvText = (header: readonly string[], rows: readonly Row[]): string => csvLine(header, Object.fromEntries(header.map((h) => [h, h]))) + rows.map((r) => csvLine(header, r)).join('');

export function manifest(version: '1.1' | '1.2', files: Record<string, 'bulk' | 'delta' | 'absent'>): string {
  const all = ['academicSessions', 'categories', 'classes', 'classResources', 'courses', 'courseResources', 'demographics', 'enrollments', 'lineItems', 'orgs', 'resources', 'results', 'users', ...(version === '1.2' ? ['roles', 'userProfiles', 'userResources'] : [])];
  const rows: Row[] = [
    { propertyName: 'manifest.version', value: '1.0' },
    { propertyName: 'oneroster.version', value: version },
    ...all.map((f) => ({ propertyName: `file.${f}`, value: files[f] ?? 'absent' })),
    { propertyName: 'source.systemName', value: 'Test SIS' },
    { propertyName: 'source.systemCode', value: 'test-sis' },
  ];
  return csvText(['propertyName', 'value'], rows);
}

export type Files = Record<string, string | Buffer>;

/**
 * A small school as the spec's examples describe one: a district and a school, a school year
 * and a term, two courses with three classes, three students, their guardian and parent, a
 * teacher, and the enrollments between them.
 */
export function schoolBundle(version: '1.1' | '1.2' = '1.1'): Files {
  const H = version === '1.1' ? HEADERS_11 : HEADERS_12;
  const users: (Row & { role: string; org: string })[] = [
    { sourcedId: 'stu-ada', enabledUser: 'true', role: 'student', org: 'sch-1', username: 'ada.l', givenName: 'Ada', familyName: 'Lovelace', identifier: 'S1001', email: 'ada@students.example.org', agentSourcedIds: 'gdn-byron', grades: '09' },
    { sourcedId: 'stu-ben', enabledUser: 'true', role: 'student', org: 'sch-1', username: 'ben.f', givenName: 'Ben', familyName: 'Franklin', identifier: 'S1002', phone: '+1 555 0102', agentSourcedIds: 'gdn-byron', grades: '09' },
    { sourcedId: 'stu-cy', enabledUser: 'true', role: 'student', org: 'sch-1', username: 'cy.y', givenName: 'Cy', familyName: 'Young', identifier: 'S1003', email: 'cy@students.example.org', grades: '10' },
    { sourcedId: 'gdn-byron', enabledUser: 'false', role: 'guardian', org: 'sch-1', username: 'a.byron', givenName: 'Anne', familyName: 'Byron', email: 'anne.byron@example.com', phone: '+1 555 0199', agentSourcedIds: 'stu-ada,stu-ben' },
    { sourcedId: 'par-young', enabledUser: 'false', role: 'parent', org: 'sch-1', username: 'd.young', givenName: 'Dana', familyName: 'Young', email: 'dana.young@example.com', agentSourcedIds: 'stu-cy' },
    { sourcedId: 'tch-lee', enabledUser: 'true', role: 'teacher', org: 'sch-1', username: 'j.lee', givenName: 'Jordan', familyName: 'Lee', email: 'jordan.lee@example.org' },
  ];
  const files: Files = {
    'manifest.csv': manifest(version, { orgs: 'bulk', academicSessions: 'bulk', courses: 'bulk', classes: 'bulk', users: 'bulk', enrollments: 'bulk', ...(version === '1.2' ? { roles: 'bulk' } : {}) }),
    'orgs.csv': csvText(H['orgs.csv'], [
      { sourcedId: 'dst-1', name: 'Lincoln Unified', type: 'district', identifier: 'D1' },
      { sourcedId: 'sch-1', name: 'Lincoln High School', type: 'school', identifier: 'LHS', parentSourcedId: 'dst-1' },
    ]),
    'academicSessions.csv': csvText(H['academicSessions.csv'], [
      { sourcedId: 'sy-2026', title: '2026-2027', type: 'schoolYear', startDate: '2026-08-15', endDate: '2027-06-05', schoolYear: '2027' },
      { sourcedId: 'fall-2026', title: 'Fall 2026', type: 'semester', startDate: '2026-08-15', endDate: '2026-12-20', parentSourcedId: 'sy-2026', schoolYear: '2027' },
    ]),
    'courses.csv': csvText(H['courses.csv'], [
      { sourcedId: 'crs-alg1', schoolYearSourcedId: 'sy-2026', title: 'Algebra I', courseCode: 'MA101', grades: '09', orgSourcedId: 'sch-1', subjects: 'Mathematics' },
      { sourcedId: 'crs-bio', schoolYearSourcedId: 'sy-2026', title: 'Biology', courseCode: 'SC201', grades: '10', orgSourcedId: 'sch-1', subjects: 'Science' },
    ]),
    'classes.csv': csvText(H['classes.csv'], [
      { sourcedId: 'cls-alg1-p1', title: 'Algebra I - Period 1', grades: '09', courseSourcedId: 'crs-alg1', classCode: 'MA101-1', classType: 'scheduled', location: 'Room 12', schoolSourcedId: 'sch-1', termSourcedIds: 'fall-2026', periods: '1' },
      { sourcedId: 'cls-alg1-p2', title: 'Algebra I - Period 2', grades: '09', courseSourcedId: 'crs-alg1', classCode: 'MA101-2', classType: 'scheduled', location: 'Room 12', schoolSourcedId: 'sch-1', termSourcedIds: 'fall-2026', periods: '2' },
      { sourcedId: 'cls-bio-p3', title: 'Biology - Period 3', grades: '10', courseSourcedId: 'crs-bio', classCode: 'SC201-3', classType: 'scheduled', location: 'Lab 2', schoolSourcedId: 'sch-1', termSourcedIds: 'fall-2026', periods: '3' },
    ]),
    'users.csv': csvText(H['users.csv'], users.map(({ role, org, ...u }) => (version === '1.1' ? { ...u, role, orgSourcedIds: org } : { ...u, primaryOrgSourcedId: org }))),
    'enrollments.csv': csvText(H['enrollments.csv'], [
      { sourcedId: 'enr-1', classSourcedId: 'cls-alg1-p1', schoolSourcedId: 'sch-1', userSourcedId: 'stu-ada', role: 'student', primary: 'false', beginDate: '2026-08-15', endDate: '2026-12-20' },
      { sourcedId: 'enr-2', classSourcedId: 'cls-alg1-p2', schoolSourcedId: 'sch-1', userSourcedId: 'stu-ben', role: 'student', primary: 'false', beginDate: '2026-08-15', endDate: '2026-12-20' },
      { sourcedId: 'enr-3', classSourcedId: 'cls-bio-p3', schoolSourcedId: 'sch-1', userSourcedId: 'stu-cy', role: 'student', primary: 'false', beginDate: '2026-08-20' },
      { sourcedId: 'enr-4', classSourcedId: 'cls-bio-p3', schoolSourcedId: 'sch-1', userSourcedId: 'stu-ada', role: 'student', primary: 'false', beginDate: '2026-08-15' },
      { sourcedId: 'enr-5', classSourcedId: 'cls-alg1-p1', schoolSourcedId: 'sch-1', userSourcedId: 'tch-lee', role: 'teacher', primary: 'true', beginDate: '2026-08-15' },
    ]),
  };
  if (version === '1.2') {
    files['roles.csv'] = csvText(HEADERS_12['roles.csv'], users.map((u) => ({ sourcedId: `role-${u.sourcedId}`, userSourcedId: u.sourcedId, roleType: 'primary', role: u.role, orgSourcedId: u.org })));
  }
  return files;
}

export function writeFolder(dir: string, files: Files): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** Replaces one CSV's rows through `edit` (header kept): for the bad-input cases. */
export function editCsv(files: Files, file: string, edit: (lines: string[]) => string[]): Files {
  const text = String(files[file]);
  const lines = text.split('\r\n').filter((l) => l !== '');
  return { ...files, [file]: `${edit(lines).join('\r\n')}\r\n` };
}

/**
 * A district-sized 1.1 bulk bundle written row by row to a folder (never whole in memory):
 * `students` students each with a guardian, `classes` classes over classes/5 courses, and
 * `enrollments` student enrollments spread over them.
 */
export async function writeLargeBundle(dir: string, n: { students: number; classes: number; enrollments: number }): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const H = HEADERS_11;
  const courseCount = Math.max(1, Math.floor(n.classes / 5));
  writeFileSync(join(dir, 'manifest.csv'), manifest('1.1', { orgs: 'bulk', academicSessions: 'bulk', courses: 'bulk', classes: 'bulk', users: 'bulk', enrollments: 'bulk' }));
  writeFileSync(join(dir, 'orgs.csv'), csvText(H['orgs.csv'], [{ sourcedId: 'sch-1', name: 'Big High School', type: 'school' }]));
  writeFileSync(join(dir, 'academicSessions.csv'), csvText(H['academicSessions.csv'], [{ sourcedId: 'sy', title: '2026-2027', type: 'schoolYear', startDate: '2026-08-15', endDate: '2027-06-05', schoolYear: '2027' }]));
  writeFileSync(join(dir, 'courses.csv'), csvText(H['courses.csv'], Array.from({ length: courseCount }, (_, i) => ({ sourcedId: `crs-${i}`, title: `Course ${i}`, orgSourcedId: 'sch-1' }))));
  writeFileSync(join(dir, 'classes.csv'), csvText(H['classes.csv'], Array.from({ length: n.classes }, (_, i) => ({ sourcedId: `cls-${i}`, title: `Course ${i % courseCount} - Section ${i}`, courseSourcedId: `crs-${i % courseCount}`, classType: 'scheduled', schoolSourcedId: 'sch-1', termSourcedIds: 'sy' }))));
  const write = async (file: string, header: readonly string[], count: number, row: (i: number) => Row | Row[]) => {
    const out = createWriteStream(join(dir, file));
    out.write(csvLine(header, Object.fromEntries(header.map((h) => [h, h]))));
    for (let i = 0; i < count; i += 1) {
      const rows = row(i);
      for (const r of Array.isArray(rows) ? rows : [rows]) {
        if (!out.write(csvLine(header, r))) await once(out, 'drain');
      }
    }
    out.end();
    await once(out, 'finish');
  };
  await write('users.csv', H['users.csv'], n.students, (i) => [
    { sourcedId: `stu-${i}`, enabledUser: 'true', orgSourcedIds: 'sch-1', role: 'student', username: `s${i}`, givenName: `Student${i}`, familyName: `Family${i % 997}`, email: `s${i}@students.example.org`, agentSourcedIds: `gdn-${i}` },
    { sourcedId: `gdn-${i}`, enabledUser: 'false', orgSourcedIds: 'sch-1', role: 'guardian', username: `g${i}`, givenName: `Guardian${i}`, familyName: `Family${i % 997}`, email: `g${i}@example.com` },
  ]);
  await write('enrollments.csv', H['enrollments.csv'], n.enrollments, (i) => ({
    sourcedId: `enr-${i}`, classSourcedId: `cls-${(i * 7 + Math.floor(i / n.students)) % n.classes}`, schoolSourcedId: 'sch-1', userSourcedId: `stu-${i % n.students}`, role: 'student', beginDate: '2026-08-15',
  }));
  return dir;
}
