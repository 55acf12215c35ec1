import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateFileError } from '../../../src/main/core/state/errors';
import { readState } from '../../../src/main/core/state/file';
import { acquireStateLock, lockFilePath } from '../../../src/main/core/state/lock';
import { setStackHost } from '../../../src/main/core/state/deployments';
import { updateState } from '../../../src/main/core/state/update';

const HOLDER = fileURLToPath(new URL('./lock-holder.ts', import.meta.url));

let folder: string;
let file: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cfd-lock-'));
  file = join(folder, 'compose-farm-state.yaml');
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  await rm(folder, { recursive: true, force: true });
});

function runHolder(...args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, ...args], {
    stdio: 'pipe',
  });
  children.push(child);
  return child;
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Starts a second process that takes the lock, and waits until it holds it. */
async function lockInOtherProcess(): Promise<ChildProcessWithoutNullStreams> {
  const child = runHolder('hold', file);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited ${code}: ${stderr}`)));
  });
  return child;
}

describe('state lock', () => {
  it('writes the holder pid into the lock file and removes it on release', async () => {
    const lock = await acquireStateLock(file);
    const [pid, host] = (await readFile(lockFilePath(file), 'utf8')).split('\n');
    expect(Number(pid)).toBe(process.pid);
    expect(host).toBe(hostname());
    await lock.release();
    await expect(stat(lockFilePath(file))).rejects.toThrow(/ENOENT/);
  });

  it('times out with an error naming the lock file and the holding process', async () => {
    const child = await lockInOtherProcess();
    const started = Date.now();
    const error = await updateState(file, (state) => setStackHost(state, 'web', 'h1'), {
      timeoutMs: 300,
    }).catch((caught: unknown) => caught);

    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(error).toBeInstanceOf(StateFileError);
    const lockError = error as StateFileError;
    expect(lockError.code).toBe('lock-timeout');
    expect(lockError.message).toContain(lockFilePath(file));
    expect(lockError.message).toContain(`process ${child.pid}`);
    expect(lockError.hint).toContain(`delete ${lockFilePath(file)}`);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  }, 20_000);

  it('waits for the other process to release the lock, then writes', async () => {
    const child = await lockInOtherProcess();
    const update = updateState(file, (state) => setStackHost(state, 'web', 'h1'), {
      timeoutMs: 15_000,
    });
    let done = false;
    void update.then(() => (done = true));

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(done).toBe(false);

    child.stdin.end();
    expect(await exited(child)).toBe(0);
    expect((await update).wrote).toBe(true);
    expect([...(await readState(file))]).toEqual([['web', 'h1']]);
  }, 20_000);

  it('takes over a lock left by a process that was killed', async () => {
    const child = await lockInOtherProcess();
    child.kill('SIGKILL');
    await exited(child);
    expect((await readFile(lockFilePath(file), 'utf8')).split('\n')[0]).toBe(String(child.pid));

    const result = await updateState(file, (state) => setStackHost(state, 'web', 'h1'), {
      timeoutMs: 2_000,
    });
    expect(result.wrote).toBe(true);
    await expect(stat(lockFilePath(file))).rejects.toThrow(/ENOENT/);
  }, 20_000);

  it('waits for a lock held from another machine instead of taking it over', async () => {
    await writeFile(lockFilePath(file), `1\nsome-other-machine\ntoken\n`);
    const error = await acquireStateLock(file, { timeoutMs: 150 }).catch(
      (caught: unknown) => caught,
    );
    expect((error as StateFileError).code).toBe('lock-timeout');
    expect((error as StateFileError).message).toContain('on some-other-machine');
  });

  it('takes over an empty lock file once it is old', async () => {
    await writeFile(lockFilePath(file), '');
    const past = new Date(Date.now() - 60_000);
    await utimes(lockFilePath(file), past, past);
    const lock = await acquireStateLock(file, { timeoutMs: 1_000 });
    expect((await readFile(lockFilePath(file), 'utf8')).split('\n')[0]).toBe(String(process.pid));
    await lock.release();
  });

  it('waits for a fresh empty lock file', async () => {
    await writeFile(lockFilePath(file), '');
    const error = await acquireStateLock(file, { timeoutMs: 150 }).catch(
      (caught: unknown) => caught,
    );
    expect((error as StateFileError).code).toBe('lock-timeout');
  });

  it('loses no update when two processes change the state at once', async () => {
    const perProcess = 15;
    const writers = [
      runHolder('add', file, 'a', String(perProcess)),
      runHolder('add', file, 'b', String(perProcess)),
    ];
    expect(await Promise.all(writers.map(exited))).toEqual([0, 0]);

    const state = await readState(file);
    expect(state.size).toBe(2 * perProcess);
    expect(state.get('a-0')).toBe('a');
    expect(state.get(`b-${perProcess - 1}`)).toBe('b');
  }, 60_000);
});
