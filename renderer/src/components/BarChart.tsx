import { t } from '../i18n';

export type BarPoint = { label: string; value: number; text: string };

type BarChartProps = {
  /** What the bars are, e.g. "Net revenue in USD by week". */
  title: string;
  points: readonly BarPoint[];
};

const WIDTH = 640;
const HEIGHT = 200;
const SUMMARISED = 12;

/**
 * A plain SVG bar chart. Screen readers get one sentence (role="img" with a label naming
 * each point, or the first ones and how many more); the table beside it holds every figure.
 * Negative values hang below a zero line. Values are minor units; only their ratio is drawn.
 */
export function BarChart({ title, points }: BarChartProps) {
  const max = Math.max(0, ...points.map((p) => p.value));
  const min = Math.min(0, ...points.map((p) => p.value));
  const span = max - min || 1;
  const zeroY = (max / span) * (HEIGHT - 20) + 10;
  const step = points.length ? WIDTH / points.length : WIDTH;
  const barWidth = Math.max(2, Math.min(48, step * 0.7));
  const listed = points.slice(0, SUMMARISED).map((p) => `${p.label}: ${p.text}`).join('; ');
  const more = points.length > SUMMARISED ? `; and ${points.length - SUMMARISED} more` : '';
  const label = points.length ? `${title}. ${listed}${more}.` : t('barChart.noDataInThisRange', { title });
  return (
    <figure className="chart">
      <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" height={HEIGHT} preserveAspectRatio="none">
        <line x1={0} x2={WIDTH} y1={zeroY} y2={zeroY} className="chart__axis" />
        {points.map((p, i) => {
          const h = (Math.abs(p.value) / span) * (HEIGHT - 20);
          const y = p.value >= 0 ? zeroY - h : zeroY;
          return (
            <rect key={`${p.label}-${i}`} x={i * step + (step - barWidth) / 2} y={y} width={barWidth} height={Math.max(h, p.value === 0 ? 0 : 1)} className={p.value >= 0 ? 'chart__bar' : 'chart__bar chart__bar--negative'}>
              <title>{`${p.label}: ${p.text}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="chart__caption">{title}</figcaption>
    </figure>
  );
}
