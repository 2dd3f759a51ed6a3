import { ConfirmDialog } from './ConfirmDialog';
import { t } from '../i18n';

export type Shortcut = { keys: string; what: string };

export function ShortcutsHelp({ shortcuts, onClose }: { shortcuts: Shortcut[]; onClose(): void }) {
  return (
    <ConfirmDialog title={t('shortcutsHelp.keyboardShortcuts')} confirmLabel={t('shortcutsHelp.close')} onConfirm={onClose} onCancel={onClose}>
      <table className="table" aria-label={t('shortcutsHelp.keyboardShortcuts')}>
        <thead>
          <tr>
            <th scope="col">{t('shortcutsHelp.keys')}</th>
            <th scope="col">{t('shortcutsHelp.action')}</th>
          </tr>
        </thead>
        <tbody>
          {shortcuts.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ConfirmDialog>
  );
}
