import { useMemo, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import { invoke, newRequestId, planReasonWords } from '../../api/invoke';
import { today } from '../../api/money';
import { useMoney, officeMoney } from '../../hooks/useMoney';
import { Banner } from '../../components/Banner';
import { QueryStatus } from '../../components/QueryStatus';
import { SchedulePreviewTable } from '../../components/SchedulePreviewTable';
import { useChannelQuery } from '../../query/useChannelQuery';
import { Field } from '../../components/Field';
import { DateField, useDateChecks } from '../../components/DateField';
import { SelectField } from '../../components/SelectField';
import { useInFlight } from '../../hooks/useInFlight';
import { useNavigation } from '../../stores/navigation';
import { toast } from '../../stores/toasts';
import { percentToBasisPoints } from '../products/planTerms';
import { PayerStep } from './PayerStep';
import type { Payer } from './PayerStep';
import { t } from '../../i18n';

type Product = OutputOf<'products:list'>['products'][number];

const steps = ['enroll.step.student', 'enroll.step.course', 'enroll.step.plan', 'enroll.step.review'] as const;
const AUTO = 'auto';

/** payer → product → plan (or the detected one, with the rule shown) → schedule preview → confirm. */
export function EnrollScreen() {
  const { format: money } = useMoney();
  const go = useNavigation((s) => s.go);
  const [step, setStep] = useState(0);
  const [payer, setPayer] = useState<Payer | null>(null);
  const productsQuery = useChannelQuery('products:list', { active: true, limit: 500, offset: 0 }, { enabled: step >= 1 });
  const products: Product[] = productsQuery.data?.products ?? [];
  const [product, setChosenProduct] = useState<Product | null>(null);
  const plansQuery = useChannelQuery('plans:list', { productId: product?.id ?? '' }, { enabled: product !== null });
  const plans = useMemo(() => (plansQuery.data?.plans ?? []).filter((p) => p.active), [plansQuery.data]);
  // The plan picked for this product; until one is, the automatic choice, or (a product that
  // does not assign plans automatically needs one named) its first active plan.
  const [pickedPlan, setPlanId] = useState<string | null>(null);
  const planId = pickedPlan ?? (!product || product.autoAssignPaymentPlan ? AUTO : (plans[0]?.id ?? ''));
  const setProduct = (p: Product | null) => {
    setChosenProduct(p);
    setPlanId(null);
  };
  const [enrollmentDate, setEnrollmentDate] = useState(today());
  const [discount, setDiscount] = useState({ kind: 'none', value: '', reason: '' });
  const [error, setError] = useState<string | null>(null);
  const [requestId] = useState(newRequestId);
  const confirming = useInFlight();
  // While the enrollment date is not a day, no schedule is worked out and nothing can be confirmed.
  const dates = useDateChecks();

  const discountInput = useMemo(() => {
    if (discount.kind === 'none' || !product) return null;
    if (discount.kind === 'percent') return { kind: 'percent' as const, basisPoints: percentToBasisPoints(discount.value), reason: discount.reason };
    return { kind: 'fixed' as const, amount: officeMoney().parse(discount.value, product.currency) ?? Number.NaN, reason: discount.reason };
  }, [discount, product]);

  // The schedule preview follows every change of plan, date and discount (keyed by them, so an
  // older answer never lands over a newer one); nothing is written.
  const previewQuery = useChannelQuery(
    'plans:preview',
    { productId: product?.id ?? '', ...(planId === AUTO ? {} : { planId }), enrollmentDate, discount: discountInput },
    { enabled: product !== null && step >= 2 && planId !== '' && (planId === AUTO || plansQuery.data !== undefined) && !dates.blocked, placeholderData: (previous) => previous },
  );
  const preview = previewQuery.isError || dates.blocked ? null : (previewQuery.data ?? null);

  const confirm = () => confirming.run(async () => {
    if (!payer || !product || dates.blocked) return;
    const r = await invoke('enrollments:create', { requestId, payerId: payer.id, productId: product.id, ...(planId === AUTO ? {} : { planId }), enrollmentDate, discount: discountInput });
    if (!r.ok) {
      setError(r.error.code === 'CONFLICT' ? t('enroll.isAlreadyEnrolledIn', { name: payer.name, name2: product.name }) : r.error.message);
      return;
    }
    toast('success', t('enroll.enrolledIn', { name: payer.name, name2: product.name }));
    go('enrollments', { enrollmentId: r.value.enrollment.id });
  });

  return (
    <section aria-labelledby="enroll-title">
      <h1 id="enroll-title">{t('enroll.enrollAStudent')}</h1>
      <ol className="steps" aria-label={t('enroll.steps')}>
        {steps.map((s, i) => (
          <li key={s} aria-current={i === step ? 'step' : undefined}>
            {i + 1}. {t(s)}
          </li>
        ))}
      </ol>
      {payer && step > 0 ? <p>{t('enroll.student')} <strong>{payer.name}</strong></p> : null}
      {product && step > 1 ? <p>{t('enroll.enrollingIn')} <strong>{product.name}</strong> ({money(product.price, product.currency)})</p> : null}
      {step === 0 ? (
        <PayerStep
          onPick={(p) => {
            setPayer(p);
            setStep(1);
          }}
        />
      ) : null}
      {step === 1 ? (
        <div className="stack">
          <SelectField
            label={t('enroll.courseOrProgram')}
            value={product?.id ?? ''}
            onChange={(e) => setProduct(products.find((p) => p.id === e.target.value) ?? null)}
            options={[{ value: '', label: t('enroll.choose') }, ...products.map((p) => ({ value: p.id, label: `${p.name} — ${money(p.price, p.currency)}` }))]}
          />
          {productsQuery.isPending || productsQuery.isError ? <QueryStatus query={productsQuery} what={t('enroll.theCourses')} /> : null}
          <div className="form__actions">
            <button type="button" className="button" onClick={() => setStep(0)}>
              {t('enroll.back')}
            </button>
            <button type="button" className="button button--primary" disabled={!product} onClick={() => setStep(2)}>
              {t('enroll.next')}
            </button>
          </div>
        </div>
      ) : null}
      {step >= 2 && product ? (
        <div className="stack">
          {step === 2 ? (
            <div className="card form">
              {plansQuery.isPending || plansQuery.isError ? <QueryStatus query={plansQuery} what={t('enroll.thePlans')} /> : null}
              <SelectField label={t('enroll.paymentPlan')} value={planId} onChange={(e) => setPlanId(e.target.value)} options={[...(product.autoAssignPaymentPlan ? [{ value: AUTO, label: t('enroll.chooseAutomaticallyRules') }] : []), ...plans.map((p) => ({ value: p.id, label: p.name }))]} />
              <DateField label={t('enroll.enrollmentDate')} value={enrollmentDate} onChange={setEnrollmentDate} onProblem={dates.watch('enrollmentDate')} />
              <SelectField label={t('enroll.discountOrScholarship')} value={discount.kind} onChange={(e) => setDiscount({ ...discount, kind: e.target.value })} options={[{ value: 'none', label: t('enroll.none') }, { value: 'percent', label: t('enroll.percent') }, { value: 'fixed', label: t('enroll.fixedAmount') }]} />
              {discount.kind !== 'none' ? (
                <>
                  <Field label={discount.kind === 'percent' ? t('enroll.discountPercent') : t('enroll.discountAmount')} value={discount.value} onChange={(e) => setDiscount({ ...discount, value: e.target.value })} />
                  <Field label={t('enroll.discountReason')} value={discount.reason} onChange={(e) => setDiscount({ ...discount, reason: e.target.value })} />
                </>
              ) : null}
            </div>
          ) : null}
          {preview?.detection ? (
            <Banner kind="info">
              {preview.detection.ruleId === null
                ? t('enroll.planChosenAlone', { reason: planReasonWords(preview.detection.reasonWords) })
                : t('enroll.planChosenByRule', { ruleName: preview.detection.ruleName, reason: planReasonWords(preview.detection.reasonWords) })}{' '}
              {preview.detection.payerChoiceAllowed ? t('enroll.theStudentMayStillChoose') : t('enroll.thisRuleFixesThePlan')}
            </Banner>
          ) : null}
          {error ? <Banner kind="error">{error}</Banner> : null}
          {previewQuery.isError || (previewQuery.isPending && previewQuery.fetchStatus === 'fetching') ? <QueryStatus query={previewQuery} what={t('enroll.theSchedulePreview')} /> : null}
          {preview ? (
            <div className="card">
              <h2>
                {preview.plan?.name ?? t('enroll.draftPlan')}: {money(preview.total, preview.currency)}
                {preview.discountAmount > 0 ? t('enroll.afterOff', { discountAmount: money(preview.discountAmount, preview.currency) }) : ''}
              </h2>
              {preview.requiresImmediatePayment ? <p>{t('enroll.theFirstPaymentIsDue')}</p> : null}
              <SchedulePreviewTable label={t('enroll.schedulePreview')} items={preview.items} currency={preview.currency} />
            </div>
          ) : null}
          <div className="form__actions">
            <button type="button" className="button" onClick={() => setStep(step - 1)}>
              {t('enroll.back')}
            </button>
            {step === 2 ? (
              <button type="button" className="button button--primary" disabled={!preview} onClick={() => setStep(3)}>
                {t('enroll.review')}
              </button>
            ) : (
              <button type="button" className="button button--primary" disabled={!preview || confirming.busy} onClick={() => void confirm()}>
                {t('enroll.confirmEnrollment')}
              </button>
            )}
          </div>
        </div>
      ) : null}
    </section>
  );
}
