import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerOn, sshArgs } from '../lab/lab';
import type { Theme } from './browser';
import { THEMES, launchBrowser, openContext, screenshot } from './browser';
import type { ServedFarm } from './serve';
import { serveFarm } from './serve';
import type { PullTarget } from './terminal-farm';
import {
  BOX_STACK,
  LOGS_STACK,
  PULL_STACK,
  labIsUp,
  pullTarget,
  removeStacks,
  runPaletteEntry,
  screenRows,
  startStacks,
  terminalFarm,
  typeCommand,
} from './terminal-farm';

const run = promisify(execFile);
const SPLIT_CASE = join(
  import.meta.dirname,
  '..',
  'unit',
  'terminals',
  'fixtures',
  'utf8-split-across-chunks',
);
const labUp = await labIsUp();
if (!labUp) console.log('Terminal browser tests skipped: the lab is not running (npm run lab:up).');

let browser: Browser;
let farm: ServedFarm;
let pull: PullTarget;

interface Choice {
  readonly kind: 'Shell on a host' | 'Shell in a service (docker compose exec)' | string;
  readonly stack?: string;
  readonly service?: string;
  readonly shell?: string;
  readonly command?: string;
  readonly host?: string;
}

/** Opens a terminal through the dock's form and waits for its tab. */
async function openTerminal(page: Page, choice: Choice, tabLabel: string): Promise<void> {
  const dock = page.getByRole('region', { name: 'Terminals' });
  await dock.getByRole('button', { name: 'New terminal' }).click();
  const form = page.getByRole('form', { name: 'Open a terminal' });
  await form.getByLabel('Run', { exact: true }).selectOption({ label: choice.kind });
  if (choice.stack !== undefined)
    await form.getByLabel('Stack', { exact: true }).selectOption(choice.stack);
  if (choice.service !== undefined) {
    await form
      .getByLabel('Service', { exact: true })
      .locator(`option[value="${choice.service}"]`)
      .waitFor({
        state: 'attached',
      });
    await form.getByLabel('Service', { exact: true }).selectOption(choice.service);
  }
  if (choice.shell !== undefined)
    await form.getByLabel('Shell', { exact: true }).selectOption(choice.shell);
  if (choice.command !== undefined)
    await form.getByLabel('Command', { exact: true }).selectOption(choice.command);
  if (choice.host !== undefined)
    await form.getByLabel('Host', { exact: true }).selectOption(choice.host);
  await form.getByRole('button', { name: 'Open' }).click();
  await dock.getByRole('tab', { name: tabLabel }).waitFor({ timeout: 20_000 });
}

async function waitForScreen(page: Page, test: (rows: string[]) => boolean, timeout = 20_000) {
  let rows: string[] = [];
  const seen = await expect
    .poll(
      async () => {
        rows = await screenRows(page);
        return test(rows);
      },
      { timeout },
    )
    .toBe(true)
    .then(
      () => true,
      () => false,
    );
  // The screen as it was at the end explains more than "expected false to be true".
  expect(seen, `the terminal shows:\n${rows.join('\n')}`).toBe(true);
}

async function openApp(theme: Theme, hash = ''): Promise<Page> {
  const context = await openContext(browser, theme);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await page.goto(`${farm.url}${hash}`);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return page;
}

/** Puts `text` on the clipboard, as another program would. */
async function setClipboard(page: Page, text: string): Promise<void> {
  await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
}

async function remoteProcesses(pattern: string): Promise<string> {
  // The brackets keep pgrep from finding its own command line.
  const bracketed = `[${pattern[0]}]${pattern.slice(1)}`;
  const { stdout } = await run('ssh', [...sshArgs('h1'), `pgrep -af '${bracketed}' || true`]);
  return stdout;
}

describe.skipIf(!labUp)('terminals on the lab', () => {
  beforeAll(async () => {
    pull = await pullTarget();
    [browser, farm] = await Promise.all([launchBrowser(), serveFarm(terminalFarm(pull))]);
    await startStacks(farm);
  });

  afterAll(async () => {
    await browser?.close();
    if (farm !== undefined) {
      await removeStacks(farm);
      await farm.stop();
    }
    if (pull?.fresh) await dockerOn(pull.host, ['rmi', pull.image]).catch(() => undefined);
  });

  it('runs a command in a host shell and follows the window size', async () => {
    const page = await openApp('light');
    await openTerminal(page, { kind: 'Shell on a host', host: 'h1' }, 'h1');
    await typeCommand(page, 'echo "answer-$((6*7))"');
    await waitForScreen(page, (rows) => rows.includes('answer-42'));

    await typeCommand(page, 'stty size');
    let before = '';
    await waitForScreen(page, (rows) => {
      before = rows.find((row) => /^\d+ \d+$/.test(row)) ?? '';
      return before !== '';
    });
    await page.setViewportSize({ width: 900, height: 700 });
    await typeCommand(page, 'clear; stty size');
    await waitForScreen(page, (rows) =>
      rows.some((row) => /^\d+ \d+$/.test(row) && row !== before),
    );
    const [rows, cols] = (await screenRows(page))
      .find((row) => /^\d+ \d+$/.test(row))!
      .split(' ')
      .map(Number);
    expect(cols).toBeLessThan(Number(before.split(' ')[1]));
    expect(rows).toBeGreaterThan(3);
    await page.context().close();
  });

  it('shows characters split across reads whole', async () => {
    const commands = readFileSync(join(SPLIT_CASE, 'commands.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    const expected = readFileSync(join(SPLIT_CASE, 'expected-output.txt'), 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    const page = await openApp('light');
    await openTerminal(page, { kind: 'Shell on a host', host: 'h1' }, 'h1');
    await typeCommand(page, 'clear');
    // One at a time: keys typed while a command runs would be echoed between its bytes.
    for (const [index, command] of commands.entries()) {
      await typeCommand(page, command);
      await waitForScreen(page, (rows) => rows.includes(expected[index] ?? ''));
    }
    await page.getByRole('button', { name: 'Copy all' }).click();
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    const lines = copied.split('\n');
    for (const line of expected) expect(lines).toContain(line);
    const screen = copied;
    expect(screen).not.toContain('\ufffd');
    await page.context().close();
  });

  it('lets the keyboard leave a terminal and reach the palette', async () => {
    const page = await openApp('light');
    await openTerminal(page, { kind: 'Shell on a host', host: 'h1' }, 'h1');
    const input = page.locator('.terminal-pane:not([hidden]) .xterm-helper-textarea');
    await input.focus();
    // Ctrl+K alone belongs to the shell; with Shift it opens the palette.
    await page.keyboard.press('Control+Shift+K');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });

    await input.focus();
    await page.keyboard.press('Control+Shift+ArrowUp');
    const focused = page.locator(':focus');
    expect(await focused.getAttribute('role')).toBe('tab');
    expect(await focused.innerText()).toContain('h1');
    await page.keyboard.press('Tab');
    expect(String(await page.evaluate('document.activeElement?.className ?? ""'))).not.toContain(
      'xterm-helper-textarea',
    );
    await page.context().close();
  });

  it('pastes the clipboard with Ctrl+Shift+V', async () => {
    const page = await openApp('light');
    await openTerminal(page, { kind: 'Shell on a host', host: 'h1' }, 'h1');
    await typeCommand(page, 'clear');
    const command = 'echo "pasted-$((6*7)) ✓ é"';
    await setClipboard(page, command);
    await page.locator('.terminal-pane:not([hidden]) .xterm-helper-textarea').focus();
    await page.keyboard.press('Control+Shift+V');
    // The pasted line waits at the prompt, whole, until Enter runs it.
    await waitForScreen(page, (rows) => rows.some((row) => row.endsWith(command)));
    await page.keyboard.press('Enter');
    await waitForScreen(page, (rows) => rows.includes('pasted-42 ✓ é'));
    await page.context().close();
  });

  it('pastes a long text whole', async () => {
    // Longer than one write to main (16 KiB), with characters of two and three bytes.
    const lines = Array.from(
      { length: 600 },
      (_, index) => `line ${String(index + 1).padStart(4, '0')} ${'é✓'.repeat(12)} end`,
    );
    const text = `${lines.join('\n')}\n`;
    expect(text.length).toBeGreaterThan(16 * 1024);
    const digest = createHash('sha256').update(text).digest('hex');

    const page = await openApp('light');
    await openTerminal(page, { kind: 'Shell on a host', host: 'h1' }, 'h1');
    // Without echo, so that the screen shows the result rather than the text again. Once
    // "ready" shows, the shell has left bracketed paste mode, which would wrap the text.
    await typeCommand(page, 'clear; f=$(mktemp); stty -echo; echo "ready-$((6*7))"; cat > "$f"');
    await waitForScreen(page, (rows) => rows.includes('ready-42'));
    await setClipboard(page, text);
    await page.keyboard.press('Control+Shift+V');
    await page.keyboard.press('Control+D');
    await typeCommand(page, 'stty echo; echo "got $(wc -l < "$f") $(sha256sum < "$f")"; rm "$f"');
    await waitForScreen(page, (rows) => rows.some((row) => row.startsWith('got ')));
    const got = (await screenRows(page)).find((row) => row.startsWith('got ')) ?? '';
    expect(got).toBe(`got 600 ${digest}  -`);
    await page.context().close();
  });

  it('copies the selected text with Ctrl+Shift+C', async () => {
    const page = await openApp('light');
    await openTerminal(page, { kind: 'Shell on a host', host: 'h1' }, 'h1');
    await typeCommand(page, 'clear; echo "copy $((6*7)) and me"');
    await waitForScreen(page, (rows) => rows.includes('copy 42 and me'));
    await setClipboard(page, 'not copied yet');

    // Drags across the output line, from its first character to past its end.
    const row = page
      .locator('.terminal-pane:not([hidden]) .xterm-rows > div')
      .filter({ hasText: /^copy 42 and me\s*$/ });
    const text = await row.locator('span').first().boundingBox();
    if (text === null) throw new Error('The output line is not on the screen');
    const middle = text.y + text.height / 2;
    await page.mouse.move(text.x + 1, middle);
    await page.mouse.down();
    await page.mouse.move(text.x + text.width + 20, middle, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.press('Control+Shift+C');

    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe('copy 42 and me');
    // The keys copied rather than interrupting the shell: it still runs commands.
    await typeCommand(page, 'echo "still-$((6*7))"');
    await waitForScreen(page, (rows) => rows.includes('still-42'));
    expect((await screenRows(page)).join('\n')).not.toContain('^C');
    await page.context().close();
  });

  it('runs a shell inside a service with docker compose exec', async () => {
    const page = await openApp('light');
    await openTerminal(
      page,
      {
        kind: 'Shell in a service (docker compose exec)',
        stack: BOX_STACK,
        service: 'box',
        shell: 'sh',
      },
      `${BOX_STACK}/box@h1`,
    );
    await typeCommand(page, 'test -f /.dockerenv && echo "inside-$(cat /etc/hostname)"');
    const { stdout } = await dockerOn('h1', [
      'ps',
      '-q',
      '--filter',
      `label=com.docker.compose.project=${BOX_STACK}`,
    ]);
    const containerId = stdout.trim().slice(0, 12);
    await waitForScreen(page, (rows) => rows.some((row) => row === `inside-${containerId}`));
    await typeCommand(page, 'exit 3');
    const tab = page.getByRole('tab', { name: new RegExp(`${BOX_STACK}/box@h1`) });
    await tab.getByText('exit 3').waitFor();
    await page.getByRole('button', { name: `Close ${BOX_STACK}/box@h1` }).click();

    // Closing a running exec ends what it started inside the container too.
    await openTerminal(
      page,
      { kind: 'Shell in a service (docker compose exec)', stack: BOX_STACK, service: 'box' },
      `${BOX_STACK}/box@h1`,
    );
    await waitForScreen(page, (rows) => rows.some((row) => row.startsWith('/ #')));
    await typeCommand(page, 'sleep 4242');
    const inContainer = async () =>
      (await dockerOn('h1', ['exec', containerId, 'ps'])).stdout.includes('sleep 4242');
    await expect.poll(inContainer, { timeout: 15_000 }).toBe(true);
    await page.getByRole('button', { name: `Close ${BOX_STACK}/box@h1` }).click();
    await expect.poll(inContainer, { timeout: 15_000 }).toBe(false);
    await page.context().close();
  });

  it('shows compose’s own progress in a raw pull', async () => {
    const page = await openApp('light');
    await openTerminal(
      page,
      { kind: 'Compose command with its progress bars', stack: PULL_STACK, command: 'pull' },
      `pull ${PULL_STACK}@${pull.host}`,
    );
    const tab = page.getByRole('tab', { name: new RegExp(`pull ${PULL_STACK}`) });
    await tab.getByText('exit 0').waitFor({ timeout: 60_000 });
    const screen = (await screenRows(page)).join('\n');
    expect(screen).toMatch(/Pull(ed|ing)/);
    expect(screen).toContain('app');
    expect(screen).toContain('exited with code 0');
    await page.context().close();
  });

  it('ends the remote process when its tab is closed', async () => {
    const page = await openApp('light');
    await runPaletteEntry(page, 'Shell on h1');
    await page.getByRole('tab', { name: 'h1' }).waitFor({ timeout: 20_000 });
    await typeCommand(page, 'sleep 31337');
    await expect.poll(() => remoteProcesses('sleep 31337'), { timeout: 15_000 }).toContain('sleep');
    await page.getByRole('button', { name: 'Close h1' }).click();
    await expect
      .poll(() => remoteProcesses('sleep 31337'), { timeout: 15_000 })
      .not.toContain('sleep 31337');
    await page.context().close();
  });

  it('streams stack logs from both hosts', async () => {
    const page = await openApp('light', `#/logs/${LOGS_STACK}`);
    const log = page.getByRole('log', { name: 'Log lines' });
    await expect
      .poll(async () => (await log.locator('.host-mark').allTextContents()).sort().join(','), {
        timeout: 20_000,
      })
      .toMatch(/h1.*h2/);
    await page.getByRole('heading', { name: `Logs of ${LOGS_STACK} on h1 and h2` }).waitFor();
    // Both hosts tick every half second, so their lines alternate in time order.
    await page.getByLabel('Timestamps').check();
    await expect
      .poll(() => log.locator('.log-time').count(), { timeout: 20_000 })
      .toBeGreaterThan(10);
    const times = await log.locator('.log-time').allTextContents();
    expect(times).toEqual([...times].sort());
    const marks = await log.locator('.host-mark').allTextContents();
    expect(marks.slice(-10)).toContain('h1');
    expect(marks.slice(-10)).toContain('h2');
    await page.getByLabel('Timestamps').uncheck();
    const h2Container = (
      await dockerOn('h2', [
        'ps',
        '-q',
        '--filter',
        `label=com.docker.compose.project=${LOGS_STACK}`,
      ])
    ).stdout
      .trim()
      .slice(0, 12);
    await page.getByLabel('Filter log lines').fill(`from ${h2Container}`);
    await expect.poll(() => log.locator('.log-line').count()).toBeGreaterThan(0);
    expect(new Set(await log.locator('.host-mark').allTextContents())).toEqual(new Set(['h2']));
    await page.getByLabel('Filter log lines').fill('');
    // The list renders only the rows in view, so the line counter is the count of shown lines.
    const counter = page.locator('.logs-page [aria-live="polite"]').filter({ hasText: / lines/ });
    const shown = async () => Number((await counter.innerText()).replace(/\D/g, ''));
    await page.getByRole('button', { name: 'Pause' }).click();
    const frozen = await shown();
    await page.getByRole('button', { name: /Resume \(\d+ new\)/ }).waitFor({ timeout: 10_000 });
    expect(await shown()).toBe(frozen);
    await page.getByRole('button', { name: /Resume/ }).click();
    await expect.poll(shown).toBeGreaterThan(frozen);
    await page.context().close();
  });

  describe.each(THEMES)('screenshots in the %s theme', (theme) => {
    it('shows each kind of terminal and the logs view', async () => {
      const page = await openApp(theme);
      await openTerminal(page, { kind: 'Shell on a host', host: 'h1' }, 'h1');
      await typeCommand(
        page,
        'clear; uname -sr; printf "\\033[32mgreen\\033[0m \\033[1;34mblue\\033[0m ─ … 😀\\n"; ls -la / | head -8',
      );
      await waitForScreen(page, (rows) => rows.some((row) => row.startsWith('green blue')));
      await screenshot(page, 'terminal-shell', theme);

      await openTerminal(
        page,
        {
          kind: 'Shell in a service (docker compose exec)',
          stack: BOX_STACK,
          service: 'box',
          shell: 'sh',
        },
        `${BOX_STACK}/box@h1`,
      );
      await waitForScreen(page, (rows) => rows.some((row) => row.startsWith('/ #')));
      await typeCommand(page, 'ps; df -h / | tail -1');
      await waitForScreen(page, (rows) => rows.some((row) => row.includes('PID')));
      await screenshot(page, 'terminal-exec', theme);

      // Without the image, the pull has layers to fetch and draws its progress.
      if (pull.fresh) await dockerOn(pull.host, ['rmi', pull.image]).catch(() => undefined);
      await openTerminal(
        page,
        { kind: 'Compose command with its progress bars', stack: PULL_STACK, command: 'pull' },
        `pull ${PULL_STACK}@${pull.host}`,
      );
      await page
        .getByRole('tab', { name: new RegExp(`pull ${PULL_STACK}`) })
        .getByText('exit 0')
        .waitFor({ timeout: 60_000 });
      await screenshot(page, 'terminal-pull', theme);

      await page.goto(`${farm.url}#/logs/${LOGS_STACK}`);
      await page.getByRole('log', { name: 'Log lines' }).locator('.host-mark').first().waitFor();
      await page.waitForTimeout(1500);
      await screenshot(page, 'logs', theme);
      await page.context().close();
    });
  });
});
