import { z } from 'zod';
import { MAX_MINOR, isCurrencyCode } from './money';

/** Client-generated id that makes a mutation idempotent: the same id replays the first result. */
export const RequestId = z.string().trim().min(8, 'must be at least 8 characters').max(100, { message: 'must be at most 100 characters', abort: true }).regex(/^[A-Za-z0-9_:.-]+$/, 'may contain only letters, digits and _ : . -');

export const Id = z.string().min(1, 'is required').max(64, 'is too long');

export const CurrencyCode = z.string().max(3, { message: 'is not an ISO 4217 currency code', abort: true }).refine(isCurrencyCode, { message: 'is not an ISO 4217 currency code' });

/** What a refused amount field says: a person never reads "minor units". */
const AMOUNT_NOT_WHOLE = 'must be a whole amount of the currency (no fraction of a cent)';
const AMOUNT_TOO_LARGE = 'is larger than any amount Bursar takes';

/** An amount in integer minor units, positive. */
export const PositiveMinor = z.number().int(AMOUNT_NOT_WHOLE).positive('must be greater than zero').max(MAX_MINOR, AMOUNT_TOO_LARGE);
export const NonNegativeMinor = z.number().int(AMOUNT_NOT_WHOLE).min(0, 'must not be negative').max(MAX_MINOR, AMOUNT_TOO_LARGE);

/** A calendar date `YYYY-MM-DD` that exists (no Feb 30). */
export const IsoDate = z.string().max(10, { message: 'must be a date YYYY-MM-DD', abort: true }).regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, { message: 'is not a real calendar date' });

export const Timestamp = z.string().max(40);

/** A date and time with its offset (`2026-03-02T09:00:00+11:00`). */
export const IsoDateTime = z.iso.datetime({ offset: true, message: 'must be a date and time' }).max(40, 'must be a date and time');

/** A keyset paging cursor, passed back exactly as a list channel's `nextCursor` gave it. */
export const PageCursor = z.string().min(1, 'must not be empty').max(1000, 'is not a cursor this desk returned');

export const ShortText = (max = 200) => z.string().trim().max(max, `must be at most ${max} characters`);
export const RequiredText = (max = 200) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const Role = z.enum(['admin', 'cashier']);
export type Role = z.infer<typeof Role>;

export const Empty = z.strictObject({});

/** The parameters of words by key (shared/errorMessages.ts): labels, counts, amounts with their currency, calendar dates. */
export const WordParams = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.object({ amount: z.number().int(), currency: z.string() }), z.object({ day: z.string() })]));

/** Words by key and their parameters, for the window to word in its language. */
export const KeyedWordsSchema = z.object({ key: z.string(), params: WordParams });
