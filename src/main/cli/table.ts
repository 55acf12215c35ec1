import type { Colors } from 'picocolors/types';

export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

/** Visible width of a string that may hold ANSI colour codes. */
function visibleWidth(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * Lays out rows under bold headers, two spaces between columns. Cells are never cut or wrapped,
 * so piped output keeps every value whole.
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  colors: Colors,
): string[] {
  const widths = columns.map((column, index) =>
    Math.max(visibleWidth(column.header), ...rows.map((row) => visibleWidth(row[index] ?? ''))),
  );
  const format = (cells: readonly string[]): string =>
    columns
      .map((column, index) => pad(cells[index] ?? '', widths[index] ?? 0, column.align ?? 'left'))
      .join('  ')
      .trimEnd();

  return [colors.bold(format(columns.map((column) => column.header))), ...rows.map(format)];
}
