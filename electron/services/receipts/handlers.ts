import { payerPageUrl } from '../portal/portalLinks';
import { sql } from '../../store/sql';
import { defineHandlers } from '../../core/handlers';
import { getPaymentView } from '../payments/paymentsRepo';
import { readSettings } from '../settings/settingsRepo';
import { receiptPdf } from './receiptPdf';
import { refundReceiptPdf } from './refundReceiptPdf';
import { findRefundReceipt } from './refundReceipts';
import { findReceipt, toReceiptView } from './receiptsRepo';

export const receiptsHandlers = defineHandlers({
  'receipts:get': {
    kind: 'query',
    access: 'staff',
    run: (input, { store }) => {
      const receipt = findReceipt(store, input);
      const settings = readSettings(store);
      return { receipt: toReceiptView(receipt), payment: getPaymentView(store, receipt.payment_id), officeName: settings.officeName, locale: settings.locale };
    },
  },
  // Base64 over IPC rather than a file path: the sandboxed renderer cannot read files, a
  // receipt is a few KB, and the screen prints or saves it from a Blob without the core
  // ever writing to a path a caller chose.
  'receipts:pdf': {
    kind: 'query',
    access: 'staff',
    run: async (input, { store, now }) => {
      const receipt = findReceipt(store, input.receiptId !== undefined ? { receiptId: input.receiptId } : { number: input.number ?? '' });
      // The payer's live page link, when one was published, is printed as a QR code by default.
      const payerId = store.get<{ payerId: string }>(sql`SELECT payer_id AS payerId FROM payments WHERE id = ${receipt.payment_id}`)?.payerId;
      const url = input.payerPageUrl ?? (payerId ? payerPageUrl(store, payerId, now()) : undefined);
      const bytes = await receiptPdf(store, receipt.payment_id, { payerPageUrl: url });
      return { number: receipt.number, fileName: `receipt-${receipt.number}.pdf`, base64: Buffer.from(bytes).toString('base64'), bytes: bytes.length };
    },
  },
  'refundReceipts:pdf': {
    kind: 'query',
    access: 'staff',
    run: async (input, { store }) => {
      const rr = findRefundReceipt(store, input);
      const bytes = await refundReceiptPdf(store, rr);
      const stem = rr.kind === 'credit_note' ? 'credit-note' : 'refund-receipt';
      return { number: rr.number, kind: rr.kind, fileName: `${stem}-${rr.number}.pdf`, base64: Buffer.from(bytes).toString('base64'), bytes: bytes.length };
    },
  },
});
