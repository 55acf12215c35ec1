import { describe, expect, it } from 'vitest';
import type { WindowSegment } from '../../../src/renderer/src/components/windowing';
import {
  estimatedHeight,
  rowAt,
  rowOffsets,
  visibleRange,
  windowSegments,
} from '../../../src/renderer/src/components/windowing';

/** Ten rows of 40 px, then one of 100 px, then nine of 40 px: 860 px in all. */
const HEIGHTS = [...Array(10).fill(40), 100, ...Array(9).fill(40)] as number[];
const OFFSETS = rowOffsets(HEIGHTS);

describe('rowOffsets', () => {
  it('sums the heights before each row', () => {
    expect([...rowOffsets([10, 20, 30])]).toEqual([0, 10, 30, 60]);
  });

  it('counts an invalid height as zero', () => {
    expect([...rowOffsets([10, Number.NaN, -5, Infinity, 20])]).toEqual([0, 10, 10, 10, 10, 30]);
  });

  it('gives an empty list a height of zero', () => {
    expect([...rowOffsets([])]).toEqual([0]);
  });
});

describe('rowAt', () => {
  it.each([
    [0, 0],
    [39.9, 0],
    [40, 1],
    [399, 9],
    [400, 10],
    [499, 10],
    [500, 11],
    [859, 19],
  ])('finds the row at y = %d', (y, row) => {
    expect(rowAt(OFFSETS, y)).toBe(row);
  });

  it('clamps to the first and last row', () => {
    expect(rowAt(OFFSETS, -50)).toBe(0);
    expect(rowAt(OFFSETS, 5000)).toBe(19);
  });

  it('returns -1 for an empty list', () => {
    expect(rowAt(rowOffsets([]), 10)).toBe(-1);
  });

  it('skips rows of zero height', () => {
    expect(rowAt(rowOffsets([10, 0, 0, 10]), 10)).toBe(3);
  });
});

describe('visibleRange', () => {
  it('covers the rows in the band without overscan', () => {
    expect(visibleRange(OFFSETS, 0, 120, 0)).toEqual({ first: 0, last: 2 });
  });

  it('leaves out a row that starts at the bottom edge', () => {
    expect(visibleRange(OFFSETS, 0, 40, 0)).toEqual({ first: 0, last: 0 });
  });

  it('includes partly visible rows at both edges', () => {
    expect(visibleRange(OFFSETS, 390, 510, 0)).toEqual({ first: 9, last: 11 });
  });

  it('widens the range by the overscan and clamps it', () => {
    expect(visibleRange(OFFSETS, 400, 500, 3)).toEqual({ first: 7, last: 13 });
    expect(visibleRange(OFFSETS, 0, 80, 5)).toEqual({ first: 0, last: 6 });
    expect(visibleRange(OFFSETS, 780, 860, 5)).toEqual({ first: 13, last: 19 });
  });

  it('keeps the nearest rows when the band is outside the list', () => {
    expect(visibleRange(OFFSETS, -500, -100, 0)).toEqual({ first: 0, last: 0 });
    expect(visibleRange(OFFSETS, 2000, 2400, 1)).toEqual({ first: 18, last: 19 });
  });

  it('treats a band upside down as a line at its top', () => {
    expect(visibleRange(OFFSETS, 100, 50, 0)).toEqual({ first: 2, last: 2 });
  });

  it('is empty for an empty list', () => {
    expect(visibleRange(rowOffsets([]), 0, 100, 2)).toEqual({ first: 0, last: -1 });
  });
});

describe('windowSegments', () => {
  const rows = (segments: readonly WindowSegment[]) =>
    segments.flatMap((segment) => (segment.kind === 'row' ? [segment.index] : []));
  const total = (segments: readonly WindowSegment[]) =>
    segments.reduce((sum, segment) => sum + (segment.kind === 'gap' ? segment.height : 40), 0);

  it('puts gaps before and after the range', () => {
    const segments = windowSegments(rowOffsets(Array(10).fill(40)), { first: 3, last: 5 });
    expect(segments).toEqual([
      { kind: 'gap', from: 0, to: 2, height: 120 },
      { kind: 'row', index: 3 },
      { kind: 'row', index: 4 },
      { kind: 'row', index: 5 },
      { kind: 'gap', from: 6, to: 9, height: 160 },
    ]);
    expect(total(segments)).toBe(400);
  });

  it('has no gap when the range covers every row', () => {
    const segments = windowSegments(rowOffsets([40, 40]), { first: 0, last: 1 });
    expect(segments).toEqual([
      { kind: 'row', index: 0 },
      { kind: 'row', index: 1 },
    ]);
  });

  it('renders a pinned row far from the range between two gaps', () => {
    const segments = windowSegments(OFFSETS, { first: 0, last: 2 }, [15]);
    expect(rows(segments)).toEqual([0, 1, 2, 15]);
    expect(segments[3]).toEqual({ kind: 'gap', from: 3, to: 14, height: 540 });
    expect(segments.at(-1)).toEqual({ kind: 'gap', from: 16, to: 19, height: 160 });
  });

  it('renders a pinned row inside the range once', () => {
    expect(rows(windowSegments(OFFSETS, { first: 4, last: 6 }, [5, 5]))).toEqual([4, 5, 6]);
  });

  it('ignores pinned rows that do not exist', () => {
    expect(rows(windowSegments(OFFSETS, { first: 0, last: 1 }, [-1, 20, 2.5]))).toEqual([0, 1]);
  });

  it('clamps a range beyond the end of a shortened list', () => {
    expect(windowSegments(rowOffsets([40, 40]), { first: 5, last: 9 })).toEqual([
      { kind: 'gap', from: 0, to: 1, height: 80 },
    ]);
  });

  it('is empty for an empty list', () => {
    expect(windowSegments(rowOffsets([]), { first: 0, last: -1 }, [0])).toEqual([]);
  });
});

describe('estimatedHeight', () => {
  it('averages the measured heights', () => {
    expect(estimatedHeight([40, 60, 80], 30)).toBe(60);
  });

  it('falls back before any row is measured', () => {
    expect(estimatedHeight([], 42)).toBe(42);
  });

  it('ignores heights that are not positive', () => {
    expect(estimatedHeight([0, -10, Number.NaN, 50], 42)).toBe(50);
  });
});
