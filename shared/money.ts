/**
 * Money is an integer count of minor units (cents, pence, yen) plus an ISO 4217 code.
 * This file is the only place that turns text into minor units and back; arithmetic
 * elsewhere is integer arithmetic on `amount`.
 */
export type Money = { amount: number; currency: string };

/** 10^9 minor units is far above any tuition payment and far below 2^53. */
export const MAX_MINOR = 1_000_000_000;

let knownCurrencies: Set<string> | undefined;

export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencies.has(code);
}

/** Number of minor-unit digits of a currency (USD 2, JPY 0, BHD 3), as Intl knows it. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: number, currency: string, locale = 'en-US'): string {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, f);
  }
  const digits = minorDigits(currency);
  // Format from an exact decimal string, never from a float division.
  return f.format(minorToDecimalString(amount, digits) as `${number}`);
}

/** 12345, 2 → "123.45"; -5, 2 → "-0.05". Exact: string arithmetic only. */
export function minorToDecimalString(amount: number, digits: number): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`an amount must be a safe whole number of the currency's smallest unit (cents for USD), not ${amount}`);
  const negative = amount < 0;
  const abs = String(Math.abs(amount));
  if (digits === 0) return (negative ? '-' : '') + abs;
  const padded = abs.padStart(digits + 1, '0');
  const whole = padded.slice(0, padded.length - digits);
  const frac = padded.slice(padded.length - digits);
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** The decimal mark people type in a locale ("." for en-US, "," for de-DE). */
export function decimalMarkOf(locale: string): '.' | ',' {
  const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal');
  return part?.value === ',' ? ',' : '.';
}

/**
 * Parses what a person typed ("1,234.50" with decimal mark ".", "1.234,50" with ",") into
 * minor units of `currency`. The other mark is accepted only as a thousands separator in
 * groups of three; spaces and apostrophes are ignored. Anything ambiguous or with more
 * decimals than the currency has gives null — a cashier is asked again, never misread
 * ("10.001" in dollars is refused, not taken as ten thousand).
 */
export function parseMoney(text: string, currency: string, decimalMark: '.' | ',' = '.'): number | null {
  const digits = minorDigits(currency);
  const groupMark = decimalMark === '.' ? ',' : '.';
  const cleaned = text.trim().replace(/[\s\u00a0\u202f'’]/g, '');
  const match = /^(-?)([0-9.,]+)$/.exec(cleaned);
  if (!match) return null;
  const negative = match[1] === '-';
  const body = match[2] ?? '';
  const parts = body.split(decimalMark);
  if (parts.length > 2) return null;
  const [intPart = '', frac = ''] = parts;
  if (parts.length === 2 && (frac.length === 0 || frac.length > digits || !/^[0-9]+$/.test(frac))) return null;
  let whole = intPart;
  if (whole.includes(groupMark)) {
    const groups = whole.split(groupMark);
    if ((groups[0] ?? '').length < 1 || (groups[0] ?? '').length > 3 || groups.slice(1).some((g) => g.length !== 3)) return null;
    whole = groups.join('');
  }
  if (whole === '') whole = '0';
  if (!/^[0-9]+$/.test(whole)) return null;
  const minor = Number(whole + frac.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR) return null;
  return negative ? -minor : minor;
}

/**
 * Splits `total` into `parts` integer shares as equal as possible; the remainder
 * goes to the last share, so the shares always sum to `total` exactly.
 */
export function splitEvenly(total: number, parts: number): number[] {
  if (!Number.isSafeInteger(total) || !Number.isInteger(parts) || parts < 1) throw new RangeError('bad split');
  const base = Math.trunc(total / parts);
  const shares = new Array<number>(parts).fill(base);
  shares[parts - 1] = total - base * (parts - 1);
  return shares;
}

/** `amount * numerator / denominator`, rounded half away from zero, exact for safe integers. */
export function mulDivRound(amount: number, numerator: number, denominator: number): number {
  const a = BigInt(amount) * BigInt(numerator);
  const d = BigInt(denominator);
  const q = a / d;
  const r = a % d;
  const twice = (r < 0n ? -r : r) * 2n;
  const absD = d < 0n ? -d : d;
  const roundAway = twice >= absD;
  const sign = (a < 0n) !== (d < 0n) ? -1n : 1n;
  return Number(roundAway ? q + sign : q);
}
