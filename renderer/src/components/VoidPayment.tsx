import { useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { invoke, newRequestId } from '../api/invoke';
import { useSession } from '../stores/session';
import { Banner } from './Banner';
import { Field } from './Field';
import { t } from '../i18n';

type Payment = OutputOf<'payments:void'>;

/**
 * Voids a payment of the open drawer session. An admin voids directly; a cashier gets a
 * one-action override from an admin who types their username and PIN here.
 */
export function VoidPayment({ paymentId, receiptNumber, onDone }: { paymentId: string; receiptNumber: string; onDone(payment: Payment): void }) {
  const role = useSession((s) => s.state.user?.role);
  const [reason, setReason] = useState('');
  const [admin, setAdmin] = useState({ username: '', password: '' });
  const [error, setError] = useState<AppErrorData | null>(null);
  const [requestId] = useState(newRequestId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (role !== 'admin') {
      const grant = await invoke('auth:override', { username: admin.username, password: admin.password, channel: 'payments:void' });
      if (!grant.ok) return setError(grant.error);
    }
    const r = await invoke('payments:void', { requestId, paymentId, reason });
    if (r.ok) onDone(r.value);
    else setError(r.error);
  };

  return (
    <form className="card form" onSubmit={submit} aria-label={t('voidPayment.void', { receiptNumber })} noValidate>
      <h2>{t('voidPayment.voidReceipt')} {receiptNumber}</h2>
      {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}
      <Field label={t('voidPayment.reasonForTheVoid')} value={reason} onChange={(e) => setReason(e.target.value)} error={error?.fields?.reason} />
      {role !== 'admin' ? (
        <>
          <p className="field__hint">{t('voidPayment.anAdminApprovesThisVoid')}</p>
          <Field label={t('voidPayment.approvingAdmin')} autoComplete="off" value={admin.username} onChange={(e) => setAdmin({ ...admin, username: e.target.value })} error={error?.fields?.username} />
          <Field label={t('voidPayment.adminPin')} type="password" autoComplete="off" value={admin.password} onChange={(e) => setAdmin({ ...admin, password: e.target.value })} error={error?.fields?.password} />
        </>
      ) : null}
      <div className="form__actions">
        <button type="submit" className="button button--primary">{t('voidPayment.voidPayment')}</button>
      </div>
    </form>
  );
}
