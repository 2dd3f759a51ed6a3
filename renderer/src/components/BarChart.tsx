import { useId } from 'react';
import { Bar, CartesianGrid, Cell, Legend, BarChart as RechartsBarChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { t } from '../i18n';

export type BarPoint = { label: string; value: number; text: string };

type BarChartProps = {
  /** What the bars are, e.g. "Net revenue in USD by week". */
  title: string;
  points: readonly BarPoint[];
  /** What the horizontal axis counts ("Week", "Method"). */
  xLabel: string;
  /** The series, named in the legend and on the vertical axis ("Net revenue (USD)"). */
  yLabel: string;
  /** A value on the vertical axis as text (money in the office locale); values are minor units. */
  axisText: (value: number) => string;
};

const SUMMARISED = 12;

/**
 * A bar chart (recharts) with axes, axis labels, a legend and tooltips. Screen readers get one
 * sentence (role="img" naming the first points) and the chart's own table of every figure,
 * visually hidden; sighted readers have the report's table beside it and the tooltips.
 * Negative values hang below a zero line.
 */
export function BarChart({ title, points, xLabel, yLabel, axisText }: BarChartProps) {
  const tableId = useId();
  const listed = points.slice(0, SUMMARISED).map((p) => `${p.label}: ${p.text}`).join('; ');
  const more = points.length > SUMMARISED ? t('barChart.andMore', { count: points.length - SUMMARISED }) : '';
  const label = points.length ? `${title}. ${listed}${more}.` : t('barChart.noDataInThisRange', { title });
  const data = points.map((p) => ({ ...p }));
  return (
    <figure className="chart">
      <div role="img" aria-label={label} aria-describedby={tableId} className="chart__plot">
        <RechartsBarChart responsive accessibilityLayer={false} data={data} margin={{ top: 12, right: 16, bottom: 28, left: 24 }} style={{ width: '100%', height: 260 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" interval="preserveStartEnd" tick={{ fontSize: 12 }} label={{ value: xLabel, position: 'insideBottom', offset: -16 }} />
          <YAxis tickFormatter={axisText} width={88} tick={{ fontSize: 12 }} label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: -12, style: { textAnchor: 'middle' } }} />
          <ReferenceLine y={0} className="chart__axis" />
          <Tooltip formatter={(_value, _name, item) => [(item.payload as BarPoint).text, yLabel]} />
          <Legend verticalAlign="top" height={24} />
          <Bar dataKey="value" name={yLabel} maxBarSize={64} isAnimationActive={false} fill="var(--accent, #2563eb)">
            {data.map((p, i) => (
              <Cell key={`${p.label}-${i}`} fill={p.value >= 0 ? 'var(--accent, #2563eb)' : 'var(--danger, #b91c1c)'} />
            ))}
          </Bar>
        </RechartsBarChart>
      </div>
      <figcaption className="chart__caption">{title}</figcaption>
      <table className="visually-hidden" id={tableId} aria-label={t('barChart.figures', { title })}>
        <thead>
          <tr>
            <th scope="col">{xLabel}</th>
            <th scope="col">{yLabel}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p, i) => (
            <tr key={`${p.label}-${i}`}>
              <th scope="row">{p.label}</th>
              <td>{p.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
