import { z } from 'zod';

/** A payer's page (published elsewhere) printed as a QR code on a receipt or statement. */
export const PayerPageUrl = z.string().max(2000, { message: 'must be at most 2000 characters', abort: true }).refine((u) => {
  try {
    const url = new URL(u);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}, { message: 'must be a web address (https://…)' });
