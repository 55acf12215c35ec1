import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

import type { Executors, PtyExit, PtySession } from '../../../src/main/core/executor/types';
import { describeLab } from '../../lab/describe-lab';
import { HOSTILE_NAMES } from '../../unit/executor/hostile-names';
import {
  labExecutors,
  labHome,
  labHost,
  processesMatching,
  recordLogs,
  waitUntil,
} from './helpers';

const UTF8_CASE = join(
  import.meta.dirname,
  '../../unit/executor/fixtures/25-utf8-split-across-chunks',
);

function utf8Commands(): string[] {
  return readFileSync(join(UTF8_CASE, 'commands.txt'), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function collect(session: PtySession): { text: () => string; exit: Promise<PtyExit> } {
  let text = '';
  session.onData((data) => (text += data));
  const exit = new Promise<PtyExit>((resolve) => session.onExit(resolve));
  return { text: () => text, exit };
}

describeLab('remote executor on the lab hosts', () => {
  let executors: Executors;
  const logs = recordLogs();

  beforeAll(() => {
    executors = labExecutors(labHome(), { logger: logs.logger });
  });
  afterAll(async () => {
    await executors.closeAll();
  });

  it.each(['h1', 'h2', 'h3'])('passes hostile names to a program on %s literally', async (name) => {
    const executor = executors.forHost(labHost(name));
    const result = await executor.run({
      argv: ['sh', '-c', 'printf "%s\\0" "$PWD" "$HOSTILE" "$@"', 'sh', ...HOSTILE_NAMES],
      cwd: '/tmp',
      env: { HOSTILE: '$(id) `id` ;\'"' },
    });
    expect(result.end).toEqual({ type: 'exit', code: 0 });
    expect(result.stdout.replace(/\n$/, '').split('\0')).toEqual([
      '/tmp',
      '$(id) `id` ;\'"',
      ...HOSTILE_NAMES,
      '',
    ]);
  });

  it('reaches the host’s own engine and reports exit codes and stderr', async () => {
    const executor = executors.forHost(labHost('h2'));
    const result = await executor.run({
      argv: ['sh', '-c', 'echo "$DOCKER_HOST"; echo oops >&2; exit 4'],
      label: 'web@h2',
    });
    expect(result).toMatchObject({
      success: false,
      label: 'web@h2',
      end: { type: 'exit', code: 4 },
    });
    expect(result.stdout).toContain('/h2/docker.sock');
    expect(result.stderr).toBe('oops\n');
  });

  it('streams lines with characters split across SSH reads whole', async () => {
    const executor = executors.forHost(labHost('h1'));
    const lines: string[] = [];
    const result = await executor.run({
      argv: ['sh', '-c', utf8Commands().join('\n')],
      onLine: (line) => lines.push(line.text),
    });
    expect(result.success).toBe(true);
    expect(lines.map((line) => `${line}\n`).join('')).toBe(
      readFileSync(join(UTF8_CASE, 'expected-output.txt'), 'utf8'),
    );
  });

  it('runs 30 commands at once on one host, all on one connection', async () => {
    const executor = executors.forHost(labHost('h3'));
    const before = logs.lines.filter((line) => line.includes('ssh:h3 connected')).length;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        executor.run({ argv: ['sh', '-c', `sleep 0.2; echo ${index}`] }),
      ),
    );
    expect(results.map((result) => result.stdout)).toEqual(
      Array.from({ length: 30 }, (_, index) => `${index}\n`),
    );
    const after = logs.lines.filter((line) => line.includes('ssh:h3 connected')).length;
    expect(after - before).toBeLessThanOrEqual(1);
  });

  it('writes stdin to the remote program', async () => {
    const result = await executors.forHost(labHost('h1')).run({ argv: ['cat'], stdin: 'a\nb\n' });
    expect(result.stdout).toBe('a\nb\n');
  });

  it('cancels a command and the remote process is gone afterwards', async () => {
    const executor = executors.forHost(labHost('h1'));
    const marker = `sleep 314${process.pid % 1000}.5`;
    const controller = new AbortController();
    const running = executor.run({
      argv: ['sh', '-c', `${marker}; echo never`],
      signal: controller.signal,
    });
    await waitUntil(() => processesMatching(marker).length > 0);
    controller.abort();
    const result = await running;
    expect(result.end.type === 'error' && result.end.error.code).toBe('cancelled');
    expect(result.stdout).toBe('');
    await waitUntil(() => processesMatching(marker).length === 0);
  });

  it('stops a command that runs past its timeout', async () => {
    const marker = `sleep 271${process.pid % 1000}.5`;
    const result = await executors.forHost(labHost('h2')).run({
      argv: ['sh', '-c', marker],
      timeoutMs: 500,
    });
    expect(result.end.type === 'error' && result.end.error).toMatchObject({
      code: 'timeout',
      phase: 'command',
      host: 'h2',
    });
    await waitUntil(() => processesMatching(marker).length === 0);
  });

  it('reports a program killed by a signal', async () => {
    const result = await executors.forHost(labHost('h1')).run({
      argv: ['sh', '-c', 'kill -KILL $$'],
    });
    expect(result.end).toEqual({ type: 'signal', signal: 'SIGKILL' });
  });

  it('opens a terminal that decodes split characters and follows resizes', async () => {
    const executor = executors.forHost(labHost('h1'));
    const opened = await executor.openPty({
      argv: [
        'sh',
        '-c',
        `${utf8Commands().join('\n')}\nread line; stty size; echo "got $line"; exit 3`,
      ],
      cols: 80,
      rows: 24,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const session = opened.value;
    const output = collect(session);
    await waitUntil(() => output.text().includes('I𐀀J'));
    session.resize(120, 40);
    session.write('hello\r');
    expect(await output.exit).toEqual({ type: 'exit', code: 3 });
    expect(output.text()).toContain('A─B\r\nC—D\r\nE…F\r\nG😀H\r\nI𐀀J\r\n');
    expect(output.text()).toContain('40 120');
    expect(output.text()).toContain('got hello');
    expect(output.text()).not.toContain('\ufffd');
    session.dispose();
  });

  it('opens a login shell and ends it with kill', async () => {
    const opened = await executors.forHost(labHost('h2')).openPty({ cols: 80, rows: 24 });
    if (!opened.ok) throw new Error(opened.error.message);
    const output = collect(opened.value);
    opened.value.write('echo "shell on $DOCKER_HOST"\n');
    await waitUntil(() => output.text().includes('shell on unix://'));
    opened.value.write('exit 5\n');
    expect(await output.exit).toEqual({ type: 'exit', code: 5 });
    opened.value.dispose();
  });

  it('gives shells a UTF-8 locale', async () => {
    const opened = await executors.forHost(labHost('h2')).openPty({ cols: 80, rows: 24 });
    if (!opened.ok) throw new Error(opened.error.message);
    const output = collect(opened.value);
    await waitUntil(() => output.text().includes('# '));
    // A shell in the C locale would read the bytes of "é" as two keys of their own.
    for (const character of 'echo "[$LANG] x-é-😀-y"\r') {
      opened.value.write(character);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitUntil(() => output.text().includes('[C.UTF-8] x-é-😀-y'));
    opened.value.write('exit\n');
    await output.exit;
    opened.value.dispose();
  });

  it('logs which login method succeeded, and no output or secrets', () => {
    expect(
      logs.lines.some((line) => /connected to root@127\.0\.0\.11:2222 with key /.test(line)),
    ).toBe(true);
    expect(logs.lines.some((line) => line.includes('A─B') || line.includes('got hello'))).toBe(
      false,
    );
  });
});
