import { useCallback } from 'react';
import { formatMoney, parseMoney } from '../../../shared/money';
import { useSetting } from '../stores/settings';

/** Money shown and read in the office locale; arithmetic stays in integer minor units. */
export function useMoney() {
  const locale = useSetting('locale', 'en-US');
  const format = useCallback((amount: number, currency: string) => formatMoney(amount, currency, locale), [locale]);
  return { format, parse: parseMoney, locale };
}
