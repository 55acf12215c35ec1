import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

export type Theme = 'light' | 'dark';
export const THEMES: readonly Theme[] = ['light', 'dark'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Opens a fresh browser profile with the system theme set to `theme`. */
export function openContext(browser: Browser, theme: Theme): Promise<BrowserContext> {
  return browser.newContext({
    colorScheme: theme,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
}

/** Saves the page as docs/screenshots/NAME-THEME.png for the README and for review. */
export async function screenshot(page: Page, name: string, theme: Theme): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}-${theme}.png`),
    animations: 'disabled',
    fullPage: true,
  });
}

/**
 * Records every response of `page` with an error status and every request that failed, as
 * `METHOD URL -> STATUS`. A request the page cancelled itself (net::ERR_ABORTED) is no failure.
 */
export function recordFailedRequests(page: Page): string[] {
  const failures: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) {
      failures.push(`${response.request().method()} ${response.url()} -> ${response.status()}`);
    }
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed';
    if (reason !== 'net::ERR_ABORTED')
      failures.push(`${request.method()} ${request.url()} -> ${reason}`);
  });
  return failures;
}

/** The element that has focus: its tag, its text or label, and whether it is inside a dialog. */
export interface FocusedElement {
  readonly tag: string;
  readonly text: string;
  readonly inDialog: boolean;
}

// A string, because the test files are checked as Node code without the DOM types.
const FOCUSED_ELEMENT = `(() => {
  const element = document.activeElement;
  return {
    tag: element?.tagName ?? '',
    text: (element?.getAttribute('aria-label') ?? element?.textContent ?? '').trim(),
    inDialog: element?.closest('[role="dialog"], [role="alertdialog"]') != null,
  };
})()`;

export function focusedElement(page: Page): Promise<FocusedElement> {
  return page.evaluate(FOCUSED_ELEMENT) as Promise<FocusedElement>;
}
