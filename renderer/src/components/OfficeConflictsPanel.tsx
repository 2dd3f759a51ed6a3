import { useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke } from '../api/invoke';
import { useMoney } from '../hooks/useMoney';
import { useInFlight } from '../hooks/useInFlight';
import { useChannelQuery } from '../query/useChannelQuery';
import { QueryStatus } from './QueryStatus';
import { t } from '../i18n';

type Conflict = OutputOf<'office:conflicts'>['conflicts'][number];

/** One sentence per case, in the office's words: whose money, which product, how much — never an id. */
function describe(c: Conflict, money: (amount: number, currency: string) => string): string {
  const who = c.payerName ?? t('officeConflictsPanel.aPayer');
  const what = c.productName ? t('officeConflictsPanel.forProduct', { product: c.productName }) : '';
  const hasSum = c.amount !== null && c.currency ? 'yes' : 'no';
  const sum = c.amount !== null && c.currency ? money(c.amount, c.currency) : null;
  switch (c.kind) {
    case 'same_item_paid':
      return t('officeConflictsPanel.sameItemPaid', { who, what, hasSum, sum: sum ?? '' });
    case 'duplicate_enrollment':
      return t('officeConflictsPanel.wasEnrolledAtTwoDesks', { who, what });
    case 'payment_on_cancelled_enrollment':
      return t('officeConflictsPanel.paymentOnCancelled', { who, what, hasSum, sum: sum ?? '' });
    case 'refunds_exceed_payment':
      return t('officeConflictsPanel.refundsExceed', { who, what, hasSum, sum: sum ?? '' });
    case 'duplicate_value':
      return t('officeConflictsPanel.duplicateValue', { value: c.value ?? t('officeConflictsPanel.aValue'), whose: c.payerName ?? c.productName ?? '', hasWhose: c.payerName || c.productName ? 'yes' : 'no', renamedTo: c.renamedTo ?? t('officeConflictsPanel.renamed') });
    case 'double_cancellation':
      return t('officeConflictsPanel.sEnrollmentWasCancelledAt', { who, what });
    case 'plan_rules_replaced':
      return t('officeConflictsPanel.twoDesksChangedThePlan');
    case 'duplicate_subscription':
      return t('officeConflictsPanel.subscribedAtTwoDesks', { who, what });
  }
}

/** Conflicts between the office's desks that need an admin, each with Resolve (a note, seen at every desk). */
export function OfficeConflictsPanel() {
  const { format: money } = useMoney();
  const query = useChannelQuery('office:conflicts', { open: true });
  const rows = query.data?.conflicts ?? null;
  const [open, setOpen] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const { busy, run } = useInFlight();

  const resolve = (c: Conflict) => run(async () => {
    const r = await invoke('office:resolveConflict', { requestId: `resolve-${c.id}-${Date.now()}`, conflictId: c.id, note });
    if (!r.ok) {
      setNoteError(r.error.fields?.note ?? r.error.message);
      return;
    }
    setOpen(null);
    setNote('');
    setNoteError(null);
    void query.refetch();
  });

  return (
    <div className="stack">
      <h2>{t('officeConflictsPanel.conflictsBetweenDesks')}</h2>
      <QueryStatus query={query} what={t('officeConflictsPanel.conflicts')} />
      {rows && rows.length === 0 ? <p>{t('officeConflictsPanel.noConflictsNeedAnAdmin')}</p> : null}
      <ul className="picker" aria-label={t('officeConflictsPanel.conflictsBetweenDesks')}>
        {(rows ?? []).map((c) => (
          <li key={c.id} className="card">
            <p>{describe(c, money)}</p>
            {open === c.id ? (
              <form className="stack" onSubmit={(e) => { e.preventDefault(); void resolve(c); }}>
                <label>
                  {t('officeConflictsPanel.whatWasDone')}
                  <textarea value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} aria-invalid={noteError ? true : undefined} aria-describedby={noteError ? `note-error-${c.id}` : undefined} />
                </label>
                {noteError ? <p className="field-error" id={`note-error-${c.id}`}>{noteError}</p> : null}
                <div>
                  <button type="submit" disabled={busy}>{t('officeConflictsPanel.markResolved')}</button>{' '}
                  <button type="button" onClick={() => { setOpen(null); setNoteError(null); }}>{t('officeConflictsPanel.cancel')}</button>
                </div>
              </form>
            ) : (
              <button type="button" onClick={() => { setOpen(c.id); setNote(''); setNoteError(null); }}>{t('officeConflictsPanel.resolve')}</button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
