/**
 * Image updates, Glances stats and the digest history in the app, against the lab: its
 * registry, a Glances web server for one host, and a stack that cf up and cf refresh ran.
 * Skipped, like the other lab tests, when the lab is not running.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerOn, labInfo, labProblems } from '../lab/lab';
import { cf, labHome } from '../support/cf-process';
import type { Theme } from './browser';
import { THEMES, launchBrowser, openContext, screenshot } from './browser';
import {
  APP_HOST,
  APP_STACK,
  hasImage,
  monitoringFarm,
  removeStack,
  serveIn,
  startGlances,
  stopProcess,
} from './monitoring-farm';

const problems = await labProblems();
if (problems.length > 0) console.log(`Monitoring browser tests skipped: ${problems.join('; ')}.`);

let browser: Browser;
let served: { url: string; stop: () => Promise<void> } | undefined;
let glances: ChildProcess | undefined;
let dir: string;
let home: string;
let image: string;
let imageWasThere = true;

async function open(theme: Theme, hash: string): Promise<Page> {
  const context = await openContext(browser, theme);
  const page = await context.newPage();
  await page.goto(`${served?.url}${hash}`);
  return page;
}

/** Opens the view in each theme, waits until `ready`, and saves a screenshot of it. */
async function inBothThemes(hash: string, name: string, ready: (page: Page) => Promise<void>) {
  for (const theme of THEMES) {
    const page = await open(theme, hash);
    await ready(page);
    await screenshot(page, name, theme);
    await page.context().close();
  }
}

describe.skipIf(problems.length > 0)('updates, Glances and digests on the lab', () => {
  beforeAll(async () => {
    ({ dir, image } = monitoringFarm());
    home = labHome(labInfo().sshConfig);
    await removeStack(APP_HOST, APP_STACK);
    imageWasThere = await hasImage(APP_HOST, image);

    const up = await cf(['up', APP_STACK], { cwd: dir, home });
    if (up.code !== 0) throw new Error(`cf up ${APP_STACK} failed:\n${up.stdout}${up.stderr}`);
    const refresh = await cf(['refresh'], { cwd: dir, home });
    if (refresh.code !== 0)
      throw new Error(`cf refresh failed:\n${refresh.stdout}${refresh.stderr}`);

    glances = await startGlances(APP_HOST);
    [browser, served] = await Promise.all([launchBrowser(), serveIn(dir, home)]);
  });

  afterAll(async () => {
    await stopProcess(glances);
    await browser?.close();
    await served?.stop();
    if (dir !== undefined) {
      await cf(['down', APP_STACK], { cwd: dir, home }).catch(() => undefined);
    }
    await removeStack(APP_HOST, APP_STACK);
    // The host pulled the image for this test only if it did not have it before.
    if (!imageWasThere) await dockerOn(APP_HOST, ['rmi', image]).catch(() => undefined);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });

  it('stacks table check shows newer tags', async () => {
    const page = await open('light', '#/stacks');
    const row = page.locator('tr', { hasText: APP_STACK });
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('not checked');

    await page.getByRole('button', { name: 'Check for updates' }).click();
    await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain('Newer tags');
    expect(await row.innerText()).toContain('2.0');
    await page.context().close();

    await inBothThemes('#/stacks', 'stacks-updates', async (stacksPage) => {
      const stackRow = stacksPage.locator('tr', { hasText: APP_STACK });
      await expect.poll(() => stackRow.innerText(), { timeout: 15_000 }).toContain('Newer tags');
      await expect.poll(() => stackRow.innerText(), { timeout: 30_000 }).toContain('running');
    });

    // Main kept the result, so the stack page shows it without asking the registry again.
    await inBothThemes(`#/stacks/${APP_STACK}`, 'stack-updates', async (stackPage) => {
      const tags = stackPage.getByLabel('Newer tags of app, newest first').locator('.chip');
      await expect.poll(() => tags.allInnerTexts(), { timeout: 15_000 }).toEqual(['2.0', '1.1']);
      const updates = stackPage.getByRole('table', { name: 'Image updates' });
      expect(await updates.innerText()).toContain(image);
      expect(await updates.innerText()).toMatch(/Same as running|Tag moved/);
      await stackPage.getByRole('table', { name: 'Digest history' }).waitFor();
      await stackPage
        .getByRole('heading', { name: /^Image updates/ })
        .evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    });
  });

  it('digest history after cf refresh', async () => {
    const page = await open('light', `#/stacks/${APP_STACK}`);
    const history = page.getByRole('table', { name: 'Digest history' });
    await history.waitFor({ timeout: 15_000 });
    const text = await history.innerText();
    expect(text).toContain(APP_HOST);
    expect(text).toContain(image);
    expect(text).toMatch(/sha256:[0-9a-f]{12}/);
    await page.context().close();
  });

  it('Glances cards live and offline', async () => {
    await inBothThemes('', 'dashboard-glances', async (page) => {
      const card = (host: string) => page.locator('.card', { hasText: host });
      const stats = card(APP_HOST).getByLabel(`Glances stats of ${APP_HOST}`);
      await expect.poll(() => stats.innerText(), { timeout: 30_000 }).toMatch(/cpu\s+\d+\.\d%/i);
      expect(await stats.innerText()).toMatch(/load\s+\d+\.\d\d/i);
      await expect
        .poll(() => card('h1').innerText(), { timeout: 15_000 })
        .toContain('Glances offline');
      await expect.poll(() => card('h1').innerText(), { timeout: 30_000 }).toContain('Reachable');
    });

    await inBothThemes(`#/hosts/${APP_HOST}`, 'host-glances', async (page) => {
      const stats = page.getByLabel(`Glances stats of ${APP_HOST}`);
      await expect.poll(() => stats.innerText(), { timeout: 30_000 }).toMatch(/memory\s+\d+\.\d%/i);
      const containers = page.getByRole('table', { name: `Containers on ${APP_HOST}` });
      await expect
        .poll(() => containers.innerText().catch(() => ''), { timeout: 30_000 })
        .toContain(`${APP_STACK}-app-1`);
    });

    await inBothThemes('#/hosts/h1', 'host-glances-offline', async (page) => {
      const offline = page.getByRole('status').filter({ hasText: 'Glances offline' });
      await offline.waitFor({ timeout: 15_000 });
      expect(await offline.innerText()).toContain('127.0.0.11');
    });
  });
});
