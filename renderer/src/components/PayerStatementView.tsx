import { useDate } from '../api/money';
import { useMoney } from '../hooks/useMoney';
import { t } from '../i18n';
import { lineWords } from '../i18n/labels';
import { statementLineWords } from '../../../shared/documentLines';
import { useChannelQuery } from '../query/useChannelQuery';
import { Banner } from './Banner';
import { QueryStatus } from './QueryStatus';

type Props = { payerId: string; from: string; to: string; currency: string };

/**
 * The payer's account statement on screen, for the range the bursar chose: the same ledger the
 * PDF prints, read from `statements:get` (opening, every line with its running balance, totals,
 * closing), so the desk and the paper never disagree. Nothing is added up here.
 */
export function PayerStatementView({ payerId, from, to, currency }: Props) {
  const { format } = useMoney();
  const date = useDate();
  // A range that ends before it starts is not asked for: the bursar is told in words what to fix.
  const backwards = to < from;
  const query = useChannelQuery('statements:get', { payerId, from, to, currency }, { enabled: !backwards });
  const s = backwards ? undefined : query.data;
  const money = (n: number) => format(n, s?.currency ?? currency);
  return (
    <section className="stack" aria-labelledby="payer-statement-title">
      <h3 id="payer-statement-title">{t('payerStatementView.accountStatement')}</h3>
      {backwards ? <Banner kind="error">{t('payerStatementView.endBeforeStart')}</Banner> : <QueryStatus query={query} what={t('payerStatementView.theStatement')} />}
      {s ? (
        <>
          <table className="table" data-testid="payer-statement">
            <caption>{t('payerStatementView.caption', { name: s.payer.name, from: date(s.from), to: date(s.to) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('payerStatementView.date')}</th>
                <th scope="col">{t('payerStatementView.description')}</th>
                <th scope="col" className="table__number">{t('payerStatementView.charge')}</th>
                <th scope="col" className="table__number">{t('payerStatementView.paymentOrCredit')}</th>
                <th scope="col" className="table__number">{t('payerStatementView.balance')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>{date(s.from)}</td>
                <th scope="row">{t('payerStatementView.openingBalance')}</th>
                <td />
                <td />
                <td className="table__number">{money(s.opening)}</td>
              </tr>
              {s.entries.length === 0 ? (
                <tr>
                  <td colSpan={5} className="table__empty">{t('payerStatementView.nothingInThisPeriod')}</td>
                </tr>
              ) : null}
              {s.entries.map((e, i) => (
                <tr key={`${e.date}-${e.kind}-${e.reference ?? ''}-${i}`}>
                  <td>{date(e.date)}</td>
                  <td>{e.reference ? `${statementLineWords(e.kind, e.line, lineWords)} ${e.reference}` : statementLineWords(e.kind, e.line, lineWords)}</td>
                  <td className="table__number">{e.charge ? money(e.charge) : ''}</td>
                  <td className="table__number">{e.payment ? money(e.payment) : ''}</td>
                  <td className="table__number">{money(e.balance)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td />
                <th scope="row">{t('payerStatementView.totals')}</th>
                <td className="table__number">{money(s.totals.charges)}</td>
                <td className="table__number">{money(s.totals.payments)}</td>
                <td />
              </tr>
            </tfoot>
          </table>
          <dl className="figures">
            <div>
              <dt>{t('payerStatementView.balanceDue')}</dt>
              <dd data-testid="statement-closing">{money(s.closing)}</dd>
            </div>
            {s.credit > 0 ? (
              <div>
                <dt>{t('payerStatementView.creditOnAccount')}</dt>
                <dd>{money(s.credit)}</dd>
              </div>
            ) : null}
          </dl>
        </>
      ) : null}
    </section>
  );
}
