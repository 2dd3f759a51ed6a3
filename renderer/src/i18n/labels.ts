import type { PaymentMethod } from '../../../shared/contract/payments';
import { catalogs, t } from '.';
import type { MessageId } from '.';
import type { Words } from '../../../shared/documentLines';

const known = (id: string): id is MessageId => Object.prototype.hasOwnProperty.call(catalogs.en, id);

/** The window's catalog as shared/documentLines.ts words a line: an id it builds from data (`line.installment`). */
export const lineWords: Words = (id, values) => (known(id) ? t(id, values) : id);

/** A payment or refund method in words of the window's language, never the stored code. */
export const methodLabel = (method: PaymentMethod | string): string => {
  const id = `method.${method}`;
  return known(id) ? t(id) : method.replace(/_/g, ' ');
};

/** A schedule item's or an enrollment's status in words ("Partially paid", "Pagado en parte"). */
export const statusLabel = (status: string): string => {
  const id = `status.${status}`;
  return known(id) ? t(id) : status.replace(/_/g, ' ');
};

/**
 * A report's fixed words, kept in English in shared/reports (its name, column headers, "Total",
 * chart axes; the CSV keeps them): in the window's language.
 */
export const reportWord = (english: string): string => {
  const id = `reportWord.${english.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '')}`;
  return known(id) ? t(id) : english;
};
