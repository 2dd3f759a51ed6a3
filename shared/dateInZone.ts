/**
 * Calendar days in a time zone, for the core and the window alike (runtime-neutral: Intl only).
 *
 * One formatter per zone, made once: building an `Intl.DateTimeFormat` costs far more than
 * formatting with it, and the office date is read on every payment.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-US with the Gregorian calendar and Latin digits: the parts are plain numbers whatever the locale.
    f = new Intl.DateTimeFormat('en-US', { timeZone, calendar: 'gregory', numberingSystem: 'latn', year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The `YYYY-MM-DD` calendar date of the instant `at` on a wall clock in `timeZone` (an IANA name). */
export function dateInZone(at: Date, timeZone: string): string {
  let y = '';
  let m = '';
  let d = '';
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'year') y = part.value;
    else if (part.type === 'month') m = part.value;
    else if (part.type === 'day') d = part.value;
  }
  return `${y.padStart(4, '0')}-${m}-${d}`;
}
