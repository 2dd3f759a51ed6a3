import { useState } from 'react';
import { ConfirmDialog } from './ConfirmDialog';
import { Field } from './Field';
import { t } from '../i18n';

type ReasonDialogProps = {
  title: string;
  confirmLabel: string;
  /** Extra inputs (a new date, a checkbox) shown above the reason. */
  children?: React.ReactNode;
  error?: string | undefined;
  onConfirm(reason: string): void;
  onCancel(): void;
};

/** Every schedule change needs a reason: it goes into the audit trail. */
export function ReasonDialog({ title, confirmLabel, children, error, onConfirm, onCancel }: ReasonDialogProps) {
  const [reason, setReason] = useState('');
  return (
    <ConfirmDialog title={title} confirmLabel={confirmLabel} onConfirm={() => onConfirm(reason)} onCancel={onCancel}>
      {children}
      <Field label={t('reasonDialog.reason')} value={reason} onChange={(e) => setReason(e.target.value)} error={error} />
    </ConfirmDialog>
  );
}
