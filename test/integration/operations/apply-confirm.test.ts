import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn as spawnPty } from 'node-pty';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeLab } from '../../lab/describe-lab';
import { labInfo } from '../../lab/lab';
import { cf, labHome } from '../../support/cf-process';
import { runningProjects } from './lab-helpers';

const CLI = fileURLToPath(new URL('../../../src/main/cli/index.ts', import.meta.url));
const TSX_LOADER = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const SLEEPER = 'services:\n  app:\n    image: local/busybox:1\n    command: ["sleep", "3600"]\n';

let dir: string;
let home: string;

/** Runs `cf ARGS` in a pseudo-terminal, answers its first question, and returns all it printed. */
function cfOnTerminal(
  args: readonly string[],
  answer: string,
): Promise<{ code: number; text: string }> {
  return new Promise((resolve) => {
    const terminal = spawnPty(process.execPath, ['--import', TSX_LOADER, CLI, ...args], {
      cols: 120,
      rows: 40,
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: home, USER: 'root', NO_COLOR: '1' },
    });
    let text = '';
    let answered = false;
    terminal.onData((data) => {
      text += data;
      if (!answered && text.includes('[y/N]')) {
        answered = true;
        terminal.write(`${answer}\r`);
      }
    });
    terminal.onExit(({ exitCode }) => resolve({ code: exitCode, text }));
  });
}

describeLab('apply on a terminal', () => {
  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'cf-apply-ask-')));
    home = labHome(labInfo().sshConfig);
    mkdirSync(join(dir, 'stacks', 'ask-web'), { recursive: true });
    writeFileSync(join(dir, 'stacks', 'ask-web', 'compose.yaml'), SLEEPER);
    const h1 = labInfo().hosts[0]!;
    writeFileSync(
      join(dir, 'compose-farm.yaml'),
      `compose_dir: ${join(dir, 'stacks')}\nhosts:\n  h1: {address: ${h1.address}, port: ${h1.port}, user: root}\nstacks:\n  ask-web: h1\n`,
    );
  });

  afterAll(async () => {
    await cf(['down', '--all'], { cwd: dir, home });
  });

  it('asks before it changes anything, and does nothing on no', async () => {
    const declined = await cfOnTerminal(['apply'], 'n');
    expect(declined.text).toContain('ask-web on h1');
    expect(declined.text).toContain('Apply this plan? [y/N]');
    expect(declined.text).toContain('Cancelled: nothing was changed.');
    expect(declined.code).toBe(0);
    expect(await runningProjects('h1', dir)).toEqual([]);
  });

  it('applies the plan on yes', async () => {
    const accepted = await cfOnTerminal(['apply'], 'y');
    expect(accepted.code).toBe(0);
    expect(await runningProjects('h1', dir)).toEqual(['ask-web']);
    expect(readFileSync(join(dir, 'compose-farm-state.yaml'), 'utf8')).toContain('ask-web: h1');
  });
});
