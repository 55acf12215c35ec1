import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { isLocalAddress } from '../../../src/main/core/executor/local-address';
import { LocalExecutor } from '../../../src/main/core/executor/local';
import type { PtyExit, PtySession } from '../../../src/main/core/executor/types';
import { HOSTILE_NAMES } from './hostile-names';

const silent = { debug() {}, info() {}, warn() {} };

function executor(options: { killGraceMs?: number } = {}): LocalExecutor {
  return new LocalExecutor('local', { logger: silent, ...options });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('isLocalAddress', () => {
  const interfaces = () => ['127.0.0.1', '::1', '192.0.2.2', 'fd00::2'];

  it.each(['localhost', 'local', '127.0.0.1', '::1', '[::1]', 'LOCALHOST', '192.0.2.2', 'fd00::2'])(
    '%s is this machine',
    (address) => expect(isLocalAddress(address, interfaces)).toBe(true),
  );

  it.each(['127.0.0.11', '127.0.0.12', '127.1.2.3', '192.0.2.20', 'nas-lab', '10.0.0.1'])(
    '%s is reached over SSH',
    (address) => expect(isLocalAddress(address, interfaces)).toBe(false),
  );

  it('does not count a loopback alias of lo as local', () => {
    expect(isLocalAddress('127.0.0.11', () => ['127.0.0.1', '127.0.0.11'])).toBe(false);
  });
});

describe('LocalExecutor.run', () => {
  it('returns exit code, output and labelled lines', async () => {
    const lines: string[] = [];
    const result = await executor().run({
      argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'],
      label: 'web',
      onLine: (line) => lines.push(`${line.label} ${line.stream} ${line.text}`),
    });
    expect(result.end).toEqual({ type: 'exit', code: 3 });
    expect(result.success).toBe(false);
    expect(result.stdout).toBe('out\n');
    expect(result.stderr).toBe('err\n');
    expect(lines.sort()).toEqual(['web stderr err', 'web stdout out']);
  });

  it('passes hostile arguments, folder and environment unchanged', async () => {
    const folder = mkdtempSync(join(tmpdir(), "cf local 'dir' $x "));
    const result = await executor().run({
      argv: ['sh', '-c', 'printf "%s\\0" "$PWD" "$V" "$@"', 'sh', ...HOSTILE_NAMES],
      cwd: folder,
      env: { V: '$(id) `x` ;' },
      capture: true,
    });
    expect(result.stdout.replace(/\n$/, '').split('\0')).toEqual([
      folder,
      '$(id) `x` ;',
      ...HOSTILE_NAMES,
      '',
    ]);
  });

  it('writes stdin to the program', async () => {
    const result = await executor().run({ argv: ['cat'], stdin: 'line one\nline two\n' });
    expect(result.stdout).toBe('line one\nline two\n');
  });

  it('reports a missing program and a missing folder as spawn failures', async () => {
    const missing = await executor().run({ argv: ['cf-no-such-program'] });
    expect(missing.end.type === 'error' && missing.end.error.code).toBe('spawn-failed');
    const noFolder = await executor().run({ argv: ['true'], cwd: '/nonexistent/cf-folder' });
    expect(noFolder.end.type === 'error' && noFolder.end.error.message).toContain(
      '/nonexistent/cf-folder does not exist',
    );
  });

  it('reports a signal', async () => {
    const result = await executor().run({ argv: ['sh', '-c', 'kill -TERM $$'] });
    expect(result.end).toEqual({ type: 'signal', signal: 'SIGTERM' });
  });

  it('cancels the whole process group', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-cancel-'));
    const pidFile = join(dir, 'child.pid');
    const controller = new AbortController();
    const running = executor().run({
      argv: ['sh', '-c', `sleep 300 & echo $! > '${pidFile}'; wait`],
      signal: controller.signal,
    });
    await waitUntil(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(isAlive(grandchild)).toBe(true);
    controller.abort();
    const result = await running;
    expect(result.end.type === 'error' && result.end.error.code).toBe('cancelled');
    await waitUntil(() => !isAlive(grandchild));
  });

  it('kills a command that ignores SIGTERM after the grace time', async () => {
    const result = await executor({ killGraceMs: 200 }).run({
      argv: ['sh', '-c', "trap '' TERM; sleep 30"],
      timeoutMs: 200,
    });
    expect(result.end.type === 'error' && result.end.error).toMatchObject({
      code: 'timeout',
      phase: 'command',
    });
    expect(result.durationMs).toBeLessThan(5000);
  });

  it('returns at once for a signal that was already aborted', async () => {
    const result = await executor().run({ argv: ['sleep', '5'], signal: AbortSignal.abort() });
    expect(result.end.type === 'error' && result.end.error.code).toBe('cancelled');
  });
});

function collect(session: PtySession): { text: () => string; exit: Promise<PtyExit> } {
  let text = '';
  session.onData((data) => (text += data));
  const exit = new Promise<PtyExit>((resolve) => session.onExit(resolve));
  return { text: () => text, exit };
}

describe('LocalExecutor.openPty (node-pty)', () => {
  it('shows characters split across reads whole', async () => {
    const commands = readFileSync(
      join(import.meta.dirname, 'fixtures/25-utf8-split-across-chunks/commands.txt'),
      'utf8',
    )
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'));
    const opened = await executor().openPty({
      argv: ['sh', '-c', commands.join('\n')],
      cols: 80,
      rows: 24,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const output = collect(opened.value);
    expect(await output.exit).toEqual({ type: 'exit', code: 0 });
    expect(output.text()).toBe('A─B\r\nC—D\r\nE…F\r\nG😀H\r\nI𐀀J\r\n');
  }, 15_000);

  it('resizes, takes input and reports the exit code', async () => {
    const opened = await executor().openPty({
      argv: ['sh', '-c', 'read line; stty size; echo "got $line"; exit 7'],
      cols: 80,
      rows: 24,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const session = opened.value;
    const output = collect(session);
    session.resize(100, 40);
    session.write('hello\r');
    expect(await output.exit).toEqual({ type: 'exit', code: 7 });
    expect(output.text()).toContain('40 100');
    expect(output.text()).toContain('got hello');
    session.dispose();
  });

  it('kills the program and reports the signal', async () => {
    const opened = await executor().openPty({ argv: ['sleep', '30'], cols: 80, rows: 24 });
    if (!opened.ok) throw new Error(opened.error.message);
    const output = collect(opened.value);
    opened.value.kill('SIGTERM');
    expect(await output.exit).toEqual({ type: 'signal', signal: 'SIGTERM' });
  });

  it('reports a program that cannot start as an error', async () => {
    const failing = new LocalExecutor('local', {
      logger: silent,
      spawnPty: () => Promise.reject(new Error('no terminal')),
    });
    const opened = await failing.openPty({ argv: ['sh'], cols: 80, rows: 24 });
    expect(opened.ok === false && opened.error.code).toBe('spawn-failed');
  });
});
