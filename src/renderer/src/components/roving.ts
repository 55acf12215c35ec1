/**
 * Keyboard movement in a grid with one tab stop (the roving tabindex of the WAI-ARIA grid
 * pattern). Rows are indices into the grid's rows in display order. The focusable elements of a
 * row are its stops, and each stop lies in a cell, numbered from 0 by the cell's position in the
 * row, so that moving up or down can keep to the same column.
 */

export type RowMove = 'previous' | 'next' | 'page-previous' | 'page-next' | 'first' | 'last';

const ROW_MOVES: Readonly<Record<string, RowMove>> = {
  ArrowUp: 'previous',
  ArrowDown: 'next',
  PageUp: 'page-previous',
  PageDown: 'page-next',
  Home: 'first',
  End: 'last',
};

/** Returns the row move for a `KeyboardEvent.key`, or undefined for any other key. */
export function rowMoveOf(key: string): RowMove | undefined {
  return Object.hasOwn(ROW_MOVES, key) ? ROW_MOVES[key] : undefined;
}

export interface RowBounds {
  /** The number of rows. */
  readonly count: number;
  /** Rows moved by PageUp and PageDown, at least 1. */
  readonly pageSize: number;
  /**
   * The row Home goes to and PageUp stops at. Rows above it, such as a header row, are reached
   * with the Up arrow only.
   */
  readonly firstRow: number;
}

/** Returns the row that `move` leads to from `index`, clamped to the grid's rows. */
export function moveRow(index: number, move: RowMove, bounds: RowBounds): number {
  const last = bounds.count - 1;
  if (last < 0) return -1;
  const firstRow = Math.min(Math.max(0, bounds.firstRow), last);
  const page = Math.max(1, Math.floor(bounds.pageSize));
  const from = Math.min(Math.max(0, index), last);
  switch (move) {
    case 'previous':
      return Math.max(0, from - 1);
    case 'next':
      return Math.min(last, from + 1);
    case 'page-previous':
      return from <= firstRow ? from : Math.max(firstRow, from - page);
    case 'page-next':
      return Math.min(last, from + page);
    case 'first':
      return firstRow;
    case 'last':
      return last;
  }
}

/** The position of a stop: its cell, and its index among the stops of that cell. */
export interface StopPosition {
  readonly cell: number;
  readonly nth: number;
}

/** Returns the position of stop `index` of a row whose stops lie in `cells`, in order. */
export function positionOf(cells: readonly number[], index: number): StopPosition {
  const cell = cells[index] ?? 0;
  let nth = 0;
  for (let before = 0; before < index; before++) if (cells[before] === cell) nth += 1;
  return { cell, nth };
}

/**
 * Returns the stop of a row that best matches `preferred`: the same cell and position, else the
 * last stop of that cell, else the first stop of the nearest cell (the left one on a tie).
 * Returns -1 for a row without stops.
 */
export function resolveStop(cells: readonly number[], preferred: StopPosition): number {
  if (cells.length === 0) return -1;
  let lastInCell = -1;
  let seen = 0;
  for (let index = 0; index < cells.length; index++) {
    if (cells[index] !== preferred.cell) continue;
    if (seen === preferred.nth) return index;
    lastInCell = index;
    seen += 1;
  }
  if (lastInCell >= 0) return lastInCell;

  let best = 0;
  for (let index = 1; index < cells.length; index++) {
    const distance = Math.abs((cells[index] as number) - preferred.cell);
    const bestDistance = Math.abs((cells[best] as number) - preferred.cell);
    if (distance < bestDistance) best = index;
  }
  return best;
}

/** Returns the stop one to the left (-1) or right (+1) of `index`, staying at the row's ends. */
export function moveStop(index: number, direction: -1 | 1, count: number): number {
  if (count <= 0) return -1;
  return Math.min(count - 1, Math.max(0, index + direction));
}
