import type { ReactNode } from 'react';
import { useRovingGrid } from './roving-grid';

/** A column's heading; a numeric column is aligned to the right, as its cells must be too. */
export type Column = string | { readonly label: string; readonly numeric: true };

/**
 * Shows a table in the framed, scrolling box every page uses, with a header cell per column.
 * `children` are the body's rows; `note` is a line below the table inside the frame.
 *
 * With `rowKeys`, the table is a grid with one tab stop: arrow keys move between rows and the
 * links of a row. Each row then carries its key in `data-row-key` and has at least one link or
 * control.
 */
export function DataTable({
  label,
  columns,
  note,
  rowKeys,
  children,
}: {
  label: string;
  columns: readonly Column[];
  note?: ReactNode;
  rowKeys?: readonly string[];
  children: ReactNode;
}) {
  const head = (
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
  );
  return (
    <div className="table-wrap">
      {rowKeys === undefined ? (
        <table className="table" aria-label={label}>
          {head}
          <tbody>{children}</tbody>
        </table>
      ) : (
        <GridTable label={label} rowKeys={rowKeys} head={head}>
          {children}
        </GridTable>
      )}
      {note !== undefined && <p className="muted small table-note">{note}</p>}
    </div>
  );
}

function GridTable({
  label,
  rowKeys,
  head,
  children,
}: {
  label: string;
  rowKeys: readonly string[];
  head: ReactNode;
  children: ReactNode;
}) {
  const grid = useRovingGrid<HTMLTableElement>({ rowKeys });
  return (
    <table ref={grid.ref} className="table" role="grid" aria-label={label} {...grid.gridProps}>
      {head}
      <tbody>{children}</tbody>
    </table>
  );
}
