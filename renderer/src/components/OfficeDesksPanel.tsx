import { useChannelQuery } from '../query/useChannelQuery';
import { QueryStatus } from './QueryStatus';
import { OfficeDeskTable } from '../screens/office/OfficeDeskTable';
import { keyedWords } from '../api/invoke';
import { t } from '../i18n';

/** Status: the office's desks (last seen, not sent, not received), shown once this desk is in an office. */
export function OfficeDesksPanel() {
  const query = useChannelQuery('office:status', {});
  const status = query.data;
  // Not joined (or not known yet): the panel is not there; a refusal says so and offers Retry.
  if (query.isError) return <QueryStatus query={query} what={t('officeDesksPanel.theOfficeSDesks')} />;
  if (!status?.joined || !status.office) return null;
  return (
    <section className="card" aria-labelledby="office-desks-title">
      <h2 id="office-desks-title">{t('officeDesksPanel.officeDesks')}</h2>
      {status.desks ? <OfficeDeskTable desks={status.desks} /> : <p className="muted">{keyedWords(status.words.desks, status.desksError) ?? t('officeDesksPanel.theDeskListIsNot')}</p>}
    </section>
  );
}
