import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Theme } from './browser';
import { THEMES, focusedElement, openContext, screenshot } from './browser';
import { LAB_FARM } from './farm';
import { serveFarm } from './serve';
import { useServedApp } from './served-app';

const app = useServedApp(LAB_FARM);

async function open(theme: Theme, hash = ''): Promise<Page> {
  const context = await openContext(app.browser, theme);
  const page = await context.newPage();
  await page.goto(`${app.farm.url}${hash}`);
  return page;
}

describe.each(THEMES)('the app in the %s theme', (theme) => {
  it('shows every host and the pending changes on the dashboard', async () => {
    const page = await open(theme);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const hosts = page.locator('.card-grid .card-title');
    await expect
      .poll(() => hosts.allInnerTexts())
      .toEqual([
        expect.stringContaining('h1'),
        expect.stringContaining('h2'),
        expect.stringContaining('h3'),
      ]);
    const pending = page.getByRole('grid', { name: 'Stacks the state file records elsewhere' });
    await pending.getByText('media').waitFor();
    expect(await pending.innerText()).toMatch(/media\s+Migrate\s+h1\s+h3/);
    expect(await pending.innerText()).toMatch(/db\s+Start/);
    expect(await pending.innerText()).toMatch(/wiki\s+Stop \(orphan\)\s+h2/);
    // The token leaves the address bar once the page has it.
    expect(page.url()).not.toContain('token=');
    await screenshot(page, 'dashboard', theme);
    await page.context().close();
  });

  it('lists, filters and sorts the stacks, and opens one from the keyboard', async () => {
    const page = await open(theme, '#/stacks');
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(5);
    await page.getByText('Asking the hosts…').waitFor({ state: 'detached' });
    await screenshot(page, 'stacks', theme);

    await page.getByRole('button', { name: 'State' }).click();
    expect(await rows.first().innerText()).toContain('Deployed');

    await page.getByLabel('Filter stacks').fill('h3');
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByLabel('Filter stacks').press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^(app|media|monitoring)/ }).waitFor();
    expect(page.url()).toMatch(/#\/stacks\/(app|media|monitoring)$/);
    await page.context().close();
  });

  it('shows a stack with its services, ports and mounts', async () => {
    const page = await open(theme, '#/stacks/web');
    await page.getByRole('heading', { name: /^web/ }).waitFor();
    const services = page.getByRole('table', { name: 'Services' });
    await services.getByText('nginx:1.27-alpine').waitFor();
    expect(await services.innerText()).toContain('8080:80/tcp');
    expect(await services.innerText()).toContain('127.0.0.1:8443:443/tcp');
    expect(await services.innerText()).toContain('cache:/var/cache/nginx');
    await screenshot(page, 'stack', theme);
    await page.context().close();
  });

  it('shows the hosts and one host with its stacks', async () => {
    const page = await open(theme, '#/hosts');
    await page.getByRole('cell', { name: '127.0.0.12', exact: true }).waitFor();
    const hostsTable = page.getByRole('table', { name: 'Hosts' });
    await hostsTable.getByText('root@127.0.0.12:2222').waitFor();
    expect(await hostsTable.innerText()).not.toContain('SSH default');
    await screenshot(page, 'hosts', theme);
    await page.getByRole('link', { name: 'h2', exact: true }).click();
    await page.getByRole('heading', { name: /^h2/ }).waitFor();
    expect(await page.getByRole('main').innerText()).toContain('wiki');
    await page.locator('.page-header').getByText('root@127.0.0.12:2222').waitFor();
    expect(await page.locator('.page-header').innerText()).not.toContain('else 22');
    const status = page.getByRole('region', { name: 'Status' });
    await status.getByText('Round trip').waitFor();
    // Each host key state reads as a phrase, not as the contract's value.
    await expect
      .poll(() => status.innerText())
      .toMatch(/HOST KEY\s+(Trusted|Accepted just now|Unknown: compare|Not checked yet)/);
    await screenshot(page, 'host', theme);
    await page.context().close();
  });

  it('opens the palette with Ctrl+K and goes where it is told', async () => {
    const page = await open(theme);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    await palette.getByRole('option', { name: /^media/ }).waitFor();
    expect(await palette.locator('.palette-group').allTextContents()).toEqual([
      'Go to',
      'Stacks',
      'Hosts',
      'Actions',
    ]);
    await screenshot(page, 'palette-empty', theme);
    await page.keyboard.type('medi');
    await screenshot(page, 'palette', theme);
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: /^media/ }).waitFor();
    expect(page.url()).toMatch(/#\/stacks\/media$/);

    await page.keyboard.press('Control+k');
    await page.keyboard.type('hosts');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Hosts' }).waitFor();

    await page.keyboard.press('Control+k');
    await palette.waitFor();
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('follows the system theme', async () => {
    const page = await open(theme);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    // A string, because this file is checked as Node code without the DOM types.
    const background = String(
      await page.evaluate('getComputedStyle(document.body).backgroundColor'),
    );
    const [red = 0, green = 0, blue = 0] = (background.match(/\d+/g) ?? []).map(Number);
    const brightness = (red + green + blue) / 3;
    if (theme === 'dark') expect(brightness).toBeLessThan(60);
    else expect(brightness).toBeGreaterThan(200);
    await page.context().close();
  });
});

describe('live updates', () => {
  it('shows a change of the state file without a reload', async () => {
    const page = await open('light', '#/stacks');
    const media = page.locator('tbody tr', { hasText: 'media' });
    await media.getByText('Needs migration').waitFor();
    app.farm.write(
      'compose-farm-state.yaml',
      'deployed:\n  web: h1\n  app: [h2, h3]\n  media: h3\n',
    );
    await media.getByText('Deployed').waitFor({ timeout: 10_000 });
    await page.context().close();
  });
});

describe('down', () => {
  it('asks before stopping, from the page and the palette', async () => {
    // Port 1 on loopback refuses at once, so a confirmed Down stops nothing anywhere.
    const closed = await serveFarm({
      'compose-farm.yaml': `compose_dir: FARM/stacks
hosts:
  h9: {address: 127.0.0.1, port: 1, user: root}
stacks:
  web: h9
`,
      'compose-farm-state.yaml': 'deployed:\n  web: h9\n',
      'stacks/web/compose.yaml': 'services:\n  nginx:\n    image: nginx:1.27-alpine\n',
    });
    try {
      const page = await (await openContext(app.browser, 'light')).newPage();
      await page.goto(`${closed.url}#/stacks/web`);
      const actions = page.getByRole('group', { name: 'Stack actions' });
      const dialog = page.getByRole('alertdialog', { name: 'Confirm down' });

      const downButton = actions.getByRole('button', { name: 'Down' });
      await downButton.click();
      await dialog.waitFor();
      await expect.poll(() => dialog.innerText()).toMatch(/web on h9/);
      const onCancel = { tag: 'BUTTON', text: 'Cancel', inDialog: true };
      const onDown = { tag: 'BUTTON', text: 'Down', inDialog: true };
      await expect.poll(() => focusedElement(page)).toEqual(onCancel);
      await screenshot(page, 'confirm-down', 'light');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await page.getByText('down web').count()).toBe(0);
      expect(await focusedElement(page)).toEqual({ tag: 'BUTTON', text: 'Down', inDialog: false });

      // Enter in the palette and Enter again lands on Cancel, which keeps the containers.
      await page.keyboard.press('Control+k');
      await page.keyboard.type('down web');
      await page.keyboard.press('Enter');
      await dialog.waitFor();
      expect(await page.getByText('down web').count()).toBe(0);
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      expect(await page.getByText('down web').count()).toBe(0);

      // Tab stays on the two buttons, and Shift+Tab from Cancel reaches Down.
      await page.keyboard.press('Control+k');
      await page.keyboard.type('down web');
      await page.keyboard.press('Enter');
      await dialog.waitFor();
      await page.keyboard.press('Tab');
      expect(await focusedElement(page)).toEqual(onDown);
      await page.keyboard.press('Tab');
      expect(await focusedElement(page)).toEqual(onCancel);
      await page.keyboard.press('Shift+Tab');
      expect(await focusedElement(page)).toEqual(onDown);
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('down web').first().waitFor();
      await page.context().close();
    } finally {
      await closed.stop();
    }
  });
});

describe('pages of names the config lacks', () => {
  it.each(THEMES)('stack page says not found, in the %s theme', async (theme) => {
    const page = await open(theme, '#/stacks/wbe');
    const main = page.getByRole('main');
    await main.getByRole('heading', { name: 'Stack “wbe” not found' }).waitFor();
    expect(await main.innerText()).not.toContain('stack-not-found');
    expect(await main.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    expect(await main.getByRole('link', { name: 'Back to Stacks' }).getAttribute('href')).toBe(
      '#/stacks',
    );
    await screenshot(page, 'stack-not-found', theme);

    await main.getByRole('link', { name: 'web', exact: true }).click();
    await page.getByRole('heading', { name: /^web/ }).waitFor();
    expect(page.url()).toMatch(/#\/stacks\/web$/);
    await page.context().close();
  });

  it('stack page without a near name', async () => {
    const page = await open('light', '#/stacks/nope');
    const main = page.getByRole('main');
    await main.getByRole('heading', { name: 'Stack “nope” not found' }).waitFor();
    expect(await main.innerText()).not.toContain('Did you mean');
    await main.getByRole('link', { name: 'Back to Stacks' }).click();
    await page.getByRole('heading', { name: 'Stacks' }).waitFor();
    await page.context().close();
  });

  it('host page says not found', async () => {
    const page = await open('light', '#/hosts/h4');
    const main = page.getByRole('main');
    await main.getByRole('heading', { name: 'Host “h4” not found' }).waitFor();
    expect(await main.innerText()).toContain('Did you mean h1?');
    expect(await main.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await main.getByRole('link', { name: 'Back to Hosts' }).waitFor();
    await page.context().close();
  });
});

describe('lists with one tab stop', () => {
  // A string, because this file is checked as Node code without the DOM types.
  const tabStops = (selector: string) =>
    `[...document.querySelector('${selector}').querySelectorAll('a[href], button')]
      .filter((element) => element.tabIndex === 0).length`;

  it('dashboard changes take arrow keys', async () => {
    const page = await open('light');
    const pending = page.getByRole('grid', { name: 'Stacks the state file records elsewhere' });
    const rows = pending.locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    const selector = '[aria-label="Stacks the state file records elsewhere"]';
    expect(await page.evaluate(tabStops(selector))).toBe(1);

    const firstLinks = await rows.nth(0).getByRole('link').allTextContents();
    const secondLinks = await rows.nth(1).getByRole('link').allTextContents();
    await rows.nth(0).getByRole('link').first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await focusedElement(page)).toMatchObject({ tag: 'A', text: secondLinks[0] });
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    expect(await focusedElement(page)).toMatchObject({ tag: 'A', text: firstLinks[1] });
    expect(await page.evaluate(tabStops(selector))).toBe(1);
    await page.context().close();
  });

  it('host stack lists take arrow keys', async () => {
    const page = await open('light', '#/hosts/h2');
    const configured = page.getByRole('list', { name: 'Configured here' });
    await configured.getByRole('link').first().waitFor();
    const selector = '[aria-label="Configured here"]';
    expect(await page.evaluate(tabStops(selector))).toBe(1);
    const names = await configured.getByRole('link').allTextContents();
    expect(names.length).toBeGreaterThan(1);

    await configured.getByRole('link', { name: names[0], exact: true }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await focusedElement(page)).toMatchObject({ tag: 'A', text: names[1] });
    await page.keyboard.press('End');
    expect(await focusedElement(page)).toMatchObject({ tag: 'A', text: names.at(-1) });
    await page.context().close();
  });
});
