import type { OutputOf } from '../../../../shared/contract';
import { useOfficeTime } from '../../hooks/useOfficeTime';

type DeskRow = NonNullable<OutputOf<'office:status'>['desks']>[number];

/** Every desk of the office as the hub knows it: last seen, what it has not sent, what it has not received. */
export function OfficeDeskTable({ desks }: { desks: readonly DeskRow[] }) {
  const when = useOfficeTime().dateTime;
  const seen = (at: string | null): string => (at ? when(at) : 'Never');
  return (
    <table className="table" aria-label="Office desks">
      <thead>
        <tr>
          <th scope="col">Desk</th>
          <th scope="col">Last seen</th>
          <th scope="col">Not sent</th>
          <th scope="col">Not received</th>
        </tr>
      </thead>
      <tbody>
        {desks.map((d) => (
          <tr key={d.desk}>
            <th scope="row">
              {d.name}
              {d.thisDesk ? ' (this desk)' : ''}
              {d.revoked ? ' (revoked)' : ''}
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
