/**
 * The window's layout: how the pages use a wide window, the room left for the page below the
 * output panel and the terminals, and requests that fail while the app loads.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openContext, recordFailedRequests } from './browser';
import { LAB_FARM } from './farm';
import { serveFarm } from './serve';
import { useServedApp } from './served-app';

const app = useServedApp(LAB_FARM);

async function open(width: number, height: number, hash = ''): Promise<Page> {
  const context = await openContext(app.browser, 'light');
  const page = await context.newPage();
  await page.setViewportSize({ width, height });
  await page.goto(`${app.farm.url}${hash}`);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return page;
}

async function box(page: Page, selector: string) {
  const found = await page.locator(selector).first().boundingBox();
  if (found === null) throw new Error(`${selector} is not shown`);
  return found;
}

/** Measures the space between the element's right edge and the page area's right edge. */
async function gapOnTheRight(page: Page, selector: string): Promise<number> {
  const content = await box(page, '#content');
  const element = await box(page, selector);
  return content.x + content.width - (element.x + element.width);
}

describe('a wide window', () => {
  it('gives tables and cards its width', async () => {
    const page = await open(1920, 1080);
    const pending = page.getByRole('grid', { name: 'Stacks the state file records elsewhere' });
    await pending.waitFor();
    // The page keeps its padding, and the scroll bar may take some more.
    expect(await gapOnTheRight(page, '.table-wrap')).toBeLessThan(64);
    expect(await gapOnTheRight(page, '.card-grid')).toBeLessThan(64);

    await page.goto(`${app.farm.url}#/stacks/web`);
    await page.getByRole('table', { name: 'Services' }).waitFor();
    expect(await gapOnTheRight(page, '.table-wrap')).toBeLessThan(64);
    await page.context().close();
  });

  it('keeps prose to a readable line length', async () => {
    const page = await open(1920, 1080);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect((await box(page, '.page-header p')).width).toBeLessThan(1000);
    await page.context().close();
  });
});

describe('the window', () => {
  it('scrolls the page area, never the whole document', async () => {
    const page = await open(1280, 800);
    await page.getByRole('grid', { name: 'Stacks the state file records elsewhere' }).waitFor();
    // Strings, because this file is checked as Node code without the DOM types.
    const documentHeight = Number(await page.evaluate('document.documentElement.scrollHeight'));
    expect(documentHeight).toBe(800);
    await page.context().close();
  });

  it('loads without a failed request, favicon included', async () => {
    const context = await openContext(app.browser, 'dark');
    const page = await context.newPage();
    const failures = recordFailedRequests(page);
    await page.goto(app.farm.url);
    await page.getByRole('grid', { name: 'Stacks the state file records elsewhere' }).waitFor();
    await page.goto(`${app.farm.url.replace(/\?.*/, '')}#/hosts`);
    await page.getByRole('cell', { name: '127.0.0.12', exact: true }).waitFor();
    expect(failures).toEqual([]);

    const icon = page.locator('link[rel="icon"]');
    expect(await icon.getAttribute('type')).toBe('image/svg+xml');
    const loaded = await page.evaluate(
      `fetch(document.querySelector('link[rel="icon"]').href).then((r) => r.ok)`,
    );
    expect(loaded).toBe(true);
    await context.close();
  });
});

describe('the panels below the page', () => {
  it('resize from the keyboard and keep their height after a reload', async () => {
    const page = await open(1280, 900);
    await page.keyboard.press('Control+j');
    const output = page.getByRole('region', { name: 'Action output' });
    await output.waitFor();
    const before = (await box(page, '.action-panel')).height;
    const splitter = page.getByRole('separator', { name: 'Resize the action output' });
    await splitter.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => (await box(page, '.action-panel')).height).toBe(before + 48);
    expect(Number(await splitter.getAttribute('aria-valuenow'))).toBe(before + 48);

    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.keyboard.press('Control+j');
    await output.waitFor();
    expect((await box(page, '.action-panel')).height).toBe(before + 48);
    await page.context().close();
  });

  it('leave the page usable room with the output and terminals open', async () => {
    const page = await open(1280, 720);
    await page.keyboard.press('Control+j');
    await page.getByRole('region', { name: 'Action output' }).waitFor();
    await page.getByRole('button', { name: 'Terminals', exact: true }).click();
    const terminals = page.getByRole('separator', { name: 'Resize the terminals' });
    await terminals.focus();
    for (let step = 0; step < 12; step += 1) await page.keyboard.press('ArrowUp');
    const content = await box(page, '#content');
    expect(content.height).toBeGreaterThanOrEqual(200);
    const output = await box(page, '.action-panel');
    expect(output.height).toBeGreaterThanOrEqual(80);
    await page.context().close();
  });
});

describe('the stacks table', () => {
  const longName = 'a-stack-whose-name-is-longer-than-its-column';

  it('keeps stack names on one line', async () => {
    // Port 1 on loopback refuses at once, so the table needs no lab host.
    const farm = await serveFarm({
      'compose-farm.yaml': `compose_dir: FARM/stacks
hosts:
  h9: {address: 127.0.0.1, port: 1, user: root}
stacks:
  db: h9
  nu-agent: h9
  ${longName}: h9
`,
      'compose-farm-state.yaml': 'deployed: {}\n',
    });
    try {
      const page = await (await openContext(app.browser, 'light')).newPage();
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${farm.url}#/stacks`);
      const link = (name: string) => page.getByRole('link', { name, exact: true });
      await link('nu-agent').waitFor();

      const height = async (name: string) => (await link(name).boundingBox())?.height;
      const oneLine = await height('db');
      expect(oneLine).toBeGreaterThan(0);
      expect(await height('nu-agent')).toBe(oneLine);
      expect(await height(longName)).toBe(oneLine);
      expect(await link(longName).getAttribute('title')).toBe(longName);
      // Strings, because this file is checked as Node code without the DOM types.
      const clipped = await page.evaluate(`(() => {
        const links = [...document.querySelectorAll('#content a')];
        const long = links.find((element) => element.textContent === '${longName}');
        return long.scrollWidth > long.clientWidth;
      })()`);
      expect(clipped).toBe(true);
      await page.context().close();
    } finally {
      await farm.stop();
    }
  });

  it('disables every bulk button until a stack is ticked', async () => {
    const page = await open(1280, 800, '#/stacks');
    const bulk = page.getByRole('group', { name: 'Stack actions' });
    await page.getByRole('link', { name: 'web', exact: true }).waitFor();
    const buttons = bulk.getByRole('button');
    expect(await buttons.count()).toBe(5);
    const looks = () =>
      page.evaluate(`[...document.querySelectorAll('[aria-label="Stack actions"] button')].map(
        (element) => [element.disabled, getComputedStyle(element).backgroundColor, element.title],
      )`) as Promise<[boolean, string, string][]>;

    const idle = await looks();
    for (const [disabled] of idle) expect(disabled).toBe(true);
    expect(new Set(idle.map(([, background]) => background)).size).toBe(1);
    for (const [, , title] of idle) expect(title).toBe('Tick stacks to act on several at once.');
    expect(await bulk.getAttribute('aria-describedby')).not.toBeNull();

    await page.getByRole('checkbox', { name: 'Select web' }).check();
    const active = await looks();
    for (const [disabled] of active) expect(disabled).toBe(false);
    await page.context().close();
  });
});
