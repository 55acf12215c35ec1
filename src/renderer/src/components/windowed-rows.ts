import type { RefObject } from 'react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RowRange, WindowSegment } from './windowing';
import { estimatedHeight, rowOffsets, visibleRange, windowSegments } from './windowing';

/** The attribute that names a rendered row's key, for measuring it and for keyboard focus. */
export const ROW_KEY_ATTRIBUTE = 'data-row-key';

/** Rows rendered before the first measurement of the scrolling element. */
const INITIAL_ROWS = 20;

export interface WindowedRowsOptions {
  /** Every row's key, in display order. */
  readonly keys: readonly string[];
  /** The element whose top is the top of the first row, such as a table's body. */
  readonly list: RefObject<HTMLElement | null>;
  /**
   * Returns the element that scrolls the list, or null when the window scrolls. Pass the same
   * function on every render: a new one subscribes to scrolling again.
   */
  readonly scrollContainer: () => HTMLElement | null;
  /** Keys rendered even when far out of view, such as the row that has the tab stop. */
  readonly pinned?: readonly string[];
  /** The height in pixels assumed for every row until the first row is measured. */
  readonly fallbackHeight: number;
  /** Rows rendered beyond each edge of the visible part. */
  readonly overscan?: number;
}

export interface WindowedRows {
  /** The rows to render and the gaps between them, in order. */
  readonly segments: readonly WindowSegment[];
  /**
   * A ref callback for every rendered row element. It measures the row, which must carry its key
   * in `data-row-key`, now and whenever its size changes.
   */
  readonly measureRow: (element: HTMLElement | null) => (() => void) | undefined;
  /** About how many rows fit in the visible part, less one, for PageUp and PageDown. */
  readonly pageSize: number;
}

/**
 * Renders only the rows of a long list near the visible part of its scrolling element. Rows can
 * differ in height: each rendered row is measured with a ResizeObserver, and rows never rendered
 * are assumed to be as high as the mean of the measured ones. Heights are kept by key, so a
 * re-sorted list keeps them.
 */
export function useWindowedRows(options: WindowedRowsOptions): WindowedRows {
  const { keys, list, scrollContainer, pinned, fallbackHeight, overscan = 6 } = options;
  const heights = useRef(new Map<string, number>());
  const [measurements, setMeasurements] = useState(0);
  const [range, setRange] = useState<RowRange>({ first: 0, last: INITIAL_ROWS - 1 });
  const [viewportHeight, setViewportHeight] = useState(0);

  const average = useMemo(
    () => estimatedHeight(heights.current.values(), fallbackHeight),
    // `measurements` counts the changes to the heights kept in the ref.
    [measurements, fallbackHeight],
  );
  const offsets = useMemo(
    () => rowOffsets(keys.map((key) => heights.current.get(key) ?? average)),
    [keys, average, measurements],
  );
  const pinnedIndices = useMemo(
    () => (pinned ?? []).map((key) => keys.indexOf(key)).filter((index) => index >= 0),
    [keys, pinned],
  );
  const segments = useMemo(
    () => windowSegments(offsets, range, pinnedIndices),
    [offsets, range, pinnedIndices],
  );

  const latest = useRef({ offsets, overscan, scrollContainer });
  const update = useCallback(() => {
    const body = list.current;
    if (body === null) return;
    const { offsets: current, overscan: extra, scrollContainer: find } = latest.current;
    const scroller = find();
    const viewTop = scroller === null ? 0 : scroller.getBoundingClientRect().top;
    const viewHeight = scroller === null ? window.innerHeight : scroller.clientHeight;
    const top = viewTop - body.getBoundingClientRect().top;
    const next = visibleRange(current, top, top + viewHeight, extra);
    setRange((shown) => (shown.first === next.first && shown.last === next.last ? shown : next));
    setViewportHeight(viewHeight);
  }, [list]);

  // Heights and keys change the offsets, and with them the rows in view.
  useLayoutEffect(() => {
    latest.current = { offsets, overscan, scrollContainer };
    update();
  }, [offsets, overscan, scrollContainer, update]);

  useEffect(() => {
    const scroller = scrollContainer();
    const target: HTMLElement | Window = scroller ?? window;
    target.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    const resizes = scroller === null ? undefined : new ResizeObserver(update);
    resizes?.observe(scroller as HTMLElement);
    return () => {
      target.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
      resizes?.disconnect();
    };
  }, [scrollContainer, update]);

  const observer = useRef<ResizeObserver | null>(null);
  const measureRow = useCallback((element: HTMLElement | null) => {
    if (element === null) return undefined;
    observer.current ??= new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const key = entry.target.getAttribute(ROW_KEY_ATTRIBUTE);
        const height = entry.borderBoxSize[0]?.blockSize ?? entry.contentRect.height;
        // A row that is being removed reports 0; its last height stays valid.
        if (key === null || height <= 0) continue;
        if (Math.abs((heights.current.get(key) ?? 0) - height) < 0.5) continue;
        heights.current.set(key, height);
        changed = true;
      }
      if (changed) setMeasurements((count) => count + 1);
    });
    const rows = observer.current;
    rows.observe(element);
    return () => rows.unobserve(element);
  }, []);
  useEffect(() => () => observer.current?.disconnect(), []);

  const pageSize = Math.max(1, Math.floor(viewportHeight / average) - 1);
  return { segments, measureRow, pageSize };
}
