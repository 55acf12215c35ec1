import type { RefObject } from 'react';
import { useEffect, useRef } from 'react';

/** Places that keep focus while they are open: the palette, dialogs and the terminal dock. */
const FOCUS_KEEPERS = '[role="dialog"], [role="alertdialog"], .dock';

/** How long a new page may take to show its heading before focus stays where it is. */
const HEADING_WAIT_MS = 5000;

/**
 * True when focus may move to the page: it is on nothing, on the page container itself, or on
 * an element outside both the page and any dialog or terminal.
 */
export function mayTakeFocus(active: Element | null, content: Element): boolean {
  if (active === null || active === document.body || active === content) return true;
  if (content.contains(active)) return false;
  return active.closest(FOCUS_KEEPERS) === null;
}

/** Focuses `heading` without a scroll jump, making it focusable by script only. */
export function focusHeading(heading: HTMLElement): void {
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
}

/**
 * Moves focus to the new page's first h1 after each route change, so keyboard and screen reader
 * users start at the page's top. A page that is still loading gets its heading focused when it
 * appears. Focus stays put when it is already inside the page, in a dialog or in a terminal.
 */
export function usePageHeadingFocus(routeKey: string): void {
  const first = useRef(true);
  useEffect(() => {
    // The first page of a visit keeps the browser's own start.
    if (first.current) {
      first.current = false;
      return;
    }
    const content = document.getElementById('content');
    if (content === null) return;

    const tryFocus = (): boolean => {
      if (!mayTakeFocus(document.activeElement, content)) return true;
      const heading = content.querySelector('h1');
      if (!(heading instanceof HTMLElement)) return false;
      focusHeading(heading);
      return true;
    };
    if (tryFocus()) return;

    const observer = new MutationObserver(() => {
      if (tryFocus()) stop();
    });
    const timer = window.setTimeout(() => stop(), HEADING_WAIT_MS);
    const stop = () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
    observer.observe(content, { childList: true, subtree: true });
    return stop;
  }, [routeKey]);
}

/**
 * Focuses the heading in `ref` whenever `key` changes, as a report does when it replaces the
 * button that started it. Focus already inside the page, a dialog or a terminal stays put.
 */
export function useHeadingFocusOn(ref: RefObject<HTMLElement | null>, key: unknown): void {
  useEffect(() => {
    const heading = ref.current;
    const content = document.getElementById('content');
    if (heading === null || content === null) return;
    // A button that disappeared with the change left focus on the body, which may move.
    if (mayTakeFocus(document.activeElement, content)) focusHeading(heading);
  }, [ref, key]);
}
