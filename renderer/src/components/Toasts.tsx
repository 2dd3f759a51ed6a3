import { useToasts } from '../stores/toasts';
import { t } from '../i18n';

export function Toasts() {
  const { toasts, dismiss } = useToasts();
  return (
    <div className="toasts" aria-live="polite" aria-label={t('toasts.notifications')} role="region">
      {toasts.map((item) => (
        <div key={item.id} className={`toast toast--${item.kind}`}>
          <span>{item.text}</span>
          <button type="button" className="button button--quiet" onClick={() => dismiss(item.id)} aria-label={t('toasts.dismissNotification')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
