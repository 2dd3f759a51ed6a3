import { ConfirmDialog } from './ConfirmDialog';

export type Shortcut = { keys: string; what: string };

export function ShortcutsHelp({ shortcuts, onClose }: { shortcuts: Shortcut[]; onClose(): void }) {
  return (
    <ConfirmDialog title="Keyboard shortcuts" confirmLabel="Close" onConfirm={onClose} onCancel={onClose}>
      <table className="table" aria-label="Keyboard shortcuts">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
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
