import { z } from 'zod';
import { CurrencyCode, KeyedWordsSchema, PositiveMinor, RequestId, WordParams } from '../schemas';
import { ProductType } from './catalog';
import { channel } from './define';

/** Which OneRoster level becomes a payable product. */
export const RosterProductLevel = z.enum(['course', 'class']);
export const RosterMode = z.enum(['bulk', 'delta']);
export type RosterMode = z.infer<typeof RosterMode>;

/**
 * How a bundle becomes Bursar rows. A product's price comes from, in order: the per-course
 * table, the named column of courses.csv/classes.csv (an amount written in `currency`, e.g.
 * `1200.00`), the default price. A product gets one plan ("Pay in full") when it is created:
 * its default plan, under which its enrollments are made.
 */
export const RosterMapping = z.strictObject({
  productLevel: RosterProductLevel,
  productType: ProductType,
  currency: CurrencyCode,
  defaultPrice: PositiveMinor.nullable(),
  priceColumn: z.string().trim().max(100, 'must be at most 100 characters').nullable(),
  coursePrices: z
    .array(z.strictObject({ courseSourcedId: z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters'), price: PositiveMinor }))
    .max(5000, 'must list at most 5000 courses'),
});
export type RosterMapping = z.infer<typeof RosterMapping>;

/** A bundle on this computer: a .zip file, or a folder holding manifest.csv and the other files. */
export const RosterSource = z.strictObject({
  path: z.string().trim().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters'),
  mode: RosterMode,
});

const Counts = z.object({ new: z.number().int(), changed: z.number().int(), unchanged: z.number().int(), remove: z.number().int() });
export type RosterCounts = z.infer<typeof Counts>;

/** `message` in English; `key` and `params` (shared/errorMessages.ts) let the window word it in its language. */
export const RosterProblem = z.object({ file: z.string(), line: z.number().int(), field: z.string(), message: z.string(), key: z.string().optional(), params: WordParams.optional() });
export type RosterProblem = z.infer<typeof RosterProblem>;

/**
 * A row Bursar changed since it was imported: the import keeps Bursar's value. `name` and
 * `reason` in English (logs, exports); `nameWords` and `reasonWords` (shared/errorMessages.ts
 * `rosterKept.*`) let the window word them in its language, amounts in the office's locale.
 */
export const RosterKept = z.object({
  kind: z.enum(['product', 'enrollment']),
  sourcedId: z.string(),
  name: z.string(),
  nameWords: KeyedWordsSchema.nullable(),
  field: z.enum(['price', 'plan']),
  reason: z.string(),
  reasonWords: KeyedWordsSchema,
});

export const RosterReport = z.object({
  version: z.string().nullable(),
  digest: z.string(),
  mode: RosterMode,
  counts: z.object({ products: Counts, payers: Counts, enrollments: Counts }),
  /** Rows read but not Bursar's business (teachers, aides, a teacher's enrollment). */
  ignored: z.number().int(),
  kept: z.array(RosterKept),
  problems: z.array(RosterProblem),
  /** All problems found; `problems` lists at most the first 500. */
  problemCount: z.number().int(),
});
export type RosterReport = z.infer<typeof RosterReport>;

export const RosterProgress = z.object({
  phase: z.enum(['checking', 'applying', 'done', 'cancelled']),
  bytesDone: z.number().int(),
  bytesTotal: z.number().int(),
  rows: z.number().int(),
});

export const RosterImportView = z.object({
  id: z.string(),
  mode: RosterMode,
  sourceName: z.string(),
  digest: z.string(),
  /** `interrupted`: the desk stopped (crash, kill, power cut) while it ran; found and marked at the next start. */
  state: z.enum(['running', 'done', 'cancelled', 'failed', 'interrupted']),
  counts: z.object({ products: Counts, payers: Counts, enrollments: Counts }).nullable(),
  actorName: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const RosterFlagged = z.object({
  enrollmentId: z.string(),
  sourcedId: z.string(),
  payerName: z.string(),
  productName: z.string(),
  status: z.string(),
});

export const DEFAULT_ROSTER_MAPPING: RosterMapping = { productLevel: 'class', productType: 'course', currency: 'USD', defaultPrice: null, priceColumn: null, coursePrices: [] };

export const rosterContract = {
  'roster:mapping': channel({
    summary: 'The saved OneRoster mapping (the default until one is saved).',
    input: z.strictObject({}),
    output: RosterMapping,
  }),
  'roster:saveMapping': channel({
    summary: 'Save the OneRoster mapping.',
    input: z.strictObject({ requestId: RequestId, mapping: RosterMapping }),
    output: RosterMapping,
  }),
  'roster:preview': channel({
    summary: 'Dry run of a OneRoster bundle: counts per kind and every problem by file, line and field. Writes nothing.',
    input: RosterSource,
    output: RosterReport,
  }),
  'roster:import': channel({
    summary: 'Apply a OneRoster bundle (refused whole, nothing written, when it has any problem).',
    input: z.strictObject({ requestId: RequestId, path: RosterSource.shape.path, mode: RosterMode }),
    output: z.object({ importId: z.string(), state: z.enum(['done', 'cancelled']), report: RosterReport, applied: z.number().int() }),
  }),
  'roster:progress': channel({
    summary: 'How far the running import with this request id is (null when none runs).',
    input: z.strictObject({ requestId: RequestId }),
    output: RosterProgress.nullable(),
  }),
  'roster:cancel': channel({
    summary: 'Stop the running import after its current batch; what was applied stays and a re-import finishes it.',
    input: z.strictObject({ requestId: RequestId, importRequestId: RequestId }),
    output: z.object({ cancelled: z.boolean() }),
  }),
  'roster:history': channel({
    summary: 'Past OneRoster imports, newest first.',
    input: z.strictObject({ limit: z.number().int().min(1).max(200).default(50) }),
    output: z.object({ imports: z.array(RosterImportView) }),
  }),
  'roster:flagged': channel({
    summary: 'Imported enrollments the SIS removed, waiting for an admin to cancel them through the usual flow.',
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(100) }),
    output: z.object({ enrollments: z.array(RosterFlagged) }),
  }),
};
