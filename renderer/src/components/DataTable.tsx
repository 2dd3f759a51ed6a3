import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { ColumnDef } from '@tanstack/react-table';
import { memo } from 'react';

type DataTableProps<T> = {
  label: string;
  // @tanstack/react-table's own signature: columns of mixed value types are ColumnDef<T, any>.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  data: T[];
  empty: string;
  getRowId?: (row: T) => string;
};

/**
 * A plain, accessible table on @tanstack/react-table; filtering and paging happen in the core.
 * Memoized: a render of the screen around it (a keystroke in its filter) does not render the
 * rows again until their data or columns change.
 */
export const DataTable = memo(DataTableRows) as typeof DataTableRows;

function DataTableRows<T>({ label, columns, data, empty, getRowId }: DataTableProps<T>) {
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel(), ...(getRowId ? { getRowId } : {}) });
  return (
    <table className="table" aria-label={label}>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th key={header.id} scope="col">
                {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.length === 0 ? (
          <tr>
            <td colSpan={columns.length} className="table__empty">
              {empty}
            </td>
          </tr>
        ) : (
          table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
