import { useCallback, useEffect, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { getApi } from '../api/bridge';
import { invoke } from '../api/invoke';
import { OfficeDeskTable } from '../screens/office/OfficeDeskTable';
import { t } from '../i18n';

type Status = OutputOf<'office:status'>;

/** Status: the office's desks (last seen, not sent, not received), shown once this desk is in an office. */
export function OfficeDesksPanel() {
  const [status, setStatus] = useState<Status | null>(null);
  const load = useCallback(() => {
    void invoke('office:status', {}).then((r) => (r.ok ? setStatus(r.value) : null));
  }, []);
  useEffect(() => {
    load();
    return getApi().onChange((notice) => {
      if (notice.channel.startsWith('office:')) load();
    });
  }, [load]);
  if (!status?.joined || !status.office) return null;
  return (
    <section className="card" aria-labelledby="office-desks-title">
      <h2 id="office-desks-title">{t('officeDesksPanel.officeDesks')}</h2>
      {status.desks ? <OfficeDeskTable desks={status.desks} /> : <p className="muted">{status.desksError ?? t('officeDesksPanel.theDeskListIsNot')}</p>}
    </section>
  );
}
