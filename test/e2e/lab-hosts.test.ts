/**
 * The app against the lab's real hosts: host checks, a new host key, apply previews and runs,
 * bulk actions with their output, an unreachable host and a changed host key. Skipped, like the
 * lab tests, when the lab is not running.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isSshdRunning,
  labProblems,
  restoreHostKey,
  rotateHostKey,
  startSshd,
  stopSshd,
} from '../lab/lab';
import type { Theme } from './browser';
import { THEMES, focusedElement, launchBrowser, openContext, screenshot } from './browser';
import { cleanLab, labFarm, projectsOn, stateText, writeLabConfig } from './lab-farm';
import type { ServedFarm } from './serve';
import { serveFarm } from './serve';

const problems = await labProblems();
if (problems.length > 0) console.log(`Lab browser tests skipped: ${problems.join('; ')}.`);

let browser: Browser;
let farm: ServedFarm;
let dir: string;
let home: string;

async function open(served: ServedFarm, theme: Theme, hash = ''): Promise<Page> {
  const context = await openContext(browser, theme);
  const page = await context.newPage();
  await page.goto(`${served.url}${hash}`);
  return page;
}

/** Takes the same view in the other theme for the screenshots. */
async function alsoDark(
  served: ServedFarm,
  hash: string,
  name: string,
  ready: (page: Page) => Promise<void>,
) {
  const page = await open(served, 'dark', hash);
  await ready(page);
  await screenshot(page, name, 'dark');
  await page.context().close();
}

describe.skipIf(problems.length > 0)('the app on the lab', () => {
  beforeAll(async () => {
    await cleanLab();
    ({ dir, home } = labFarm('h3'));
    [browser, farm] = await Promise.all([launchBrowser(), serveFarm({}, { home, folder: dir })]);
  });

  afterAll(async () => {
    // Put back what a failed test may have left, for the other users of the lab.
    if (!isSshdRunning('h2')) await startSshd('h2');
    await restoreHostKey('h1');
    await browser?.close();
    await farm?.stop();
    await cleanLab();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the hosts with their real state, and trusts a new host key', async () => {
    const page = await open(farm, 'light');
    const card = (host: string) => page.locator(`a.card[href="#/hosts/${host}"]`);
    await expect.poll(() => card('h1').innerText(), { timeout: 30_000 }).toContain('Reachable');
    await expect.poll(() => card('h2').innerText()).toContain('Reachable');
    await expect.poll(() => card('h3').innerText()).toContain('Unknown host key');
    await page.getByRole('grid', { name: 'Pending changes' }).waitFor();
    expect(await page.getByRole('grid', { name: 'Pending changes' }).innerText()).toMatch(
      /e2e-web\s+Start/,
    );
    await screenshot(page, 'dashboard-lab', 'light');
    await alsoDark(farm, '', 'dashboard-lab', (dark) =>
      dark.getByRole('grid', { name: 'Pending changes' }).waitFor(),
    );

    await page.goto(`${farm.url.replace(/\?.*/, '')}#/hosts/h3`);
    await page.getByRole('heading', { name: 'Unknown host key', exact: true }).waitFor();
    const fingerprint = await page.locator('.fingerprint').innerText();
    expect(fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    await screenshot(page, 'host-key-unknown', 'light');
    await alsoDark(farm, '#/hosts/h3', 'host-key-unknown', (dark) =>
      dark.getByRole('heading', { name: 'Unknown host key', exact: true }).waitFor(),
    );

    await page.getByRole('button', { name: 'Trust this key' }).click();
    await expect
      .poll(() => page.locator('h1').innerText(), { timeout: 20_000 })
      .toContain('Reachable');
    // OpenSSH's own lookup, because the entry is hashed where the system config sets
    // HashKnownHosts, as Debian's does.
    const knownHosts = join(home, '.ssh', 'known_hosts');
    const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.13]:2222', '-f', knownHosts], {
      encoding: 'utf8',
    });
    expect(found).toContain(' ssh-ed25519 ');
    await page.getByRole('heading', { name: 'Connection' }).waitFor();
    await screenshot(page, 'host-lab', 'light');
    await alsoDark(farm, '#/hosts/h3', 'host-lab', (dark) =>
      dark.getByRole('heading', { name: 'Connection' }).waitFor(),
    );
    await page.context().close();
  });

  it('previews an apply, runs only the ticked step after confirming, and shows the report', async () => {
    const page = await open(farm, 'light', '#/apply');
    const step = (id: string) => page.locator('.plan-step', { hasText: id });
    await step('e2e-web').waitFor({ timeout: 30_000 });
    await step('e2e-api').waitFor();
    expect(await page.getByLabel('State diff').innerText()).toContain('+ e2e-web: h1');
    await screenshot(page, 'apply-preview', 'light');
    await alsoDark(farm, '#/apply', 'apply-preview', (dark) =>
      dark.locator('.plan-step', { hasText: 'e2e-api' }).waitFor({ timeout: 30_000 }),
    );

    await step('e2e-api').getByRole('checkbox').uncheck();
    expect(await page.getByLabel('State diff').innerText()).not.toContain('e2e-api');
    await page.getByRole('button', { name: 'Apply 1 of 2…' }).click();
    // Nothing has run before the confirmation.
    expect(stateText(dir)).toBe('');
    await screenshot(page, 'apply-confirm', 'light');
    await page.getByRole('button', { name: 'Confirm and apply' }).click();
    await page.getByText('Applied: 1 succeeded.').waitFor({ timeout: 60_000 });
    // The report's heading takes the focus that the confirm button had.
    await expect.poll(() => focusedElement(page)).toMatchObject({ tag: 'H2', text: 'Report' });
    await screenshot(page, 'apply-report', 'light');

    expect(stateText(dir)).toBe('deployed:\n  e2e-web: h1\n');
    expect(await projectsOn('h1')).toEqual(['e2e-web']);
    expect(await projectsOn('h2')).toEqual([]);
    await page.context().close();
  });

  it('previews a migration after a config change and applies it', async () => {
    writeLabConfig(dir, { 'e2e-web': 'h2', 'e2e-api': 'h2' });
    const page = await open(farm, 'light', '#/apply');
    const migration = page.locator('.plan-step', { hasText: 'Migrate' });
    await migration.waitFor({ timeout: 30_000 });
    expect(await migration.innerText()).toMatch(/e2e-web\s+h1 → h2/);
    await page.locator('.plan-step', { hasText: 'e2e-api' }).getByRole('checkbox').uncheck();
    const diff = await page.getByLabel('State diff').innerText();
    expect(diff).toContain('- e2e-web: h1');
    expect(diff).toContain('+ e2e-web: h2');
    await page.getByRole('button', { name: 'Apply 1 of 2…' }).click();
    await page.getByRole('button', { name: 'Confirm and apply' }).click();
    await page.getByText('Applied: 1 succeeded.').waitFor({ timeout: 60_000 });

    expect(stateText(dir)).toBe('deployed:\n  e2e-web: h2\n');
    expect(await projectsOn('h1')).toEqual([]);
    expect(await projectsOn('h2')).toEqual(['e2e-web']);
    await page.context().close();
  });

  it('lists an unmanaged project among the pending changes', async () => {
    // e2e-web runs on h2; dropped from the config and the state file, neither file lists it.
    const statePath = join(dir, 'compose-farm-state.yaml');
    writeLabConfig(dir, { 'e2e-api': 'h2' });
    writeFileSync(statePath, 'deployed: {}\n');
    try {
      const page = await open(farm, 'light');
      const pending = page.getByRole('grid', { name: 'Pending changes' });
      await expect
        .poll(() => pending.innerText(), { timeout: 30_000 })
        .toMatch(/e2e-web\s+Unmanaged\s+h2/);
      await page.context().close();
    } finally {
      writeLabConfig(dir, { 'e2e-web': 'h2', 'e2e-api': 'h2' });
      writeFileSync(statePath, 'deployed:\n  e2e-web: h2\n');
    }
  });

  it.each(THEMES)('shows where stacks run and streams a bulk action (%s)', async (theme) => {
    const page = await open(farm, theme, '#/stacks');
    const row = page.locator('tbody tr', { hasText: 'e2e-web' });
    await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain('h2: running');
    expect(await row.innerText()).toMatch(/app\s+running/);
    await expect
      .poll(() => page.locator('tbody tr', { hasText: 'e2e-api' }).innerText())
      .toContain('h2: stopped');

    await page.getByLabel('Select every shown stack').check();
    await page
      .getByRole('group', { name: 'Stack actions' })
      .getByRole('button', { name: 'Restart' })
      .click();
    const output = page.getByRole('region', { name: 'Action output' });
    await output.getByText('[e2e-web] $ docker compose restart').waitFor({ timeout: 30_000 });
    await output.getByText(/Finished: 2 succeeded\./).waitFor({ timeout: 60_000 });
    // The two applies of the tests before, each of one step.
    expect(await output.getByRole('tab', { name: /^apply 1 action succeeded/ }).count()).toBe(2);
    await screenshot(page, 'stacks-live', theme);

    await page.goto(`${farm.url.replace(/\?.*/, '')}#/stacks/e2e-api`);
    const containers = page.getByRole('table', { name: 'Containers' });
    await containers.getByText('No container of this stack.').waitFor({ timeout: 30_000 });
    const headers = await containers.locator('thead th').allTextContents();
    const cells = await containers.locator('tbody tr').first().locator('td').allTextContents();
    expect(cells).toHaveLength(headers.length);
    expect(cells[headers.indexOf('Host')]).toBe('h2');
    expect(cells[headers.indexOf('Service')]).toBe('—');
    expect(cells[headers.indexOf('State')]).toBe('stopped');
    await screenshot(page, 'stack-stopped', theme);

    await page.goto(`${farm.url.replace(/\?.*/, '')}#/stacks/e2e-web`);
    await page.getByRole('table', { name: 'Containers' }).getByText('e2e-web-app-1').waitFor({
      timeout: 30_000,
    });
    await page.getByText('GREETING=hello').waitFor({ state: 'attached' });
    // The output of the finished action is still there.
    expect(await output.innerText()).toContain('Finished: 2 succeeded.');
    await screenshot(page, 'stack-live', theme);
    await page.context().close();
  });

  it('shows an unreachable host, and its stacks as unknown rather than stopped', async () => {
    await stopSshd('h2');
    // A fresh process connects anew; the running one keeps its open sessions to h2.
    const fresh = await serveFarm({}, { home, folder: dir });
    try {
      for (const theme of THEMES) {
        const page = await open(fresh, theme, '#/hosts/h2');
        await expect
          .poll(() => page.locator('h1').innerText(), { timeout: 30_000 })
          .toContain('Unreachable');
        await page
          .getByRole('alert')
          .getByText(/Cannot reach h2/)
          .waitFor();
        await screenshot(page, 'host-unreachable', theme);
        await page.goto(`${fresh.url.replace(/\?.*/, '')}#/stacks`);
        const row = page.locator('tbody tr', { hasText: 'e2e-web' });
        await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain('h2: unknown');
        expect(await row.innerText()).not.toContain('stopped');
        await page.context().close();
      }
    } finally {
      await fresh.stop();
      if (!isSshdRunning('h2')) await startSshd('h2');
    }
  });

  it('stops at a changed host key and shows both fingerprints and the line to remove', async () => {
    await rotateHostKey('h1');
    const fresh = await serveFarm({}, { home, folder: dir });
    try {
      for (const theme of THEMES) {
        const page = await open(fresh, theme, '#/hosts/h1');
        await page.getByRole('heading', { name: 'The host key has changed' }).waitFor({
          timeout: 30_000,
        });
        const text = await page
          .getByRole('region', { name: 'The host key has changed' })
          .innerText();
        expect(text.match(/SHA256:[A-Za-z0-9+/]{43}/g)?.length).toBe(2);
        expect(text).toContain(`${join(home, '.ssh', 'known_hosts')}:`);
        expect(text).toContain("ssh-keygen -R '[127.0.0.11]:2222'");
        await screenshot(page, 'host-key-changed', theme);
        await page.context().close();
      }
    } finally {
      await fresh.stop();
      await restoreHostKey('h1');
    }
  });
});
