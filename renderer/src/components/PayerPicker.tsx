import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { useChannelQuery } from '../query/useChannelQuery';
import { QueryStatus } from './QueryStatus';
import { Field } from './Field';
import { t } from '../i18n';

type Payer = OutputOf<'payers:search'>['payers'][number];
type Receipt = OutputOf<'receipts:get'>;

/** A receipt number looks like `DESK1-000042`; anything else searches payers. */
const RECEIPT = /^[A-Za-z0-9]{1,8}-\d{6,}$/;

/**
 * Find a payer by name, email, phone or a receipt number; Enter searches, the first match is one Tab away.
 * Every new search first calls `onPayer(null)`: the screen drops the payer it showed, so money
 * cannot be taken for the previous student while the new answer is pending, empty or a list.
 */
export function PayerPicker({ onPayer, onReceipt, onEdit }: { onPayer(payer: Payer | null): void; onReceipt?: (receipt: Receipt) => void; /** The person is at the search box again (a click, a key other than Enter, a change): a new search is being typed. */ onEdit?: () => void }) {
  const [query, setQuery] = useState('');
  // The search asked for with Enter (and how many times, so the same search asked again picks
  // again). The answers are cached reads keyed by what was asked: an answer to an older search
  // never lands over a newer one, and a refusal is shown.
  const [asked, setAsked] = useState<{ q: string; receipt: boolean; n: number } | null>(null);
  const byName = useChannelQuery('payers:search', { query: asked?.q ?? '', limit: 20 }, { enabled: asked !== null && !asked.receipt });
  const receipt = useChannelQuery('receipts:get', { number: asked?.q ?? '' }, { enabled: asked !== null && asked.receipt });
  const receiptPayer = receipt.data?.payment;
  const ofReceipt = useChannelQuery('payers:search', { query: receiptPayer?.payerName ?? '', limit: 20 }, { enabled: asked?.receipt === true && receiptPayer !== undefined });
  const payers: Payer[] | null = asked && !asked.receipt ? (byName.data?.payers ?? null) : null;

  // Each search picks once, when its answer comes: the one payer found, or the receipt's payer.
  const picked = useRef<number | null>(null);
  useEffect(() => {
    if (!asked || picked.current === asked.n) return;
    if (!asked.receipt) {
      if (!byName.data) return;
      picked.current = asked.n;
      if (byName.data.payers.length === 1 && byName.data.payers[0]) onPayer(byName.data.payers[0]);
      return;
    }
    if (receipt.isError) picked.current = asked.n;
    if (!receipt.data || !(ofReceipt.data || ofReceipt.isError)) return;
    picked.current = asked.n;
    const match = ofReceipt.data?.payers.find((p) => p.id === receipt.data.payment.payerId);
    // The payer first: showing a payer clears the panel, the receipt then lands on it.
    if (match) onPayer(match);
    onReceipt?.(receipt.data);
  }, [asked, byName.data, receipt.data, receipt.isError, ofReceipt.data, ofReceipt.isError, onPayer, onReceipt]);

  const search = (event: FormEvent) => {
    event.preventDefault();
    const q = query.trim();
    onPayer(null);
    setAsked((a) => ({ q, receipt: RECEIPT.test(q), n: (a?.n ?? 0) + 1 }));
  };
  const failed = asked ? (asked.receipt ? (receipt.isError ? receipt : null) : byName.isError ? byName : null) : null;

  return (
    <div className="card">
      <form className="filters" onSubmit={search} role="search" aria-label={t('payerPicker.findPayer')}>
        <Field label={t('payerPicker.findPayer')} placeholder={t('payerPicker.nameEmailPhoneOrReceipt')} value={query} onChange={(e) => {
          setQuery(e.target.value);
          onEdit?.();
        }} onKeyDown={(e) => {
          // Selecting the text (Ctrl+A, Home, Shift+arrows) is the start of a new search too; Enter asks for this one.
          if (e.key !== 'Enter') onEdit?.();
        }} onPointerDown={() => onEdit?.()} autoFocus />
        <button type="submit" className="button">{t('payerPicker.search')}</button>
      </form>
      {failed ? <QueryStatus query={failed} /> : null}
      {asked && !asked.receipt && byName.isPending ? <QueryStatus query={byName} what={t('payerPicker.thePayersFound')} /> : null}
      {payers && payers.length === 0 ? <p className="field__hint">{t('payerPicker.noPayerMatches', { query: asked?.q ?? query })}</p> : null}
      {payers && payers.length > 1 ? (
        <ul className="picker" aria-label={t('payerPicker.matchingPayers')}>
          {payers.map((p) => (
            <li key={p.id}>
              <button type="button" className="button" onClick={() => onPayer(p)}>
                {p.name}
                {p.email ? ` · ${p.email}` : ''}
                {p.phone ? ` · ${p.phone}` : ''}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
