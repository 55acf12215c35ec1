/**
 * A farm on the lab for the terminal and logs tests. It has a busybox stack on h1 to exec into,
 * a stack on two hosts that logs a line every half second, and a stack whose image comes from
 * the lab registry for raw pulls. The stack names are unusual, so that other tests on the same
 * lab do not touch these projects.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { dockerOn, labInfo, labProblems } from '../lab/lab';
import type { ServedFarm } from './serve';

export const BOX_STACK = 'cfterm-box';
export const LOGS_STACK = 'cfterm-logs';
export const PULL_STACK = 'cfterm-pull';
const REGISTRY_IMAGE = '127.0.0.1:5000/lab/app';
const TAGS = ['2.0', '1.1', '1.0'];

const TICKER =
  'i=0; while true; do i=$$((i+1)); ' +
  'echo "tick $$i from $$(cat /etc/hostname)"; sleep 0.5; done';

function busybox(command: string): string {
  return `services:
  box:
    image: local/busybox:1
    network_mode: none
    init: true
    command: ["sh", "-c", ${JSON.stringify(command)}]
`;
}

/** What the pull stack pulls, and where. */
export interface PullTarget {
  readonly host: string;
  readonly image: string;
  /** True when the host lacked the image, so the test pulled it and removes it again. */
  readonly fresh: boolean;
}

/** Returns the farm's files, with the lab's SSH config as the user's. */
export function terminalFarm(pull: Pick<PullTarget, 'host' | 'image'>): Record<string, string> {
  return {
    '.ssh/config': readFileSync(labInfo().sshConfig, 'utf8'),
    'compose-farm.yaml': `compose_dir: FARM/stacks
hosts:
  h1: {address: 127.0.0.11, port: 2222, user: root}
  h2: {address: 127.0.0.12, port: 2222, user: root}
  h3: {address: 127.0.0.13, port: 2222, user: root}
stacks:
  ${BOX_STACK}: h1
  ${LOGS_STACK}: [h1, h2]
  ${PULL_STACK}: ${pull.host}
`,
    [`stacks/${BOX_STACK}/compose.yaml`]: busybox('sleep 100000'),
    [`stacks/${LOGS_STACK}/compose.yaml`]: busybox(TICKER),
    [`stacks/${PULL_STACK}/compose.yaml`]: `services:
  app:
    image: ${pull.image}
    network_mode: none
`,
  };
}

export async function labIsUp(): Promise<boolean> {
  return (await labProblems()).length === 0;
}

/** Finds a lab host and a registry tag it lacks, so that a pull draws its progress. */
export async function pullTarget(): Promise<PullTarget> {
  for (const tag of TAGS) {
    for (const host of ['h3', 'h2', 'h1']) {
      const image = `${REGISTRY_IMAGE}:${tag}`;
      const found = await dockerOn(host, ['image', 'inspect', image]).then(
        () => true,
        () => false,
      );
      if (!found) return { host, image, fresh: true };
    }
  }
  return { host: 'h3', image: `${REGISTRY_IMAGE}:1.0`, fresh: false };
}

function composeOn(farm: ServedFarm, host: string, stack: string, args: string[]) {
  const folder = join(farm.folder, 'stacks', stack);
  return dockerOn(host, ['compose', '--project-directory', folder, '-p', stack, ...args]);
}

export async function startStacks(farm: ServedFarm): Promise<void> {
  await Promise.all([
    composeOn(farm, 'h1', BOX_STACK, ['up', '-d']),
    composeOn(farm, 'h1', LOGS_STACK, ['up', '-d']),
    composeOn(farm, 'h2', LOGS_STACK, ['up', '-d']),
  ]);
}

export async function removeStacks(farm: ServedFarm): Promise<void> {
  await Promise.allSettled([
    composeOn(farm, 'h1', BOX_STACK, ['down', '-t', '0']),
    composeOn(farm, 'h1', LOGS_STACK, ['down', '-t', '0']),
    composeOn(farm, 'h2', LOGS_STACK, ['down', '-t', '0']),
  ]);
}

/** Returns the text of the active terminal's visible rows, one right-trimmed string per row. */
export async function screenRows(page: Page): Promise<string[]> {
  const rows = page.locator('.terminal-pane:not([hidden]) .xterm-rows > div');
  const texts = await rows.allTextContents();
  // xterm's DOM renderer draws spaces as no-break spaces.
  return texts.map((text) => text.replaceAll('\u00a0', ' ').trimEnd());
}

/** Types a command into the active terminal and presses Enter. */
export async function typeCommand(page: Page, command: string): Promise<void> {
  await page.locator('.terminal-pane:not([hidden]) .xterm-helper-textarea').focus();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

/** Opens an entry of the command palette by its label. */
export async function runPaletteEntry(page: Page, label: string): Promise<void> {
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.waitFor();
  await page.keyboard.type(label);
  await palette.getByRole('option', { name: label }).first().waitFor();
  await page.keyboard.press('Enter');
  await palette.waitFor({ state: 'detached' });
}
