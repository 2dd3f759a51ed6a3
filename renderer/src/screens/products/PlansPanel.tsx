import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { QueryStatus } from '../../components/QueryStatus';
import { useChannelQuery } from '../../query/useChannelQuery';
import { invoke, newRequestId } from '../../api/invoke';
import { today } from '../../api/money';
import { useMoney } from '../../hooks/useMoney';
import { ActiveToggleButton } from '../../components/ActiveToggleButton';
import { Banner } from '../../components/Banner';
import { DataTable } from '../../components/DataTable';
import { SchedulePreviewTable } from '../../components/SchedulePreviewTable';
import { Field } from '../../components/Field';
import { DateField, useDateChecks } from '../../components/DateField';
import { SelectField } from '../../components/SelectField';
import { toast } from '../../stores/toasts';
import type { Product } from './ProductForm';
import { draftBlankReason, draftToLateFee, draftToTerms, emptyPlanDraft, planToDraft } from './planTerms';
import type { PlanDraft } from './planTerms';
import { DraftPreviewSection } from './DraftPreviewSection';
import { useDraftPreview } from './useDraftPreview';
import { t } from '../../i18n';

type Plan = OutputOf<'plans:list'>['plans'][number];
type Preview = OutputOf<'plans:preview'>;

const describeTerms = (p: Plan): string => {
  const terms = p.terms;
  if (terms.kind === 'full') return t('plansPanel.onePayment');
  if (terms.kind === 'subscription') return t('plansPanel.subscriptionTerms', { interval: t(`interval.${terms.interval}`), count: terms.count ?? 0 });
  if (terms.dueDates) return t('plansPanel.installmentsOn', { length: terms.dueDates.length, join: terms.dueDates.join(', ') });
  return t('plansPanel.installmentTerms', { count: terms.count ?? 0, interval: terms.interval ? t(`interval.${terms.interval}`) : '' });
};

/** A product's payment plans: add or edit one with a live preview of its schedule, and preview a saved plan for a date. */
export function PlansPanel({ product }: { product: Product }) {
  const { format: money } = useMoney();
  const plansQuery = useChannelQuery('plans:list', { productId: product.id, includeInactive: true });
  const plans: Plan[] = plansQuery.data?.plans ?? [];
  const [draft, setDraft] = useState<PlanDraft>(emptyPlanDraft);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [previewDate, setPreviewDate] = useState(today());
  /** The saved plan the form is editing; null: the form adds a new plan. */
  const [editing, setEditing] = useState<Plan | null>(null);
  const [draftDate, setDraftDate] = useState(today());
  const draftTerms = useMemo(() => draftToTerms(draft, product.currency), [draft, product.currency]);
  const live = useDraftPreview(product.id, draftTerms, draftBlankReason(draft), draftDate);
  const liveError = live.state === 'invalid' ? live.error : null;
  const dates = useDateChecks();

  // Live preview: keyed by the plan and the date (an older answer never lands over a newer
  // one); nothing is written.
  const previewQuery = useChannelQuery('plans:preview', { productId: product.id, planId: selected ?? '', enrollmentDate: previewDate }, { enabled: selected !== null, placeholderData: (previous) => previous });
  const preview: Preview | null = previewQuery.isError ? null : (previewQuery.data ?? null);

  // A change to the draft retires the error of the last save: the live preview now speaks for the terms.
  const change = (next: PlanDraft) => {
    setDraft(next);
    setError(null);
  };
  const set = <K extends Exclude<keyof PlanDraft, 'depositRefundable'>>(key: K) => (e: { target: { value: string } }) => change({ ...draft, [key]: e.target.value as PlanDraft[K] });
  /** Field errors keyed as the form names them (`terms.count`, `name`): from the last save (plan./patch.) or else the live preview. */
  const errorFields = useMemo(() => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(liveError?.fields ?? {})) out[k] = v;
    for (const [k, v] of Object.entries(error?.fields ?? {})) out[k.replace(/^(plan|patch)\./, '')] = v;
    return out;
  }, [error, liveError]);
  const fieldError = (path: string) => errorFields[`terms.${path}`] ?? errorFields[path];
  /** The first error on a list field or any of its entries (`dueDates.2`), with the entry named. */
  const listError = (path: string) => {
    const prefix = `terms.${path}`;
    const hit = Object.entries(errorFields).find(([k]) => k === prefix || k.startsWith(`${prefix}.`));
    if (!hit) return undefined;
    const index = hit[0].slice(prefix.length + 1);
    return index ? t('plansPanel.dateProblem', { n: Number(index) + 1, problem: hit[1] }) : hit[1];
  };
  const startEditing = useCallback(
    (p: Plan) => {
      setEditing(p);
      setDraft(planToDraft(p, product.currency));
      setError(null);
    },
    [product.currency],
  );
  const stopEditing = () => {
    setEditing(null);
    setDraft(emptyPlanDraft);
    setError(null);
  };

  const toggleActive = useCallback(
    async (p: Plan) => {
      const r = await invoke('plans:update', { requestId: newRequestId(), planId: p.id, patch: { active: !p.active } });
      if (!r.ok) return setError(r.error);
      toast('success', t('plansPanel.planActiveToast', { name: r.value.name, active: r.value.active }));
    },
    [],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // A first due date that is not a day yet: its field says why; nothing is saved.
    if (dates.blocked) return;
    const fields = { name: draft.name, terms: draftToTerms(draft, product.currency), lateFee: draftToLateFee(draft, product.currency), depositRefundable: draft.depositRefundable };
    const r = editing
      ? await invoke('plans:update', { requestId: newRequestId(), planId: editing.id, patch: fields })
      : await invoke('plans:create', { requestId: newRequestId(), plan: { productId: product.id, ...fields } });
    if (!r.ok) return setError(r.error);
    setError(null);
    setDraft(emptyPlanDraft);
    setEditing(null);
    toast('success', t('plansPanel.planSavedToast', { name: r.value.name, edited: editing !== null }));
    setSelected(r.value.id);
  };

  const planColumns = useMemo(() => {
    const c = createColumnHelper<Plan>();
    return [
      c.accessor('name', { header: t('plansPanel.plan') }),
      c.display({ id: 'terms', header: t('plansPanel.terms'), cell: (x) => describeTerms(x.row.original) }),
      c.accessor('lateFee', { header: t('plansPanel.lateFee'), cell: (x) => { const fee = x.getValue(); return fee ? t('plansPanel.lateFeeAfter', { amount: money(fee.amount, x.row.original.currency), days: fee.graceDays }) : t('plansPanel.none'); } }),
      c.accessor('active', { header: t('plansPanel.status'), cell: (x) => (x.getValue() ? t('common.active') : t('common.inactive')) }),
      c.display({
        id: 'actions',
        header: t('plansPanel.actions'),
        cell: (x) => (
          <span className="choice">
            <button type="button" className="button" onClick={() => setSelected(x.row.original.id)} aria-label={t('plansPanel.preview2', { name: x.row.original.name })}>
              {t('plansPanel.preview')}
            </button>
            <button type="button" className="button" onClick={() => startEditing(x.row.original)} aria-label={t('plansPanel.edit2', { name: x.row.original.name })}>
              {t('plansPanel.edit')}
            </button>
            <ActiveToggleButton item={x.row.original} onToggle={() => void toggleActive(x.row.original)} />
          </span>
        ),
      }),
    ];
  }, [money, toggleActive, startEditing]);
  return (
    <div className="stack">
      <h2>{t('plansPanel.paymentPlansFor')} {product.name}</h2>
      {plansQuery.isPending || plansQuery.isError ? <QueryStatus query={plansQuery} what={t('plansPanel.thePlans')} /> : null}
      <DataTable label={t('plansPanel.paymentPlans')} columns={planColumns} data={plans} empty={t('plansPanel.noPlansYetAddOne')} getRowId={(p: Plan) => p.id} />
      {selected ? (
        <div className="card" aria-labelledby="preview-title">
          <h3 id="preview-title">{t('plansPanel.schedulePreview')}</h3>
          <DateField label={t('plansPanel.enrollmentDate')} value={previewDate} onChange={setPreviewDate} />
          {previewQuery.isError || previewQuery.isPending ? <QueryStatus query={previewQuery} what={t('plansPanel.theSchedulePreview')} /> : null}
          {preview ? (
            <>
              <p>
                {t('plansPanel.total', { total: money(preview.total, preview.currency) })}
                {preview.requiresImmediatePayment ? t('plansPanel.firstPaymentDueAtEnrollment') : ''}
              </p>
              <SchedulePreviewTable label={t('plansPanel.previewItems')} items={preview.items} currency={preview.currency} />
            </>
          ) : null}
        </div>
      ) : null}
      <form className="card form" onSubmit={submit} noValidate aria-labelledby="plan-form-title">
        <h3 id="plan-form-title">{editing ? t('plansPanel.edit2', { name: editing.name }) : t('plansPanel.addAPlan')}</h3>
        {editing ? <p className="field__hint">{t('plansPanel.enrollmentsAlreadyMadeKeepTheir')}</p> : null}
        {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}
        {error?.fields ? <Banner kind="error">{error.message}</Banner> : null}
        <div className="grid2">
          <Field label={t('plansPanel.planName')} value={draft.name} onChange={set('name')} error={fieldError('name')} />
          <SelectField label={t('plansPanel.kind')} value={draft.kind} onChange={set('kind')} options={[{ value: 'full', label: t('plansPanel.payInFull') }, { value: 'installments', label: t('plansPanel.installments') }, { value: 'subscription', label: t('plansPanel.subscription') }]} />
          {draft.kind === 'installments' ? (
            <>
              <SelectField label={t('plansPanel.depositAs')} value={draft.depositKind} onChange={set('depositKind')} options={[{ value: 'amount', label: t('plansPanel.amount') }, { value: 'percent', label: t('plansPanel.percentOfPrice') }]} />
              <Field label={t('plansPanel.deposit')} value={draft.deposit} onChange={set('deposit')} error={fieldError('deposit.amount') ?? fieldError('deposit.basisPoints')} />
            </>
          ) : null}
          {draft.kind === 'installments' ? (
            <SelectField label={t('plansPanel.installmentsFallDue')} value={draft.scheduleBy} onChange={set('scheduleBy')} options={[{ value: 'interval', label: t('plansPanel.atAFixedInterval') }, { value: 'dates', label: t('plansPanel.onDatesIList') }]} />
          ) : null}
          {draft.kind === 'installments' && draft.scheduleBy === 'dates' ? (
            <Field label={t('plansPanel.installmentDueDates')} value={draft.dueDates} onChange={set('dueDates')} error={listError('dueDates')} placeholder="2025-02-01, 2025-03-01" hint={t('plansPanel.yyyyMmDdSeparatedBy')} />
          ) : null}
          {draft.kind === 'subscription' || (draft.kind === 'installments' && draft.scheduleBy === 'interval') ? (
            <>
              <Field label={draft.kind === 'subscription' ? t('plansPanel.numberOfPeriodsEmptyOpen') : t('plansPanel.numberOfInstallments')} inputMode="numeric" value={draft.count} onChange={set('count')} error={fieldError('count')} />
              <SelectField label={t('plansPanel.every')} value={draft.interval} onChange={set('interval')} options={[{ value: 'weekly', label: t('plansPanel.week') }, { value: 'biweekly', label: t('plansPanel.2Weeks') }, { value: 'monthly', label: t('plansPanel.month') }]} />
            </>
          ) : null}
          {draft.kind === 'subscription' ? <Field label={t('plansPanel.amountPerPeriodEmptyProduct')} value={draft.periodAmount} onChange={set('periodAmount')} error={fieldError('periodAmount')} /> : null}
          <SelectField label={t('plansPanel.firstPaymentDue')} value={draft.firstDue} onChange={set('firstDue')} error={fieldError('firstDue.rule')} options={[{ value: 'enrollment_date', label: t('plansPanel.onEnrollment') }, { value: 'product_start', label: t('plansPanel.onTheStartDate') }, { value: 'fixed_date', label: t('plansPanel.onASetDate') }, { value: 'days_after_enrollment', label: t('plansPanel.daysAfterEnrollment') }]} />
          {draft.firstDue === 'fixed_date' ? <DateField label={t('plansPanel.firstDueDate')} value={draft.firstDueDate} onChange={(firstDueDate) => change({ ...draft, firstDueDate })} onProblem={dates.watch('firstDueDate')} error={fieldError('firstDue.date')} /> : null}
          {draft.firstDue === 'days_after_enrollment' ? <Field label={t('plansPanel.daysAfterEnrollment')} inputMode="numeric" value={draft.firstDueDays} onChange={set('firstDueDays')} error={fieldError('firstDue.days')} /> : null}
          <Field label={t('plansPanel.lateFeeEmptyNone')} inputMode="decimal" value={draft.lateFee} onChange={set('lateFee')} error={fieldError('lateFee.amount') ?? fieldError('lateFee')} />
          {draft.lateFee.trim() ? <Field label={t('plansPanel.graceDaysBeforeTheFee')} inputMode="numeric" value={draft.lateFeeGraceDays} onChange={set('lateFeeGraceDays')} error={fieldError('lateFee.graceDays')} /> : null}
        </div>
        {draft.kind === 'installments' ? (
          <label className="checkbox">
            <input type="checkbox" checked={draft.depositRefundable} onChange={(e) => change({ ...draft, depositRefundable: e.target.checked })} /> {t('plansPanel.theDepositIsRefundableWhen')}
          </label>
        ) : null}
        <DraftPreviewSection live={live} date={draftDate} onDateChange={setDraftDate} dateError={liveError?.fields?.['enrollmentDate']} />
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {editing ? t('plansPanel.savePlan') : t('plansPanel.addPlan')}
          </button>
          {editing ? (
            <button type="button" className="button" onClick={stopEditing}>
              {t('plansPanel.cancelEditing')}
            </button>
          ) : null}
        </div>
      </form>
    </div>
  );
}
