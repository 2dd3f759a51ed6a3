
import { t } from '../i18n';/** Previous / next over server-side pages, with "21–40 of 123" ("of 1000+" when the core stopped counting: `atLeast`). */
export function Pager({ offset, pageSize, total, onOffset, atLeast = false }: { offset: number; pageSize: number; total: number; onOffset(offset: number): void; atLeast?: boolean }) {
  return (
    <div className="pager">
      <button type="button" className="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - pageSize))}>
        {t('pager.previous')}
      </button>
      <span>
        {t('pager.of', { from: total === 0 ? 0 : offset + 1, to: Math.min(offset + pageSize, total), total, atLeast })}
      </span>
      <button type="button" className="button" disabled={offset + pageSize >= total} onClick={() => onOffset(offset + pageSize)}>
        {t('pager.next')}
      </button>
    </div>
  );
}
