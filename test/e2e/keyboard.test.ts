import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Theme } from './browser';
import { THEMES, launchBrowser, openContext, screenshot } from './browser';
import { manyStacksFarm } from './farm';
import type { ServedFarm } from './serve';
import { serveFarm } from './serve';

const STACK_COUNT = 200;

/** More rows than any screen shows, and far fewer than the farm's stacks. */
const MAX_RENDERED_ROWS = 60;

let browser: Browser;
let farm: ServedFarm;

beforeAll(async () => {
  [browser, farm] = await Promise.all([launchBrowser(), serveFarm(manyStacksFarm(STACK_COUNT))]);
});

afterAll(async () => {
  await browser?.close();
  await farm?.stop();
});

interface Focused {
  /** The `data-row-key` of the grid row holding focus, or null outside the grid's rows. */
  readonly row: string | null;
  readonly tag: string;
  readonly label: string;
  readonly inGrid: boolean;
}

// A string, because this file is checked as Node code without the DOM types.
const FOCUSED = `(() => {
  const element = document.activeElement;
  return {
    row: element?.closest('tr')?.getAttribute('data-row-key') ?? null,
    tag: element?.tagName ?? '',
    label: (element?.getAttribute('aria-label') ?? element?.textContent ?? '').trim(),
    inGrid: element?.closest('[role="grid"]') != null,
  };
})()`;

const AT_BOTTOM = `(() => {
  const content = document.getElementById('content');
  return content.scrollTop + content.clientHeight >= content.scrollHeight - 1;
})()`;

function focused(page: Page): Promise<Focused> {
  return page.evaluate(FOCUSED) as Promise<Focused>;
}

async function openStacks(theme: Theme = 'light'): Promise<Page> {
  const page = await (await openContext(browser, theme)).newPage();
  await page.goto(`${farm.url}#/stacks`);
  await page.getByRole('link', { name: 'stack-001', exact: true }).waitFor();
  return page;
}

/** Focuses the grid's tab stop by tabbing from the button just before the table. */
async function tabIntoGrid(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Check for updates' }).focus();
  await page.keyboard.press('Tab');
}

const renderedRows = (page: Page) => page.locator('tbody tr[data-row-key]').count();

describe('stacks grid keyboard', () => {
  it('takes one Tab to enter and one to leave', async () => {
    const page = await openStacks();
    await tabIntoGrid(page);
    expect(await focused(page)).toMatchObject({ row: 'stack-001', tag: 'A', inGrid: true });

    await page.keyboard.press('Tab');
    expect((await focused(page)).inGrid).toBe(false);

    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatchObject({ row: 'stack-001', label: 'stack-001' });
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatchObject({ inGrid: false, label: 'Check for updates' });
    await page.context().close();
  });

  it('moves between rows and cells with arrows', async () => {
    const page = await openStacks();
    await tabIntoGrid(page);

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ row: 'stack-003', label: 'stack-003' });

    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatchObject({ row: 'stack-003', label: 'h1' });
    // Down keeps the column: the configured host of the next stack.
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ row: 'stack-004', label: 'h2' });

    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await focused(page)).toMatchObject({ row: 'stack-004', label: 'Select stack-004' });
    await page.keyboard.press('ArrowLeft');
    expect((await focused(page)).label).toBe('Select stack-004');

    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('End');
    expect(await focused(page)).toMatchObject({ row: 'stack-200', label: 'stack-200' });
    await page.keyboard.press('PageUp');
    const paged = Number((await focused(page)).label.replace('stack-', ''));
    expect(paged).toBeLessThan(200);
    expect(paged).toBeGreaterThan(150);
    await page.keyboard.press('Home');
    expect(await focused(page)).toMatchObject({ row: 'stack-001', label: 'stack-001' });
    await page.keyboard.press('PageDown');
    expect((await focused(page)).row).not.toBe('stack-001');

    // Up from the first stack reaches the column headers.
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toMatchObject({ tag: 'BUTTON', label: 'Stack▲' });
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ row: 'stack-200', label: 'stack-200' });
    await page.context().close();
  });

  it('opens the focused stack with Enter', async () => {
    const page = await openStacks();
    await tabIntoGrid(page);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^stack-002/ }).waitFor();
    expect(page.url()).toMatch(/#\/stacks\/stack-002$/);

    // From the selection checkbox too, which does nothing with Enter itself.
    await page.goBack();
    await tabIntoGrid(page);
    await page.keyboard.press('ArrowLeft');
    expect((await focused(page)).label).toMatch(/^Select stack-/);
    const row = (await focused(page)).row;
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(`^${row}`) }).waitFor();
    await page.context().close();
  });

  it('selects the focused stack with Space', async () => {
    const page = await openStacks();
    await tabIntoGrid(page);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press(' ');
    const row = page.locator('tr[data-row-key="stack-002"]');
    expect(await row.getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('checkbox', { name: 'Select stack-002' }).isChecked()).toBe(true);
    await page.getByText('1 selected').waitFor();
    // Space did not scroll the page, as it would by default.
    expect(await page.evaluate(`document.getElementById('content').scrollTop`)).toBe(0);

    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press(' ');
    expect(await row.getAttribute('aria-selected')).toBe('false');
    await page.getByText('Tick stacks to act on several at once.').waitFor();
    await page.context().close();
  });

  it('keeps focus on a stack that the sort moves', async () => {
    const page = await openStacks();
    await page.getByRole('button', { name: 'State' }).click();
    await tabIntoGrid(page);
    await page.keyboard.press('End');
    for (let step = 0; step < 50; step++) await page.keyboard.press('ArrowUp');
    const before = await focused(page);
    expect(before.row).toBe('stack-150');

    // Deployed sorts before Not deployed, so stack-150 moves from row 150 to the top.
    farm.write('compose-farm-state.yaml', 'deployed:\n  stack-150: h2\n');
    const first = page.locator('tr[aria-rowindex="2"]');
    await expect
      .poll(() => first.getAttribute('data-row-key'), { timeout: 10_000 })
      .toBe('stack-150');
    expect(await focused(page)).toEqual(before);
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).row).toBe('stack-001');
    farm.write('compose-farm-state.yaml', 'deployed: {}\n');
    await page.context().close();
  });
});

describe('focus after a page change', () => {
  it('moves to the heading of the opened stack', async () => {
    const page = await openStacks();
    await tabIntoGrid(page);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^stack-002/ }).waitFor();
    await expect.poll(async () => (await focused(page)).tag).toBe('H1');
    expect((await focused(page)).label).toMatch(/^stack-002/);
    await page.context().close();
  });

  it('moves to the heading after a sidebar link', async () => {
    const page = await openStacks();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Hosts' })
      .focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Hosts' }).waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'H1', label: 'Hosts' });
    await page.context().close();
  });

  it('stays in the palette', async () => {
    const page = await openStacks();
    await page.getByRole('link', { name: 'stack-001', exact: true }).click();
    await page.getByRole('heading', { name: /^stack-001/ }).waitFor();
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Command palette' }).waitFor();
    await page.evaluate('history.back()');
    await page.getByRole('heading', { name: 'Stacks' }).waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'INPUT' });
    await page.context().close();
  });
});

describe('stacks grid windowing', () => {
  it('renders a bounded number of rows and scrolls to the last', async () => {
    const page = await openStacks();
    const grid = page.getByRole('grid');
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(STACK_COUNT + 1));
    expect(await renderedRows(page)).toBeLessThanOrEqual(MAX_RENDERED_ROWS);

    await page.mouse.move(640, 500);
    for (let step = 0; step < 200; step++) {
      if (await page.evaluate(AT_BOTTOM)) break;
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(20);
    }
    const last = grid.getByRole('link', { name: `stack-${STACK_COUNT}`, exact: true });
    await last.waitFor();
    expect(await last.isVisible()).toBe(true);
    const lastRow = page.locator(`tr[data-row-key="stack-${STACK_COUNT}"]`);
    expect(await lastRow.getAttribute('aria-rowindex')).toBe(String(STACK_COUNT + 1));
    expect(await renderedRows(page)).toBeLessThanOrEqual(MAX_RENDERED_ROWS);
    expect(await page.locator('tr[data-row-key="stack-100"]').count()).toBe(0);
    await page.context().close();
  });

  it('selects every filtered stack, rendered or not', async () => {
    const page = await openStacks();
    await page.getByLabel('Filter stacks').fill('h1');
    await expect.poll(() => page.getByRole('grid').getAttribute('aria-rowcount')).toBe('101');
    await page.getByRole('checkbox', { name: 'Select every shown stack' }).check();
    await page.getByText('100 selected').waitFor();
    expect(await renderedRows(page)).toBeLessThan(100);
    await page.context().close();
  });
});

describe.each(THEMES)('stacks grid focus in the %s theme', (theme) => {
  it('shows the focus ring on the focused stack', async () => {
    const page = await openStacks(theme);
    await tabIntoGrid(page);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatchObject({ row: 'stack-003', label: 'h1' });
    await screenshot(page, 'stacks-keyboard', theme);
    await page.context().close();
  });
});
