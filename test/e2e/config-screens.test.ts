import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THEMES, launchBrowser, openContext, screenshot } from './browser';
import type { ServedFarm } from './serve';
import { serveFarm } from './serve';

let browser: Browser;
const farms: ServedFarm[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(farms.map((farm) => farm.stop()));
});

async function served(files: Record<string, string>): Promise<ServedFarm> {
  const farm = await serveFarm(files);
  farms.push(farm);
  return farm;
}

const duplicate = readFileSync(
  join(import.meta.dirname, 'fixtures', 'duplicate-stack', 'compose-farm.yaml'),
  'utf8',
);

describe.each(THEMES)('config screens in the %s theme', (theme) => {
  it('shows a duplicate stack key as an error instead of a stack list', async () => {
    const farm = await served({ 'compose-farm.yaml': duplicate });
    const page = await (await openContext(browser, theme)).newPage();
    await page.goto(farm.url);
    await page.getByRole('heading', { name: /The config has a problem/ }).waitFor();
    const problems = await page.getByRole('list', { name: 'Config problems' }).innerText();
    expect(problems).toContain('jellyfin');
    expect(problems).toMatch(/compose-farm\.yaml:9:/);
    expect(problems).toMatch(/line 6/);
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await screenshot(page, 'config-error', theme);
    await page.context().close();
  });

  it('offers to create a config when none is found, then shows it', async () => {
    const farm = await served({});
    const page = await (await openContext(browser, theme)).newPage();
    await page.goto(farm.url);
    await page.getByRole('heading', { name: 'Set up compose-farm.yaml' }).waitFor();
    const suggested = join(farm.folder, 'xdg', 'compose-farm', 'compose-farm.yaml');
    expect(await page.getByLabel('File').first().inputValue()).toBe(suggested);
    await screenshot(page, 'first-run', theme);

    await page.getByRole('button', { name: 'Create config' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.locator('.card-title', { hasText: 'server-1' }).waitFor();
    expect(readFileSync(suggested, 'utf8')).toContain('compose_dir:');
    await page.context().close();
  });
});

describe('first run', () => {
  it('explains why an existing file cannot be used', async () => {
    const farm = await served({});
    const page = await (await openContext(browser, 'light')).newPage();
    await page.goto(farm.url);
    const field = page.getByPlaceholder('/path/to/compose-farm.yaml');
    await field.fill(join(farm.folder, 'compose-farm.yaml'));
    await page.getByRole('button', { name: 'Use this file' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.innerText()).toContain('does not exist');

    await field.fill('/etc/passwd');
    await page.getByRole('button', { name: 'Use this file' }).click();
    await expect.poll(() => alert.innerText()).toContain('not a place where the app looks');
    await page.context().close();
  });

  it('finds a config written by hand after a look again', async () => {
    const farm = await served({});
    const page = await (await openContext(browser, 'light')).newPage();
    await page.goto(farm.url);
    await page.getByRole('heading', { name: 'Set up compose-farm.yaml' }).waitFor();
    farm.write('compose-farm.yaml', 'hosts:\n  nas: 192.0.2.20\nstacks:\n  jellyfin: nas\n');
    await page.getByRole('button', { name: 'Look again' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.locator('.card-title', { hasText: 'nas' }).waitFor();
    await page.context().close();
  });
});
