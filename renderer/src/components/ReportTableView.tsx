import type { Cell, ReportTable } from '../../../shared/reports/reportTables';
import { t } from '../i18n';
import { methodLabel, reportWord, statusLabel } from '../i18n/labels';
import { useMoney } from '../hooks/useMoney';
import { useOfficeTime } from '../hooks/useOfficeTime';

/** The first cell of a total row ("Total", "Total, all 250 payers") in the window's language. */
const totalWord = (text: string): string => {
  const all = /^Total, all (\d+) payers$/.exec(text);
  return all ? t('reportChart.totalAllPayers', { count: Number(all[1]) }) : reportWord(text);
};

const words = (code: string): string => {
  const t = code.replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
};

/**
 * A report's table for people: the CSV's cells, formatted (money with its currency symbol in
 * the office locale, moments on the office's clock, methods and states in words), with a
 * total row per currency where the report sums.
 */
export function ReportTableView({ label, table, empty }: { label: string; table: ReportTable; empty: string }) {
  const { format } = useMoney();
  const time = useOfficeTime();
  const counts = new Intl.NumberFormat(time.locale);
  const show = (c: Cell): string => {
    switch (c.kind) {
      case 'text':
        return c.text;
      case 'money':
        return format(c.amount, c.currency);
      case 'count':
        return counts.format(c.n);
      case 'instant':
        return time.dateTime(c.at);
      case 'day':
        return time.date(c.day);
      case 'method':
        return methodLabel(c.method);
      case 'code':
        return statusLabel(c.code) === c.code.replace(/_/g, ' ') ? reportWord(words(c.code)) : statusLabel(c.code);
      case 'empty':
        return '';
    }
  };
  const numeric = (c: Cell | undefined) => c?.kind === 'money' || c?.kind === 'count';
  return (
    <div className="table-scroll">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {reportWord(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.cells.length === 0 ? (
            <tr>
              <td colSpan={table.columns.length} className="table__empty">
                {empty}
              </td>
            </tr>
          ) : (
            table.cells.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j} className={numeric(cell) ? 'table__number' : undefined}>
                    {show(cell)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
        {table.totals.length > 0 ? (
          <tfoot>
            {table.totals.map((row, i) => (
              <tr key={i} className="table__total">
                {row.map((cell, j) =>
                  j === 0 ? (
                    <th key={j} scope="row">
                      {totalWord(show(cell))}
                    </th>
                  ) : (
                    <td key={j} className={numeric(cell) ? 'table__number' : undefined}>
                      {show(cell)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
