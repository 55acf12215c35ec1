import { describe, expect, it } from 'vitest';
import type { RowMove } from '../../../src/renderer/src/components/roving';
import {
  moveRow,
  moveStop,
  positionOf,
  resolveStop,
  rowMoveOf,
} from '../../../src/renderer/src/components/roving';

/** A header row (0) and 20 body rows (1 to 20), 5 rows to a page. */
const GRID = { count: 21, pageSize: 5, firstRow: 1 };

describe('rowMoveOf', () => {
  it.each([
    ['ArrowUp', 'previous'],
    ['ArrowDown', 'next'],
    ['PageUp', 'page-previous'],
    ['PageDown', 'page-next'],
    ['Home', 'first'],
    ['End', 'last'],
  ])('maps %s to %s', (key, move) => {
    expect(rowMoveOf(key)).toBe(move);
  });

  it.each(['ArrowLeft', 'Enter', ' ', 'a', 'toString', 'constructor'])('ignores %j', (key) => {
    expect(rowMoveOf(key)).toBeUndefined();
  });
});

describe('moveRow', () => {
  it.each<[number, RowMove, number]>([
    [5, 'previous', 4],
    [1, 'previous', 0],
    [0, 'previous', 0],
    [5, 'next', 6],
    [20, 'next', 20],
    [0, 'next', 1],
    [12, 'page-previous', 7],
    [4, 'page-previous', 1],
    [1, 'page-previous', 1],
    [0, 'page-previous', 0],
    [12, 'page-next', 17],
    [18, 'page-next', 20],
    [0, 'page-next', 5],
    [12, 'first', 1],
    [0, 'first', 1],
    [3, 'last', 20],
  ])('from row %d, %s goes to row %d', (from, move, to) => {
    expect(moveRow(from, move, GRID)).toBe(to);
  });

  it('clamps a row index out of range before moving', () => {
    expect(moveRow(50, 'previous', GRID)).toBe(19);
    expect(moveRow(-3, 'next', GRID)).toBe(1);
  });

  it('moves at least one row a page', () => {
    expect(moveRow(5, 'page-next', { ...GRID, pageSize: 0 })).toBe(6);
    expect(moveRow(5, 'page-previous', { ...GRID, pageSize: 0.4 })).toBe(4);
  });

  it('keeps the first row inside the grid', () => {
    expect(moveRow(0, 'first', { count: 1, pageSize: 5, firstRow: 1 })).toBe(0);
  });

  it('returns -1 for a grid without rows', () => {
    expect(moveRow(0, 'next', { count: 0, pageSize: 5, firstRow: 0 })).toBe(-1);
  });
});

/** A row's stops: a checkbox (cell 0), a name (1), two host chips (2), one live chip (5). */
const CELLS = [0, 1, 2, 2, 5];

describe('positionOf', () => {
  it.each([
    [0, { cell: 0, nth: 0 }],
    [2, { cell: 2, nth: 0 }],
    [3, { cell: 2, nth: 1 }],
    [4, { cell: 5, nth: 0 }],
  ])('places stop %d', (index, position) => {
    expect(positionOf(CELLS, index)).toEqual(position);
  });
});

describe('resolveStop', () => {
  it('finds the same cell and position', () => {
    expect(resolveStop(CELLS, { cell: 2, nth: 1 })).toBe(3);
  });

  it('takes the last stop of a cell with fewer stops', () => {
    expect(resolveStop(CELLS, { cell: 2, nth: 4 })).toBe(3);
  });

  it('takes the nearest cell when the cell has no stop', () => {
    expect(resolveStop(CELLS, { cell: 4, nth: 0 })).toBe(4);
    expect(resolveStop(CELLS, { cell: 7, nth: 0 })).toBe(4);
  });

  it('takes the first stop of the left cell on a tie', () => {
    expect(resolveStop([1, 3, 3], { cell: 2, nth: 1 })).toBe(0);
    expect(resolveStop([0, 2, 2, 6], { cell: 4, nth: 0 })).toBe(1);
  });

  it('returns -1 for a row without stops', () => {
    expect(resolveStop([], { cell: 1, nth: 0 })).toBe(-1);
  });
});

describe('moveStop', () => {
  it('moves one stop left or right', () => {
    expect(moveStop(2, -1, 5)).toBe(1);
    expect(moveStop(2, 1, 5)).toBe(3);
  });

  it('stays at the ends of the row', () => {
    expect(moveStop(0, -1, 5)).toBe(0);
    expect(moveStop(4, 1, 5)).toBe(4);
  });

  it('enters a row from outside its stops', () => {
    expect(moveStop(-1, 1, 5)).toBe(0);
  });

  it('returns -1 for a row without stops', () => {
    expect(moveStop(0, 1, 0)).toBe(-1);
  });
});
