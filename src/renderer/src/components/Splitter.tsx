import type { KeyboardEvent, PointerEvent } from 'react';
import { useEffect, useState } from 'react';
import { clampHeight, keyedHeight, parseSavedHeight } from './panel-height';

/** Room a panel at the bottom leaves above itself: the top bar and a strip of the page. */
const RESERVED_ABOVE = 160;

/** A panel's height, its minimum and the way to change it, as a Splitter takes them. */
export interface PanelSize {
  readonly height: number;
  readonly min: number;
  readonly onResize: (height: number) => void;
}

/** Keeps a panel's height in localStorage under `key`, so that it survives a reload. */
export function useSavedHeight(key: string, fallback: number, min: number): PanelSize {
  const [height, setHeight] = useState(() =>
    parseSavedHeight(localStorage.getItem(key), fallback, min),
  );
  useEffect(() => localStorage.setItem(key, String(height)), [key, height]);
  return { height, min, onResize: setHeight };
}

/**
 * Shows the bar at the top of a panel at the bottom of the window, which sets the panel's
 * height. It is dragged with the pointer, or focused and moved with the arrow keys, Page Up and
 * Page Down, Home and End.
 */
export function Splitter({ label, height, min, onResize }: PanelSize & { label: string }) {
  const max = () => Math.max(min, window.innerHeight - RESERVED_ABOVE);

  const startDrag = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const startY = event.clientY;
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const move = (moveEvent: globalThis.PointerEvent) => {
      onResize(clampHeight(height + startY - moveEvent.clientY, min, max()));
    };
    const stop = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', stop);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', stop);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = keyedHeight(event.key, height, min, max());
    if (next === undefined) return;
    event.preventDefault();
    onResize(next);
  };

  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label={label}
      aria-valuenow={height}
      aria-valuemin={min}
      aria-valuemax={max()}
      tabIndex={0}
      onPointerDown={startDrag}
      onKeyDown={onKeyDown}
    />
  );
}
