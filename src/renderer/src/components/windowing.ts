/**
 * Range maths for rendering only the rows of a long list that are near the visible part of a
 * scrolling page. Offsets are in CSS pixels from the top of the list's first row.
 */

/** Either a row to render or the space that rows left out would have taken. */
export type WindowSegment =
  | { readonly kind: 'row'; readonly index: number }
  | { readonly kind: 'gap'; readonly from: number; readonly to: number; readonly height: number };

/** An inclusive range of row indices; `last < first` when it contains no row. */
export interface RowRange {
  readonly first: number;
  readonly last: number;
}

/**
 * Returns the top of each row and, as the last element, the height of the whole list. A height
 * that is not a positive finite number counts as 0.
 */
export function rowOffsets(heights: readonly number[]): Float64Array {
  const offsets = new Float64Array(heights.length + 1);
  for (let index = 0; index < heights.length; index++) {
    const height = heights[index] as number;
    const valid = Number.isFinite(height) && height > 0 ? height : 0;
    offsets[index + 1] = (offsets[index] as number) + valid;
  }
  return offsets;
}

/** Returns the index of the row that contains `y`, clamped to the first and last row. */
export function rowAt(offsets: Float64Array, y: number): number {
  const count = offsets.length - 1;
  if (count <= 0) return -1;
  let low = 0;
  let high = count - 1;
  // The last row whose top is at or above y.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((offsets[middle] as number) <= y) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * Returns the rows that intersect the band from `top` to `bottom`, widened by `overscan` rows on
 * each side so that a short scroll shows rows that are already rendered. A band entirely above
 * or below the list still yields the nearest rows, so the list never renders empty.
 */
export function visibleRange(
  offsets: Float64Array,
  top: number,
  bottom: number,
  overscan: number,
): RowRange {
  const count = offsets.length - 1;
  if (count <= 0) return { first: 0, last: -1 };
  const extra = Math.max(0, Math.floor(overscan));
  const first = rowAt(offsets, Math.max(top, 0));
  // A row that starts exactly at the bottom edge is not visible.
  const last = Math.max(first, rowAt(offsets, Math.max(bottom, top) - 0.5));
  return { first: Math.max(0, first - extra), last: Math.min(count - 1, last + extra) };
}

/**
 * Lists the rows of `range` and the `pinned` rows in order, with a gap for every run of rows left
 * out. Pinned rows are rendered wherever they are, for instance the row that has keyboard
 * focus, so that scrolling it out of view does not remove the focused element.
 */
export function windowSegments(
  offsets: Float64Array,
  range: RowRange,
  pinned: readonly number[] = [],
): WindowSegment[] {
  const count = offsets.length - 1;
  const rendered = new Set<number>();
  for (let index = Math.max(0, range.first); index <= Math.min(range.last, count - 1); index++) {
    rendered.add(index);
  }
  for (const index of pinned) {
    if (Number.isInteger(index) && index >= 0 && index < count) rendered.add(index);
  }
  const segments: WindowSegment[] = [];
  let next = 0;
  for (const index of [...rendered].sort((a, b) => a - b)) {
    if (index > next) segments.push(gap(offsets, next, index - 1));
    segments.push({ kind: 'row', index });
    next = index + 1;
  }
  if (next < count) segments.push(gap(offsets, next, count - 1));
  return segments;
}

function gap(offsets: Float64Array, from: number, to: number): WindowSegment {
  const height = (offsets[to + 1] as number) - (offsets[from] as number);
  return { kind: 'gap', from, to, height };
}

/**
 * Returns the height to assume for a row not rendered yet: the mean of the measured heights, or
 * `fallback` before any row was measured.
 */
export function estimatedHeight(measured: Iterable<number>, fallback: number): number {
  let total = 0;
  let count = 0;
  for (const height of measured) {
    if (!Number.isFinite(height) || height <= 0) continue;
    total += height;
    count += 1;
  }
  return count === 0 ? fallback : total / count;
}
