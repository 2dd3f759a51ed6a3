// Date fields take the office's short date (DateField), not YYYY-MM-DD: the English (US) office of
// most specs types 01/15/2027. These turn a day a spec computes into what it types, and back.

/** YYYY-MM-DD as an en-US office types it: MM/DD/YYYY. */
export const usTyped = (iso: string): string => {
  const [y, m, d] = iso.split('-');
  return `${m}/${d}/${y}`;
};

/** What an en-US date field shows (MM/DD/YYYY) as YYYY-MM-DD. */
export const isoOfUsTyped = (typed: string): string => {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(typed);
  if (!m) throw new Error(`not an en-US date field's text: ${typed}`);
  return `${m[3]}-${m[1]}-${m[2]}`;
};
