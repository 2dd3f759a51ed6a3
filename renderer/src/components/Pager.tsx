/** Previous / next over server-side pages, with "21–40 of 123". */
export function Pager({ offset, pageSize, total, onOffset }: { offset: number; pageSize: number; total: number; onOffset(offset: number): void }) {
  return (
    <div className="pager">
      <button type="button" className="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - pageSize))}>
        Previous
      </button>
      <span>
        {total === 0 ? 0 : offset + 1}–{Math.min(offset + pageSize, total)} of {total}
      </span>
      <button type="button" className="button" disabled={offset + pageSize >= total} onClick={() => onOffset(offset + pageSize)}>
        Next
      </button>
    </div>
  );
}
