const labels: Record<string, string> = {
  due: 'Due',
  paid: 'Paid',
  partially_paid: 'Partially paid',
  overdue: 'Overdue',
  paused: 'Paused',
  waived: 'Waived',
  cancelled: 'Cancelled',
  active: 'Active',
  completed: 'Completed',
};

export function StatusPill({ status }: { status: string }) {
  return <span className={`pill pill--${status}`}>{labels[status] ?? status}</span>;
}
