import { payerPageUrl } from '../portal/portalLinks';
import { defineHandlers } from '../../core/handlers';
import { officeFormat, officeLines } from '../documents/officeFormat';
import { DocumentWriter } from '../documents/pdfWriter';
import { readSettings } from '../settings/settingsRepo';
import { buildStatement } from './statement';
import { statementLineWords } from '../../../shared/documentLines';
import { catalogWords } from '../documents/catalogWords';

export const statementsHandlers = defineHandlers({
  'statements:get': {
    kind: 'query',
    access: 'staff',
    run: (input, { store }) => buildStatement(store, input),
  },
  'statements:pdf': {
    kind: 'query',
    access: 'staff',
    run: async (input, { store, now }) => {
      const s = buildStatement(store, input);
      const settings = readSettings(store);
      const fmt = officeFormat(settings);
      const money = (n: number) => fmt.money(n, s.currency);
      // Headings, labels and the ledger's lines in the office's language, from the window's catalog.
      const words = catalogWords(settings.locale);
      // A ledger of five columns needs a full sheet whatever paper receipts use.
      const w = await DocumentWriter.create({ paper: 'a4', title: words('pdf.statement.title', { name: s.payer.name }), at: now() });
      const office = officeLines(settings);
      await w.title(office.name);
      for (const l of office.lines) await w.text(l);
      w.rule();
      await w.text(words('pdf.statement.heading'), { bold: true, size: w.base + 2 });
      await w.pair(words('pdf.statement.payer'), s.payer.name, { bold: true });
      if (s.payer.studentId) await w.pair(words('pdf.common.studentId'), s.payer.studentId);
      await w.pair(words('pdf.statement.period'), `${fmt.date(s.from)} – ${fmt.date(s.to)}`);
      await w.pair(words('pdf.statement.printed'), fmt.dateTime(now()));
      w.space(4);
      await w.text(words('pdf.statement.enrollments'), { bold: true });
      for (const e of s.enrollments) await w.pair(words('pdf.statement.enrollment', { product: e.product, date: fmt.date(e.enrolledOn), status: words(`status.${e.status}`).toLowerCase() }), money(e.total));
      w.rule();
      const cols = [0.15, 0.46, 0.13, 0.13, 0.13] as const;
      const row = (cells: string[], bold = false) => w.row(cells.map((text, i) => ({ text, width: cols[i] ?? 0.1, align: i >= 2 ? 'right' as const : 'left' as const, bold })));
      await row([words('pdf.common.date'), words('pdf.statement.colDescription'), words('pdf.statement.colCharge'), words('pdf.statement.colPayment'), words('pdf.statement.colBalance')], true);
      await row([fmt.date(s.from), words('pdf.statement.openingBalance'), '', '', money(s.opening)]);
      for (const e of s.entries) {
        const description = statementLineWords(e.kind, e.line, words);
        await row([fmt.date(e.date), e.reference ? `${description} ${e.reference}` : description, e.charge ? money(e.charge) : '', e.payment ? money(e.payment) : '', money(e.balance)]);
      }
      await row(['', words('pdf.statement.totals'), money(s.totals.charges), money(s.totals.payments), ''], true);
      w.rule();
      await w.pair(words('pdf.statement.balanceDue'), money(s.closing), { bold: true });
      if (s.credit > 0) await w.pair(words('pdf.statement.creditOnAccount'), money(s.credit));
      // The payer's live page link, when one was published, is printed as a QR code by default.
      const pageUrl = input.payerPageUrl ?? payerPageUrl(store, input.payerId, now());
      if (pageUrl) {
        w.space(6);
        await w.qr(pageUrl, words('pdf.common.accountOnline'));
      }
      const bytes = await w.save();
      const safe = s.payer.name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'payer';
      return { fileName: `statement-${safe}-${s.from}-${s.to}.pdf`, base64: Buffer.from(bytes).toString('base64'), bytes: bytes.length };
    },
  },
});
