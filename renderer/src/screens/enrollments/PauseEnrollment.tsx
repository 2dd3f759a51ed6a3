import { useState } from 'react';
import { invoke, newRequestId } from '../../api/invoke';
import { ReasonDialog } from '../../components/ReasonDialog';
import { useSession } from '../../stores/session';
import { toast } from '../../stores/toasts';
import { t } from '../../i18n';

type Props = { enrollmentId: string; canPause: boolean; canResume: boolean; onChanged(): void };

/**
 * Pause every open item of an enrollment that is not paid yet, or resume every paused one
 * (optionally moving each due date on by the days it spent paused). Admin only, with a
 * reason that goes into the audit trail like a single item's change.
 */
export function PauseEnrollment({ enrollmentId, canPause, canResume, onChanged }: Props) {
  const isAdmin = useSession((s) => s.state.user?.role === 'admin');
  const [action, setAction] = useState<'pause' | 'resume' | null>(null);
  const [shiftDates, setShiftDates] = useState(true);
  const [error, setError] = useState<string | undefined>(undefined);
  if (!isAdmin || (!canPause && !canResume)) return null;

  const open = (kind: 'pause' | 'resume') => {
    setAction(kind);
    setShiftDates(true);
    setError(undefined);
  };
  const apply = async (reason: string) => {
    const target = { enrollmentId };
    const r =
      action === 'pause'
        ? await invoke('schedules:pause', { requestId: newRequestId(), target, reason })
        : await invoke('schedules:resume', { requestId: newRequestId(), target, shiftDates, reason });
    if (!r.ok) return setError(r.error.fields?.reason ?? r.error.message);
    toast('success', `${r.value.items.length} ${r.value.items.length === 1 ? 'item' : 'items'} ${action === 'pause' ? 'paused' : 'resumed'}`);
    setAction(null);
    onChanged();
  };

  return (
    <div className="toolbar">
      {canPause ? (
        <button type="button" className="button" onClick={() => open('pause')}>
          {t('pauseEnrollment.pauseTheWholeEnrollment')}
        </button>
      ) : null}
      {canResume ? (
        <button type="button" className="button" onClick={() => open('resume')}>
          {t('pauseEnrollment.resumeTheWholeEnrollment')}
        </button>
      ) : null}
      {action ? (
        <ReasonDialog
          title={action === 'pause' ? t('pauseEnrollment.pauseEveryUnpaidItem') : t('pauseEnrollment.resumeEveryPausedItem')}
          confirmLabel={t('pauseEnrollment.apply')}
          error={error}
          onConfirm={(reason) => void apply(reason)}
          onCancel={() => setAction(null)}
        >
          {action === 'resume' ? (
            <label className="choice">
              <input type="checkbox" checked={shiftDates} onChange={(e) => setShiftDates(e.target.checked)} /> {t('pauseEnrollment.moveEachDueDateOn')}
            </label>
          ) : null}
        </ReasonDialog>
      ) : null}
    </div>
  );
}
