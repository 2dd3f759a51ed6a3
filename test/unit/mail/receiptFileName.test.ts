import { describe, expect, it } from 'vitest';
import { receiptFileName } from '../../../electron/services/mail/mailBodies';

/** Issue 17: a mailed receipt's PDF is named in the office's language, in characters any mail client and disk keep. */
describe('receiptFileName', () => {
  it('names the PDF in the office language', () => {
    expect(receiptFileName('en-US', 'FD-000017')).toBe('receipt-FD-000017.pdf');
    expect(receiptFileName('es-ES', 'FD-000017')).toBe('recibo-FD-000017.pdf');
    expect(receiptFileName('es-MX', 'FD-000017')).toBe('recibo-FD-000017.pdf');
  });

  it('keeps only safe characters: accents dropped, spaces, slashes and quotes become dashes', () => {
    expect(receiptFileName('es-ES', 'Año 2026/Nº 7 "a"')).toBe('recibo-Ano-2026-No-7-a.pdf');
    expect(receiptFileName('es-ES', '../../etc')).toMatch(/^recibo-[A-Za-z0-9._-]*\.pdf$/);
    expect(receiptFileName('es-ES', '../../etc')).not.toContain('/');
  });
});
