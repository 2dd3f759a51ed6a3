import type { OutputOf } from '../../../../shared/contract';
import { useOfficeTime } from '../../hooks/useOfficeTime';
import { t } from '../../i18n';

type DeskRow = NonNullable<OutputOf<'office:status'>['desks']>[number];

/** Every desk of the office as the hub knows it: last seen, what it has not sent, what it has not received. */
export function OfficeDeskTable({ desks }: { desks: readonly DeskRow[] }) {
  const when = useOfficeTime().dateTime;
  const seen = (at: string | null): string => (at ? when(at) : t('officeDeskTable.never'));
  return (
    <table className="table" aria-label={t('officeDeskTable.officeDesks')}>
      <thead>
        <tr>
          <th scope="col">{t('officeDeskTable.desk')}</th>
          <th scope="col">{t('officeDeskTable.lastSeen')}</th>
          <th scope="col">{t('officeDeskTable.notSent')}</th>
          <th scope="col">{t('officeDeskTable.notReceived')}</th>
        </tr>
      </thead>
      <tbody>
        {desks.map((d) => (
          <tr key={d.desk}>
            <th scope="row">
              {d.name}
              {d.thisDesk ? t('officeDeskTable.thisDesk') : ''}
              {d.revoked ? t('officeDeskTable.revoked') : ''}
            </th>
            <td>{seen(d.lastSeenAt)}</td>
            <td>{d.notSent}</td>
            <td>{d.notReceived}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
