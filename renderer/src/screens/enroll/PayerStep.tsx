import { useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { invoke, newRequestId } from '../../api/invoke';
import { Field } from '../../components/Field';
import { QueryStatus } from '../../components/QueryStatus';
import { useChannelQuery } from '../../query/useChannelQuery';
import { t } from '../../i18n';

export type Payer = OutputOf<'payers:search'>['payers'][number];

/** Find the student by name, email, phone or external id, or register them. */
export function PayerStep({ onPick }: { onPick(p: Payer): void }) {
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const [form, setForm] = useState({ name: '', email: '', phone: '', externalId: '' });
  const [error, setError] = useState<AppErrorData | null>(null);
  const [requestId] = useState(newRequestId);
  // Search as the name is typed: each term is its own cached read, so a slow answer for an
  // older term never replaces the newer one's.
  const term = query.trim();
  const search = useChannelQuery('payers:search', { query: term, limit: 10 }, { enabled: term.length >= 2, placeholderData: (previous) => previous });
  const results: Payer[] = term.length >= 2 ? (search.data?.payers ?? []) : [];

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const r = await invoke('payers:create', {
      requestId,
      payer: { name: form.name, email: form.email.trim() || null, phone: form.phone.trim() || null, externalId: form.externalId.trim() || null },
    });
    if (r.ok) onPick(r.value);
    else setError(r.error);
  };
  const err = (k: string) => error?.fields?.[`payer.${k}`];

  return (
    <div className="stack">
      <Field label={t('payerStep.findStudent')} value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('payerStep.nameEmailPhoneOrStudent')} autoFocus />
      {term.length >= 2 && search.isError ? <QueryStatus query={search} what={t('payerStep.theStudentsFound')} /> : null}
      {results.length > 0 ? (
        <ul className="stack" aria-label={t('payerStep.matchingStudents')}>
          {results.map((p) => (
            <li key={p.id} className="choice">
              <button type="button" className="button" onClick={() => onPick(p)} aria-label={t('payerStep.choose2', { name: p.name })}>
                {t('payerStep.choose')}
              </button>
              <span>
                {p.name} {p.email ? `· ${p.email}` : ''} {p.phone ? `· ${p.phone}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {creating ? (
        <form className="card form" onSubmit={create} noValidate aria-label={t('payerStep.newStudent')}>
          <Field label={t('payerStep.studentName')} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={err('name')} />
          <Field label={t('payerStep.email')} value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} error={err('email')} />
          <Field label={t('payerStep.phone')} value={form.phone} onChange={(e) => setForm({ ...form, phone: e.target.value })} error={err('phone')} />
          <Field label={t('payerStep.studentId')} value={form.externalId} onChange={(e) => setForm({ ...form, externalId: e.target.value })} error={err('externalId')} />
          <div className="form__actions">
            <button type="submit" className="button button--primary">
              {t('payerStep.registerStudent')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button" onClick={() => setCreating(true)}>
          {t('payerStep.newStudent')}
        </button>
      )}
    </div>
  );
}
