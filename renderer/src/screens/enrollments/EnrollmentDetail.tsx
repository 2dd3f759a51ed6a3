import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import { invoke, planReasonWords } from '../../api/invoke';
import { useDate } from '../../api/money';
import { useMoney } from '../../hooks/useMoney';
import { Banner } from '../../components/Banner';
import { DataTable } from '../../components/DataTable';
import { DateField, useDateChecks } from '../../components/DateField';
import { BillingPanel } from '../../components/BillingPanel';
import { PayByCard } from '../../components/PayByCard';
import { PayerMailPanel } from '../../components/PayerMailPanel';
import { PayerPagePanel } from '../../components/PayerPagePanel';
import { PdfButton } from '../../components/PdfButton';
import { PayerStatementView } from '../../components/PayerStatementView';
import { useSetting } from '../../stores/settings';
import { dateInZone } from '../../../../shared/dateInZone';
import { PauseEnrollment } from './PauseEnrollment';
import { StatusPill } from '../../components/StatusPill';
import { QueryStatus } from '../../components/QueryStatus';
import { useChannelQuery } from '../../query/useChannelQuery';
import { itemKindLabel } from '../../components/itemKindLabel';
import { methodLabel, statusLabel } from '../../i18n/labels';
import { t } from '../../i18n';

type Details = OutputOf<'enrollments:paymentDetails'>;
type Item = Details['items'][number];
type Payment = Details['payments'][number];
type Refund = Details['refunds'][number];

/** A statement runs to the office's today or the last due date, whichever is later. */
const statementEnd = (dueDates: readonly string[], timeZone: string): string => [dateInZone(new Date(), timeZone), ...dueDates].reduce((a, b) => (b > a ? b : a));

/** The sum a bursar checks: what came in, less what stayed as credit or went back off the items, is Paid. */
function paidAddsUp(d: Details, money: (n: number) => string): string {
  const m = d.paidMadeOf;
  const spent = m.creditApplied > 0 ? t('enrollmentDetail.creditUsed', { creditApplied: money(m.creditApplied) }) : '';
  return t('enrollmentDetail.paymentsKeptAsCreditRefunded', { payments: money(m.payments), spent, keptAsCredit: money(m.keptAsCredit), refunded: money(m.refunded), paid: money(d.totals.paid) });
}

/** Schedule, payments, refunds and balance of one enrollment. */
export function EnrollmentDetail({ enrollmentId, onBack }: { enrollmentId: string; onBack(): void }) {
  const { format: money } = useMoney();
  const date = useDate();
  // Read again on every change notice (a payment, a refund, a pause here or at another desk).
  const query = useChannelQuery('enrollments:paymentDetails', { enrollmentId });
  const details: Details | null = query.data ?? null;
  const timeZone = useSetting('timeZone', 'UTC');
  // The statement's range: null until the bursar types one (then from the enrollment day to
  // statementEnd); a field cleared to type again stays empty and the range keeps its default.
  const [statementFrom, setStatementFrom] = useState<string | null>(null);
  const [statementTo, setStatementTo] = useState<string | null>(null);
  const dates = useDateChecks();

  const currency = details?.enrollment.currency ?? 'USD';
  const itemColumns = useMemo(() => {
    const c = createColumnHelper<Item>();
    return [
      c.accessor('seq', { header: '#' }),
      c.accessor('kind', { header: t('enrollmentDetail.kind'), cell: (x) => itemKindLabel(x.getValue()) }),
      c.accessor('dueDate', { header: t('enrollmentDetail.due'), cell: (x) => date(x.getValue()) }),
      c.accessor('amount', { header: t('enrollmentDetail.amount'), cell: (x) => money(x.getValue(), currency) }),
      c.accessor('paid', { header: t('enrollmentDetail.paid'), cell: (x) => money(x.getValue(), currency) }),
      c.accessor('status', { header: t('enrollmentDetail.status'), cell: (x) => <StatusPill status={x.getValue()} /> }),
    ];
  }, [date, money, currency]);
  const paymentColumns = useMemo(() => {
    const c = createColumnHelper<Payment>();
    return [
      c.accessor('receivedAt', { header: t('enrollmentDetail.received'), cell: (x) => date(x.getValue()) }),
      c.accessor('method', { header: t('enrollmentDetail.method'), cell: (x) => methodLabel(x.getValue()) }),
      c.accessor('amount', { header: t('enrollmentDetail.amount'), cell: (x) => money(x.getValue(), x.row.original.currency) }),
      c.accessor('creditCreated', { header: t('enrollmentDetail.keptAsCredit'), cell: (x) => money(x.getValue(), x.row.original.currency) }),
      c.accessor('receiptNumber', { header: t('enrollmentDetail.receipt'), cell: (x) => x.getValue() ?? '' }),
      c.accessor('status', { header: t('enrollmentDetail.status'), cell: (x) => statusLabel(x.getValue()) }),
      c.display({
        id: 'reprint',
        header: t('enrollmentDetail.print'),
        cell: (x) => {
          const number = x.row.original.receiptNumber;
          return number ? <PdfButton label={t('enrollmentDetail.reprintReceipt', { number })} load={() => invoke('receipts:pdf', { number })} /> : null;
        },
      }),
    ];
  }, [date, money]);
  const refundColumns = useMemo(() => {
    const c = createColumnHelper<Refund>();
    return [
      c.accessor('createdAt', { header: t('enrollmentDetail.refunded'), cell: (x) => date(x.getValue()) }),
      c.accessor('method', { header: t('enrollmentDetail.method'), cell: (x) => methodLabel(x.getValue()) }),
      c.accessor('amount', { header: t('enrollmentDetail.amount'), cell: (x) => money(x.getValue(), x.row.original.currency) }),
      c.accessor('reason', { header: t('enrollmentDetail.reason') }),
      c.accessor('source', { header: t('enrollmentDetail.from'), cell: (x) => (x.getValue() === 'credit' ? t('enrollmentDetail.creditOnAccount') : t('enrollmentDetail.paidItems')) }),
      c.accessor('receiptNumber', { header: t('enrollmentDetail.receipt'), cell: (x) => x.getValue() ?? '' }),
      c.display({
        id: 'reprint',
        header: t('enrollmentDetail.print'),
        cell: (x) => {
          const number = x.row.original.receiptNumber;
          return number ? <PdfButton label={t('enrollmentDetail.reprint', { number })} load={() => invoke('refundReceipts:pdf', { number })} /> : null;
        },
      }),
    ];
  }, [date, money]);

  if (!details) return <QueryStatus query={query} what={t('enrollmentDetail.theEnrollment')} />;
  const { enrollment, payer, product, plan, totals } = details;
  const defaultTo = statementEnd(details.items.map((i) => i.dueDate), timeZone);
  const from = statementFrom || enrollment.enrolledOn;
  const to = statementTo || defaultTo;
  return (
    <div className="stack" aria-label={t('enrollmentDetail.enrollmentDetail')}>
      <button type="button" className="button" onClick={onBack}>
        {t('enrollmentDetail.allEnrollments')}
      </button>
      <h2>
        {payer.name} — {product.name} <StatusPill status={enrollment.status} />
      </h2>
      <p className="muted">
        {t('enrollmentDetail.planEnrolled', { name: plan.name, enrolledOn: date(enrollment.enrolledOn) })}
        {enrollment.detectedRule ? t('enrollmentDetail.chosenByRule', { detectedRule: enrollment.detectedRule }) : ''}
        {enrollment.discount ? t('enrollmentDetail.discount', { reason: enrollment.discount.reason, discountAmount: money(enrollment.discountAmount, currency) }) : ''}
      </p>
      {enrollment.detectionReason ? <p className="muted" data-testid="why-this-plan">{t('enrollmentDetail.whyThisPlan')} {enrollment.detectionReasonWords ? planReasonWords(enrollment.detectionReasonWords) : enrollment.detectionReason}</p> : null}
      <div className="filters">
        <DateField label={t('enrollmentDetail.statementFrom')} value={statementFrom ?? enrollment.enrolledOn} onChange={setStatementFrom} onProblem={dates.watch('from')} />
        <DateField label={t('enrollmentDetail.statementTo')} value={statementTo ?? defaultTo} onChange={setStatementTo} onProblem={dates.watch('to')} />
        <PdfButton label={t('enrollmentDetail.accountStatementPdf')} disabled={dates.blocked} load={() => invoke('statements:pdf', { payerId: payer.id, from, to, currency })} />
      </div>
      <PayerStatementView payerId={payer.id} from={from} to={to} currency={currency} />
      <dl className="figures">
        <div>
          <dt>{t('enrollmentDetail.scheduled')}</dt>
          <dd>{money(totals.scheduled, currency)}</dd>
        </div>
        <div>
          <dt>{t('enrollmentDetail.paid')}</dt>
          <dd>{money(totals.paid, currency)}</dd>
        </div>
        <div>
          <dt>{t('enrollmentDetail.balance')}</dt>
          <dd data-testid="balance">{money(details.balance, currency)}</dd>
        </div>
        <div>
          <dt>{t('enrollmentDetail.creditOnAccount')}</dt>
          <dd data-testid="credit-on-account">{money(details.creditOnAccount, currency)}</dd>
        </div>
        <div>
          <dt>{t('enrollmentDetail.nextDue')}</dt>
          <dd>{details.nextDue ? `${date(details.nextDue.dueDate)} · ${money(details.nextDue.outstanding, currency)}` : t('enrollmentDetail.nothingDue')}</dd>
        </div>
      </dl>
      {details.lateFees.length > 0 ? (
        <Banner kind="info">
          {t('enrollmentDetail.proposedLateFeesNotPosted')} {details.lateFees.map((f) => t('enrollmentDetail.onTheItemDue', { amount: money(f.amount, f.currency), dueDate: date(f.dueDate) })).join('; ')}
        </Banner>
      ) : null}
      <PayerMailPanel key={`${payer.id}-${payer.email ?? ''}-${String(payer.mailOptOut)}`} payer={payer} onChanged={() => void query.refetch()} />
      <PayerPagePanel payerId={payer.id} canEmail={payer.email !== null && !payer.mailOptOut} />
      {enrollment.status === 'active' ? (
        <div className="panels">
          <PayByCard enrollmentId={enrollment.id} owed={details.balance > 0} />
          <BillingPanel
            enrollmentId={enrollment.id}
            subscriptionPlan={plan.terms.kind === 'subscription'}
            currency={currency}
            owedItems={details.items.filter((i) => i.state === 'open' && i.outstanding > 0).map((i) => ({ id: i.id, seq: i.seq, kind: i.kind, dueDate: i.dueDate, outstanding: i.outstanding }))}
          />
        </div>
      ) : null}
      <h3>{t('enrollmentDetail.schedule')}</h3>
      {enrollment.status === 'active' ? (
        <PauseEnrollment
          enrollmentId={enrollment.id}
          canPause={details.items.some((i) => i.state === 'open' && i.paid < i.amount)}
          canResume={details.items.some((i) => i.state === 'paused' && i.paid < i.amount)}
          onChanged={() => void query.refetch()}
        />
      ) : null}
      <DataTable label={t('enrollmentDetail.schedule')} columns={itemColumns} data={details.items} empty={t('enrollmentDetail.noItems')} getRowId={(i: Item) => i.id} />
      <h3>{t('enrollmentDetail.payments')}</h3>
      <DataTable label={t('enrollmentDetail.payments')} columns={paymentColumns} data={details.payments} empty={t('enrollmentDetail.noPaymentsYet')} getRowId={(p: Payment) => p.id} />
      {/* Refunds belong beside the payments: without them the payments do not add up to Paid. */}
      <h3>{t('enrollmentDetail.refunds')}</h3>
      <DataTable label={t('enrollmentDetail.refunds')} columns={refundColumns} data={details.refunds} empty={t('enrollmentDetail.noRefunds')} getRowId={(r: Refund) => r.id} />
      <p className="muted" data-testid="paid-adds-up">{paidAddsUp(details, (n) => money(n, currency))}</p>
    </div>
  );
}
