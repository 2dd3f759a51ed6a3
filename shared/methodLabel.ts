import type { PaymentMethod } from './contract/payments';

/** How a payment or refund method reads on a screen: words, never the stored code. */
export const METHOD_LABEL: Record<PaymentMethod, string> = {
  cash: 'Cash',
  check: 'Check',
  bank_transfer: 'Bank transfer',
  card_terminal: 'Card terminal',
  card: 'Card (online)',
  credit: 'Account credit',
};

export const methodLabel = (method: string): string => (method in METHOD_LABEL ? METHOD_LABEL[method as PaymentMethod] : method.replace(/_/g, ' '));

/** The method inside a sentence ("a bank transfer refund"). */
export const methodWords = (method: string): string => methodLabel(method).toLowerCase();
