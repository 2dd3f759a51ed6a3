import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import { invoke } from '../../api/invoke';
import { useDate, useMoney } from '../../api/money';
import { Banner } from '../../components/Banner';
import { DataTable } from '../../components/DataTable';
import { BillingPanel } from '../../components/BillingPanel';
import { PayByCard } from '../../components/PayByCard';
import { PayerMailPanel } from '../../components/PayerMailPanel';
import { PayerPagePanel } from '../../components/PayerPagePanel';
import { PdfButton } from '../../components/PdfButton';
import { useSetting } from '../../stores/settings';
import { dateInZone } from '../../../../shared/dateInZone';
import { PauseEnrollment } from './PauseEnrollment';
import { StatusPill } from '../../components/StatusPill';
import { getApi } from '../../api/bridge';
import { itemKindLabel } from '../../components/itemKindLabel';
import { methodLabel } from '../../../../shared/methodLabel';

type Details = OutputOf<'enrollments:paymentDetails'>;
type Item = Details['items'][number];
type Payment = Details['payments'][number];
type Refund = Details['refunds'][number];

/** A statement runs to the office's today or the last due date, whichever is later. */
const statementEnd = (dueDates: readonly string[], timeZone: string): string => [dateInZone(new Date(), timeZone), ...dueDates].reduce((a, b) => (b > a ? b : a));

/** The sum a bursar checks: what came in, less what stayed as credit or went back off the items, is Paid. */
function paidAddsUp(d: Details, money: (n: number) => string): string {
  const m = d.paidMadeOf;
  const spent = m.creditApplied > 0 ? ` + credit used ${money(m.creditApplied)}` : '';
  return `Payments ${money(m.payments)}${spent} − kept as credit ${money(m.keptAsCredit)} − refunded from paid items ${money(m.refunded)} = Paid ${money(d.totals.paid)}`;
}

/** Schedule, payments, refunds and balance of one enrollment. */
export function EnrollmentDetail({ enrollmentId, onBack }: { enrollmentId: string; onBack(): void }) {
  const money = useMoney();
  const date = useDate();
  const [details, setDetails] = useState<Details | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const timeZone = useSetting('timeZone', 'UTC');

  useEffect(() => {
    const load = () =>
      void invoke('enrollments:paymentDetails', { enrollmentId }).then((r) => {
        if (r.ok) setDetails(r.value);
        else setError(r.error.message);
      });
    load();
    return getApi().onChange(load);
  }, [enrollmentId, reloads]);

  const currency = details?.enrollment.currency ?? 'USD';
  const itemColumns = useMemo(() => {
    const c = createColumnHelper<Item>();
    return [
      c.accessor('seq', { header: '#' }),
      c.accessor('kind', { header: 'Kind', cell: (x) => itemKindLabel(x.getValue()) }),
      c.accessor('dueDate', { header: 'Due', cell: (x) => date(x.getValue()) }),
      c.accessor('amount', { header: 'Amount', cell: (x) => money(x.getValue(), currency) }),
      c.accessor('paid', { header: 'Paid', cell: (x) => money(x.getValue(), currency) }),
      c.accessor('status', { header: 'Status', cell: (x) => <StatusPill status={x.getValue()} /> }),
    ];
  }, [date, money, currency]);
  const paymentColumns = useMemo(() => {
    const c = createColumnHelper<Payment>();
    return [
      c.accessor('receivedAt', { header: 'Received', cell: (x) => date(x.getValue()) }),
      c.accessor('method', { header: 'Method', cell: (x) => methodLabel(x.getValue()) }),
      c.accessor('amount', { header: 'Amount', cell: (x) => money(x.getValue(), x.row.original.currency) }),
      c.accessor('creditCreated', { header: 'Kept as credit', cell: (x) => money(x.getValue(), x.row.original.currency) }),
      c.accessor('receiptNumber', { header: 'Receipt', cell: (x) => x.getValue() ?? '' }),
      c.accessor('status', { header: 'Status' }),
      c.display({
        id: 'reprint',
        header: 'Print',
        cell: (x) => {
          const number = x.row.original.receiptNumber;
          return number ? <PdfButton label={`Reprint receipt ${number}`} load={() => invoke('receipts:pdf', { number })} /> : null;
        },
      }),
    ];
  }, [date, money]);
  const refundColumns = useMemo(() => {
    const c = createColumnHelper<Refund>();
    return [
      c.accessor('createdAt', { header: 'Refunded', cell: (x) => date(x.getValue()) }),
      c.accessor('method', { header: 'Method', cell: (x) => methodLabel(x.getValue()) }),
      c.accessor('amount', { header: 'Amount', cell: (x) => money(x.getValue(), x.row.original.currency) }),
      c.accessor('reason', { header: 'Reason' }),
      c.accessor('source', { header: 'From', cell: (x) => (x.getValue() === 'credit' ? 'Credit on account' : 'Paid items') }),
      c.accessor('receiptNumber', { header: 'Receipt', cell: (x) => x.getValue() ?? '' }),
      c.display({
        id: 'reprint',
        header: 'Print',
        cell: (x) => {
          const number = x.row.original.receiptNumber;
          return number ? <PdfButton label={`Reprint ${number}`} load={() => invoke('refundReceipts:pdf', { number })} /> : null;
        },
      }),
    ];
  }, [date, money]);

  if (error) return <Banner kind="error">{error}</Banner>;
  if (!details) return <p className="loading">Loading…</p>;
  const { enrollment, payer, product, plan, totals } = details;
  return (
    <div className="stack" aria-label="Enrollment detail">
      <button type="button" className="button" onClick={onBack}>
        ← All enrollments
      </button>
      <h2>
        {payer.name} — {product.name} <StatusPill status={enrollment.status} />
      </h2>
      <p className="muted">
        Plan {plan.name}, enrolled {date(enrollment.enrolledOn)}
        {enrollment.detectedRule ? ` · chosen by rule “${enrollment.detectedRule}”` : ''}
        {enrollment.discount ? ` · discount: ${enrollment.discount.reason} (${money(enrollment.discountAmount, currency)})` : ''}
      </p>
      {enrollment.detectionReason ? <p className="muted">Why this plan: {enrollment.detectionReason}</p> : null}
      <div className="form__actions">
        <PdfButton label="Account statement PDF" load={() => invoke('statements:pdf', { payerId: payer.id, from: enrollment.enrolledOn, to: statementEnd(details.items.map((i) => i.dueDate), timeZone), currency })} />
      </div>
      <dl className="figures">
        <div>
          <dt>Scheduled</dt>
          <dd>{money(totals.scheduled, currency)}</dd>
        </div>
        <div>
          <dt>Paid</dt>
          <dd>{money(totals.paid, currency)}</dd>
        </div>
        <div>
          <dt>Balance</dt>
          <dd data-testid="balance">{money(details.balance, currency)}</dd>
        </div>
        <div>
          <dt>Credit on account</dt>
          <dd data-testid="credit-on-account">{money(details.creditOnAccount, currency)}</dd>
        </div>
        <div>
          <dt>Next due</dt>
          <dd>{details.nextDue ? `${date(details.nextDue.dueDate)} · ${money(details.nextDue.outstanding, currency)}` : 'Nothing due'}</dd>
        </div>
      </dl>
      {details.lateFees.length > 0 ? (
        <Banner kind="info">
          Proposed late fees (not posted): {details.lateFees.map((f) => `${money(f.amount, f.currency)} on the item due ${date(f.dueDate)}`).join('; ')}
        </Banner>
      ) : null}
      <PayerMailPanel key={`${payer.id}-${payer.email ?? ''}-${String(payer.mailOptOut)}`} payer={payer} onChanged={() => setReloads((n) => n + 1)} />
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
      <h3>Schedule</h3>
      {enrollment.status === 'active' ? (
        <PauseEnrollment
          enrollmentId={enrollment.id}
          canPause={details.items.some((i) => i.state === 'open' && i.paid < i.amount)}
          canResume={details.items.some((i) => i.state === 'paused' && i.paid < i.amount)}
          onChanged={() => setReloads((n) => n + 1)}
        />
      ) : null}
      <DataTable label="Schedule" columns={itemColumns} data={details.items} empty="No items." getRowId={(i: Item) => i.id} />
      <h3>Payments</h3>
      <DataTable label="Payments" columns={paymentColumns} data={details.payments} empty="No payments yet." getRowId={(p: Payment) => p.id} />
      {/* Refunds belong beside the payments: without them the payments do not add up to Paid. */}
      <h3>Refunds</h3>
      <DataTable label="Refunds" columns={refundColumns} data={details.refunds} empty="No refunds." getRowId={(r: Refund) => r.id} />
      <p className="muted" data-testid="paid-adds-up">{paidAddsUp(details, (n) => money(n, currency))}</p>
    </div>
  );
}
