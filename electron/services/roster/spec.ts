/**
 * The OneRoster 1.1 and 1.2 CSV binding (1EdTech), as far as Bursar reads it: the files, the
 * columns a file must have, and the enumerations. Column names are the spec's, case and all.
 * In a bulk file `status` and `dateLastModified` may be blank; in a delta file both are required.
 */
export const ROSTER_FILES = [
  'manifest.csv',
  'orgs.csv',
  'academicSessions.csv',
  'courses.csv',
  'classes.csv',
  'roles.csv',
  'users.csv',
  'enrollments.csv',
  'demographics.csv',
] as const;
export type RosterFile = (typeof ROSTER_FILES)[number];

export const ONEROSTER_VERSIONS = ['1.1', '1.2'] as const;
export type OneRosterVersion = (typeof ONEROSTER_VERSIONS)[number];

/** manifest.csv's `file.*` property for each data file. */
export const MANIFEST_KEY: Partial<Record<RosterFile, string>> = {
  'orgs.csv': 'file.orgs',
  'academicSessions.csv': 'file.academicSessions',
  'courses.csv': 'file.courses',
  'classes.csv': 'file.classes',
  'roles.csv': 'file.roles',
  'users.csv': 'file.users',
  'enrollments.csv': 'file.enrollments',
  'demographics.csv': 'file.demographics',
};

const BASE = ['sourcedId', 'status', 'dateLastModified'] as const;

/** Columns whose header must be there (the spec's required fields, plus what Bursar reads). */
export function requiredColumns(file: RosterFile, version: OneRosterVersion): readonly string[] {
  switch (file) {
    case 'manifest.csv':
      return ['propertyName', 'value'];
    case 'orgs.csv':
      return [...BASE, 'name', 'type'];
    case 'academicSessions.csv':
      return [...BASE, 'title', 'type', 'startDate', 'endDate', 'schoolYear'];
    case 'courses.csv':
      return [...BASE, 'title', 'orgSourcedId'];
    case 'classes.csv':
      return [...BASE, 'title', 'courseSourcedId', 'classType', 'schoolSourcedId', 'termSourcedIds'];
    case 'users.csv':
      // 1.2 moved role and orgSourcedIds to roles.csv.
      return version === '1.1'
        ? [...BASE, 'enabledUser', 'orgSourcedIds', 'role', 'username', 'givenName', 'familyName']
        : [...BASE, 'enabledUser', 'username', 'givenName', 'familyName'];
    case 'roles.csv':
      return [...BASE, 'userSourcedId', 'roleType', 'role', 'orgSourcedId'];
    case 'enrollments.csv':
      return [...BASE, 'classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role'];
    default:
      return ['sourcedId'];
  }
}

export const STATUS = ['active', 'tobedeleted'] as const;
export const ORG_TYPES = ['department', 'school', 'district', 'local', 'state', 'national'] as const;
export const SESSION_TYPES = ['gradingPeriod', 'semester', 'schoolYear', 'term'] as const;
export const CLASS_TYPES = ['homeroom', 'scheduled'] as const;
export const ROLE_TYPES = ['primary', 'secondary'] as const;
export const BOOLEANS = ['true', 'false'] as const;

const USER_ROLES_11 = ['administrator', 'aide', 'guardian', 'parent', 'proctor', 'relative', 'student', 'teacher'] as const;
const USER_ROLES_12 = ['aide', 'counselor', 'districtAdministrator', 'guardian', 'parent', 'principal', 'proctor', 'relative', 'siteAdministrator', 'student', 'systemAdministrator', 'teacher'] as const;
export const userRoles = (v: OneRosterVersion): readonly string[] => (v === '1.1' ? USER_ROLES_11 : USER_ROLES_12);
const ENROLLMENT_ROLES_11 = ['administrator', 'proctor', 'student', 'teacher'] as const;
const ENROLLMENT_ROLES_12 = ['administrator', 'proctor', 'student', 'teacher', 'aide'] as const;
export const enrollmentRoles = (v: OneRosterVersion): readonly string[] => (v === '1.1' ? ENROLLMENT_ROLES_11 : ENROLLMENT_ROLES_12);

/** Who becomes a payer's contact (an agent of a student). */
export const CONTACT_ROLES = ['guardian', 'parent', 'relative'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A calendar date YYYY-MM-DD that exists. */
export function isDate(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** ISO 8601 date-time, as the spec writes dateLastModified (2026-05-01T08:30:00.000Z). */
export function isDateTime(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) && isDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s));
}
