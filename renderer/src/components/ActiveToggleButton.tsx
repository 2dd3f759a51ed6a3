import { t } from '../i18n';
/** Deactivates an active row or reactivates an inactive one; the label names the row for screen readers. */
export function ActiveToggleButton({ item, onToggle }: { item: { name: string; active: boolean }; onToggle(): void }) {
  return (
    <button type="button" className="button" onClick={onToggle} aria-label={item.active ? t('activeToggle.deactivateNamed', { name: item.name }) : t('activeToggle.reactivateNamed', { name: item.name })}>
      {item.active ? t('activeToggle.deactivate') : t('activeToggle.reactivate')}
    </button>
  );
}
