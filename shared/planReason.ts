import { DetectionReason } from './contract/plans';
import { errorFormat, renderErrorMessage } from './errorMessages';
import type { ErrorFormat, ErrorParams } from './errorMessages';
import { minorDigits, minorToDecimalString } from './money';

/** Words for a key and its parameters: `windowWords` in the window, the English table in the core. */
export type ReasonWords = (key: string, params: ErrorParams) => string;

/**
 * A detection reason as one sentence: its clauses worded and joined, then put in the sentence
 * ("Rule 1 "Programs" matched (product type is program, 59 days until start ≥ 30) →
 * installments plan "Monthly x10""; "Regla 1 «Programs» …" in Spanish).
 */
export function detectionReasonText(r: DetectionReason, words: ReasonWords): string {
  const conditions = r.conditions.length > 0 ? r.conditions.map((c) => words(c.key, c.params)).join(', ') : words('planReason.noConditions', {});
  const skipped = r.skipped.map((s) => words(s.key, s.params)).join('; ');
  return words(r.key, { ...r.params, conditions, skipped, hasSkipped: r.skipped.length > 0 });
}

/**
 * The English a reason was always stored and logged in: amounts as "1500.00 USD", numbers
 * as digits, so a reason reads word for word as the ones stored before it became data.
 */
const STORED: ErrorFormat = {
  ...errorFormat('en-US'),
  money: (m) => `${minorToDecimalString(m.amount, minorDigits(m.currency))} ${m.currency}`,
  number: (n) => String(n),
};
export const englishReason = (r: DetectionReason): string => detectionReasonText(r, (key, params) => renderErrorMessage(key, params, STORED) ?? key);

/**
 * A stored `detection_reason`: new rows hold the reason as JSON (its keys and parameters);
 * rows from before hold an English sentence, kept and shown as it was stored (null here).
 */
export function storedReason(text: string | null): DetectionReason | null {
  if (text === null || !text.startsWith('{')) return null;
  try {
    const parsed = DetectionReason.safeParse(JSON.parse(text) as unknown);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
