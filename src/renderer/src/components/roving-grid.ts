import type { FocusEvent, KeyboardEvent, RefObject } from 'react';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { StopPosition } from './roving';
import { moveRow, moveStop, positionOf, resolveStop, rowMoveOf } from './roving';
import { ROW_KEY_ATTRIBUTE } from './windowed-rows';

/** Elements of a row that can take focus. All but the grid's one tab stop get tabindex -1. */
const STOP_SELECTOR = [
  'a[href]',
  'button:not(:disabled)',
  'input:not(:disabled)',
  'select:not(:disabled)',
  'textarea:not(:disabled)',
  '[data-grid-stop]',
].join(', ');

/** Controls that handle Space themselves: a checkbox toggles, a button clicks. */
const SPACE_CONTROLS = 'button, input, select, textarea';

/** Controls that handle Enter themselves: a link follows, a button clicks. */
const ENTER_CONTROLS = 'a[href], button, select, textarea';

export interface RovingGridOptions {
  /**
   * Every row's key in display order, header rows included. Each rendered row element carries
   * its key in `data-row-key`, and rows may be left unrendered except the active one.
   */
  readonly rowKeys: readonly string[];
  /**
   * The row that Home goes to and that has the tab stop at first, such as the first row after
   * a header.
   */
  readonly firstRow?: number;
  /** The cell whose first stop has the tab stop at first. */
  readonly entryCell?: number;
  /** Returns the rows moved by PageUp and PageDown, such as the rows that fit in view. */
  readonly pageSize?: () => number;
  /** Called for Enter on a stop that does nothing with Enter itself, such as a checkbox. */
  readonly onOpen?: (key: string) => void;
  /** Called for Space on a stop that does nothing with Space itself, such as a link. */
  readonly onToggle?: (key: string) => void;
}

export interface RovingGrid<E extends HTMLElement> {
  /** The ref for the grid element, which also receives `gridProps`. */
  readonly ref: RefObject<E | null>;
  readonly gridProps: {
    readonly onKeyDown: (event: KeyboardEvent<E>) => void;
    readonly onFocus: (event: FocusEvent<E>) => void;
    readonly onBlur: (event: FocusEvent<E>) => void;
  };
  /** The key of the row that has the tab stop, which must stay rendered. */
  readonly activeKey: string | undefined;
  /** Moves the tab stop to the entry cell of row `key` and focuses it. */
  focusRow(key: string): void;
}

interface Active {
  readonly key: string;
  /** The row's index when it became active, to fall back on when the row goes away. */
  readonly index: number;
  readonly position: StopPosition;
}

/**
 * Makes a grid or list one tab stop with a roving tabindex, as in the WAI-ARIA grid pattern: Up
 * and Down, PageUp and PageDown, Home and End move between rows, Left and Right between the
 * stops of a row. The tab stop follows the row by key, so it stays on the same row when the
 * rows are re-sorted or re-rendered, and focus that a re-render removed is put back.
 *
 * Tabindex is set on the stops directly after each render of the component that calls this,
 * because the stops are rendered by shared components that know nothing of the grid.
 */
export function useRovingGrid<E extends HTMLElement>(options: RovingGridOptions): RovingGrid<E> {
  const { rowKeys, firstRow = 0, entryCell = 0, pageSize, onOpen, onToggle } = options;
  const ref = useRef<E | null>(null);
  const [active, setActive] = useState<Active | null>(null);
  const focusRequested = useRef(false);
  const focusInside = useRef(false);

  const activeKey = currentKey(rowKeys, active, firstRow);
  const position = active?.position ?? { cell: entryCell, nth: 0 };

  useLayoutEffect(() => {
    const root = ref.current;
    if (root === null) return;
    const row = activeKey === undefined ? null : rowElement(root, activeKey);
    const stops = row === null ? [] : stopsOf(row);
    const target = row === null ? undefined : stops[resolveStop(cellsOf(stops, row), position)];
    for (const stop of root.querySelectorAll<HTMLElement>(STOP_SELECTOR)) {
      const tabIndex = stop === target ? 0 : -1;
      if (stop.tabIndex !== tabIndex) stop.tabIndex = tabIndex;
    }
    if (target === undefined || row === null) return;

    const focusLost = document.activeElement === null || document.activeElement === document.body;
    if (focusRequested.current || (focusInside.current && focusLost)) {
      target.focus({ preventScroll: true });
      if (focusRequested.current) {
        row.scrollIntoView({ block: 'nearest' });
        target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      }
    }
    focusRequested.current = false;
  });

  const moveTo = useCallback((key: string, index: number, to: StopPosition) => {
    focusRequested.current = true;
    setActive({ key, index, position: to });
  }, []);

  const onKeyDown = (event: KeyboardEvent<E>) => {
    const root = ref.current;
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>(`[${ROW_KEY_ATTRIBUTE}]`);
    if (root === null || row === null || !root.contains(row) || event.defaultPrevented) return;
    if (event.altKey || event.metaKey || event.shiftKey) return;
    const key = row.getAttribute(ROW_KEY_ATTRIBUTE) as string;
    const index = rowKeys.indexOf(key);
    const stops = stopsOf(row);
    const cells = cellsOf(stops, row);
    const stopIndex = stops.findIndex((stop) => stop.contains(target));

    const move = rowMoveOf(event.key);
    if (move !== undefined && index >= 0) {
      // Ctrl+Home and Ctrl+End are the grid pattern's keys for the first and last row.
      if (event.ctrlKey && move !== 'first' && move !== 'last') return;
      event.preventDefault();
      const bounds = { count: rowKeys.length, pageSize: pageSize?.() ?? 10, firstRow };
      const next = moveRow(index, move, bounds);
      moveTo(
        rowKeys[next] as string,
        next,
        stopIndex < 0 ? position : positionOf(cells, stopIndex),
      );
      return;
    }
    if (event.ctrlKey) return;
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      const next = moveStop(stopIndex, event.key === 'ArrowLeft' ? -1 : 1, stops.length);
      if (next >= 0) moveTo(key, index, positionOf(cells, next));
    } else if (event.key === 'Enter' && onOpen !== undefined && !target.matches(ENTER_CONTROLS)) {
      event.preventDefault();
      onOpen(key);
    } else if (event.key === ' ' && onToggle !== undefined && !target.matches(SPACE_CONTROLS)) {
      event.preventDefault();
      onToggle(key);
    }
  };

  // A stop focused by a click, by Tab or by the code above becomes the tab stop.
  const onFocus = (event: FocusEvent<E>) => {
    focusInside.current = true;
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>(`[${ROW_KEY_ATTRIBUTE}]`);
    if (row === null) return;
    const stops = stopsOf(row);
    const stopIndex = stops.indexOf(target);
    if (stopIndex < 0) return;
    const key = row.getAttribute(ROW_KEY_ATTRIBUTE) as string;
    const at = positionOf(cellsOf(stops, row), stopIndex);
    setActive((current) =>
      current !== null &&
      current.key === key &&
      current.position.cell === at.cell &&
      current.position.nth === at.nth
        ? current
        : { key, index: rowKeys.indexOf(key), position: at },
    );
  };

  const onBlur = (event: FocusEvent<E>) => {
    const root = ref.current;
    const next = event.relatedTarget;
    if (root === null) return;
    if (next !== null) {
      if (!root.contains(next)) focusInside.current = false;
      return;
    }
    // Focus went to no element: either a re-render removed the focused stop, which the layout
    // effect above refocuses in the same task, or the user clicked outside any control.
    window.setTimeout(() => {
      if (!root.contains(document.activeElement)) focusInside.current = false;
    }, 0);
  };

  const focusRow = useCallback(
    (key: string) => {
      moveTo(key, rowKeys.indexOf(key), { cell: entryCell, nth: 0 });
    },
    [moveTo, rowKeys, entryCell],
  );

  return { ref, gridProps: { onKeyDown, onFocus, onBlur }, activeKey, focusRow };
}

/**
 * Returns the active row's key while it is listed, else the key now at its index, else the
 * first row's.
 */
function currentKey(
  rowKeys: readonly string[],
  active: Active | null,
  firstRow: number,
): string | undefined {
  if (rowKeys.length === 0) return undefined;
  if (active !== null && rowKeys.includes(active.key)) return active.key;
  const index = active === null ? firstRow : active.index;
  return rowKeys[Math.min(Math.max(0, index), rowKeys.length - 1)];
}

function rowElement(root: HTMLElement, key: string): HTMLElement | null {
  return root.querySelector<HTMLElement>(`[${ROW_KEY_ATTRIBUTE}="${CSS.escape(key)}"]`);
}

function stopsOf(row: HTMLElement): HTMLElement[] {
  return [...row.querySelectorAll<HTMLElement>(STOP_SELECTOR)];
}

/** Returns the cell of each stop: the position among the row's children of the one holding it. */
function cellsOf(stops: readonly HTMLElement[], row: HTMLElement): number[] {
  const children = [...row.children];
  return stops.map((stop) => {
    let cell: Element = stop;
    while (cell.parentElement !== null && cell.parentElement !== row) cell = cell.parentElement;
    return children.indexOf(cell);
  });
}
