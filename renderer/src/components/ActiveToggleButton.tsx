/** Deactivates an active row or reactivates an inactive one; the label names the row for screen readers. */
export function ActiveToggleButton({ item, onToggle }: { item: { name: string; active: boolean }; onToggle(): void }) {
  const verb = item.active ? 'Deactivate' : 'Reactivate';
  return (
    <button type="button" className="button" onClick={onToggle} aria-label={`${verb} ${item.name}`}>
      {verb}
    </button>
  );
}
