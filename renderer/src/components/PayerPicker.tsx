import { useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke } from '../api/invoke';
import { Banner } from './Banner';
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
export function PayerPicker({ onPayer, onReceipt }: { onPayer(payer: Payer | null): void; onReceipt?: (receipt: Receipt) => void }) {
  const [query, setQuery] = useState('');
  const [payers, setPayers] = useState<Payer[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    const q = query.trim();
    setError(null);
    setPayers(null);
    onPayer(null);
    if (RECEIPT.test(q)) {
      const r = await invoke('receipts:get', { number: q });
      if (!r.ok) return setError(r.error.message);
      const payer = await invoke('payers:search', { query: r.value.payment.payerName, limit: 20 });
      const match = payer.ok ? payer.value.payers.find((p) => p.id === r.value.payment.payerId) : undefined;
      // The payer first: showing a payer clears the panel, the receipt then lands on it.
      if (match) onPayer(match);
      onReceipt?.(r.value);
      return;
    }
    const r = await invoke('payers:search', { query: q, limit: 20 });
    if (!r.ok) return setError(r.error.message);
    setPayers(r.value.payers);
    if (r.value.payers.length === 1 && r.value.payers[0]) onPayer(r.value.payers[0]);
  };

  return (
    <div className="card">
      <form className="filters" onSubmit={search} role="search" aria-label={t('payerPicker.findPayer')}>
        <Field label={t('payerPicker.findPayer')} placeholder={t('payerPicker.nameEmailPhoneOrReceipt')} value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
        <button type="submit" className="button">{t('payerPicker.search')}</button>
      </form>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {payers && payers.length === 0 ? <p className="field__hint">{t('payerPicker.noPayerMatches', { query })}</p> : null}
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
