import { statusLabel } from '../i18n/labels';

export function StatusPill({ status }: { status: string }) {
  return <span className={`pill pill--${status}`}>{statusLabel(status)}</span>;
}
