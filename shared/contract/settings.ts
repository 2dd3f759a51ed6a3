import { z } from 'zod';
import { CurrencyCode, Empty, RequestId, RequiredText, ShortText } from '../schemas';

/** Paper a document is laid out for: an 80 mm thermal roll, A5 or A4. */
export const PAPER_SIZES = ['thermal80', 'a5', 'a4'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];
import { channel } from './define';

export const DeskCode = z.string().max(8, { message: 'must be 1 to 8 capital letters or digits', abort: true }).regex(/^[A-Z0-9]{1,8}$/, 'must be 1 to 8 capital letters or digits');
export const Locale = z.string().min(2, 'is not a valid locale tag').max(35, { message: 'is not a valid locale tag', abort: true }).refine((l) => {
  try {
    return Intl.getCanonicalLocales(l).length === 1;
  } catch {
    return false;
  }
}, { message: 'is not a valid locale tag' });

/** Whether `Intl.DateTimeFormat` knows `zone` as an IANA time zone (the names it accepts, any case). */
export function isTimeZone(zone: string): boolean {
  // Region/City names, `UTC`, and `Etc/GMT+10`-style zones; never offsets like `+10:00`,
  // which are not zones (they ignore daylight saving) even where a runtime accepts them.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
export const TimeZone = z.string().min(1, 'must not be empty').max(64, { message: 'must be at most 64 characters', abort: true })
  .refine(isTimeZone, { message: 'is not an IANA time zone (for example Australia/Sydney)' });

export const Settings = z.object({
  officeName: z.string(),
  deskCode: z.string(),
  defaultCurrency: z.string(),
  locale: z.string(),
  /** The office's IANA time zone: its calendar day is "today" for due dates, reports and revenue days. */
  timeZone: z.string(),
  lockAfterMinutes: z.number().int(),
  backupKeepDaily: z.number().int(),
  backupKeepWeekly: z.number().int(),
  /** The plans' late-fee rule is applied by the desk itself (hourly), not only by an admin. */
  lateFeesAutomatic: z.boolean(),
  /** How long a payer page link works, in days, from when it is published. */
  payerLinkDays: z.number().int(),
  /** The office's postal address as printed on receipts and statements (lines kept). */
  officeAddress: z.string(),
  /** The office's tax or registration number, printed on receipts ('' = none). */
  officeTaxId: z.string(),
  /** The paper receipts and other documents are laid out for. */
  receiptPaper: z.enum(PAPER_SIZES),
  updatedAt: z.string().nullable(),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = z.strictObject({
  officeName: RequiredText(120).optional(),
  deskCode: DeskCode.optional(),
  defaultCurrency: CurrencyCode.optional(),
  locale: Locale.optional(),
  timeZone: TimeZone.optional(),
  lockAfterMinutes: z.number().int('must be whole minutes').min(0, 'must not be negative').max(24 * 60, 'must be at most 1440').optional(),
  backupKeepDaily: z.number().int('must be a whole number').min(1, 'must keep at least 1').max(366, 'must be at most 366').optional(),
  backupKeepWeekly: z.number().int('must be a whole number').min(0, 'must not be negative').max(260, 'must be at most 260').optional(),
  lateFeesAutomatic: z.boolean().optional(),
  payerLinkDays: z.number().int('must be whole days').min(1, 'must be at least 1 day').max(366, 'must be at most 366 days').optional(),
  officeAddress: z.string().max(300, { message: 'must be at most 300 characters', abort: true }).transform((a) => a.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).join('\n')).optional(),
  officeTaxId: ShortText(60).optional(),
  receiptPaper: z.enum(PAPER_SIZES, { message: 'must be 80 mm roll, A5 or A4' }).optional(),
});

export const settingsContract = {
  'settings:get': channel({ summary: 'The office settings.', input: Empty, output: Settings }),
  'settings:update': channel({
    summary: 'Change office settings (admin).',
    input: z.strictObject({ requestId: RequestId, patch: SettingsPatch }),
    output: Settings,
  }),
};
