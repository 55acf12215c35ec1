/** Pixels one arrow key press moves a splitter; Page Up and Page Down move four times as far. */
const STEP = 24;

/** Returns `height` within `min` and `max`, or `min` where `max` is smaller than it. */
export function clampHeight(height: number, min: number, max: number): number {
  return Math.max(min, Math.min(height, max));
}

/**
 * Returns the height a key press on a splitter sets, or undefined for a key that does not
 * resize. Up makes the panel below taller, Home sets its minimum and End its maximum.
 */
export function keyedHeight(
  key: string,
  height: number,
  min: number,
  max: number,
): number | undefined {
  const moves: Readonly<Record<string, number>> = {
    ArrowUp: height + STEP,
    ArrowDown: height - STEP,
    PageUp: height + 4 * STEP,
    PageDown: height - 4 * STEP,
    Home: min,
    End: max,
  };
  const target = moves[key];
  return target === undefined ? undefined : clampHeight(target, min, max);
}

/** Reads a height saved as text, or returns `fallback` when none was saved or it is below `min`. */
export function parseSavedHeight(saved: string | null, fallback: number, min: number): number {
  const height = Number(saved);
  return saved !== null && Number.isFinite(height) && height >= min ? height : fallback;
}
