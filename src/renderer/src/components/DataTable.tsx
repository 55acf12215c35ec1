import type { ReactNode } from 'react';

/** A column's heading; a numeric column is aligned to the right, as its cells must be too. */
export type Column = string | { readonly label: string; readonly numeric: true };

/**
 * Shows a table in the framed, scrolling box every page uses, with a header cell per column.
 * `children` are the body's rows; `note` is a line below the table inside the frame.
 */
export function DataTable({
  label,
  columns,
  note,
  children,
}: {
  label: string;
  columns: readonly Column[];
  note?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) =>
              typeof column === 'string' ? (
                <th key={column} scope="col">
                  {column}
                </th>
              ) : (
                <th key={column.label} scope="col" className="numeric">
                  {column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
      {note !== undefined && <p className="muted small table-note">{note}</p>}
    </div>
  );
}
