import { useMoney } from '../../hooks/useMoney';
import { DateField } from '../../components/DateField';
import { SchedulePreviewTable } from '../../components/SchedulePreviewTable';
import type { DraftPreview } from './useDraftPreview';
import { t } from '../../i18n';

/**
 * The live schedule of the plan being typed: what the core says saving it and enrolling on
 * `date` would produce, or why it cannot say yet. The table stays (marked busy) while a
 * newer draft is being worked out, so it does not flicker at every keystroke.
 */
export function DraftPreviewSection({ live, date, onDateChange, dateError }: { live: DraftPreview; date: string; onDateChange: (date: string) => void; dateError?: string | undefined }) {
  const { format: money } = useMoney();
  const shown = live.state === 'ready' ? live.preview : live.state === 'loading' ? live.previous : null;
  const summary =
    live.state === 'empty'
      ? live.reason
      : live.state === 'invalid'
        ? live.error.fields
          ? t('draftPreviewSection.noScheduleYetFixThe')
          : t('draftPreviewSection.noSchedule', { message: live.error.message })
        : live.state === 'loading' && !shown
          ? t('draftPreviewSection.workingOutTheSchedule')
          : shown
            ? `${t('draftPreviewSection.totalIn', { total: money(shown.total, shown.currency), count: shown.items.length })}${shown.openEnded ? t('draftPreviewSection.theFirstPeriodsOfAn') : ''}${shown.discountAmount > 0 ? t('draftPreviewSection.afterOff', { discount: money(shown.discountAmount, shown.currency) }) : ''}${shown.requiresImmediatePayment ? t('draftPreviewSection.theFirstIsDueAt') : ''}.`
            : '';
  return (
    <section className="card stack" aria-labelledby="draft-preview-title" aria-busy={live.state === 'loading'}>
      <h4 id="draft-preview-title">{t('draftPreviewSection.liveSchedulePreview')}</h4>
      <DateField label={t('draftPreviewSection.previewForAnEnrollmentOn')} value={date} onChange={onDateChange} error={dateError} hint={t('draftPreviewSection.thePreviewSavesNothing')} />
      <p className="draft-preview__summary" aria-live="polite" data-state={live.state}>
        {summary}
        {live.state === 'loading' && shown ? <span className="field__hint"> {t('draftPreviewSection.updating')}</span> : null}
      </p>
      {shown && live.state !== 'invalid' && live.state !== 'empty' ? <SchedulePreviewTable label={t('draftPreviewSection.draftSchedule')} items={shown.items} currency={shown.currency} /> : null}
    </section>
  );
}
