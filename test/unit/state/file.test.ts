import {
  chmod,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateFileError } from '../../../src/main/core/state/errors';
import { readState, writeState } from '../../../src/main/core/state/file';
import { lockFilePath } from '../../../src/main/core/state/lock';
import { stateFilePath } from '../../../src/main/core/state/path';
import { updateState } from '../../../src/main/core/state/update';
import { setStackHost } from '../../../src/main/core/state/deployments';
import type { DeployedState } from '../../../src/main/core/state/types';

let folder: string;
let file: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cfd-state-'));
  file = join(folder, 'compose-farm-state.yaml');
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const sample: DeployedState = new Map<string, string | string[]>([
  ['web', 'h1'],
  ['app', ['h3', 'h2']],
]);

describe('stateFilePath', () => {
  it('puts the state file beside the config file', () => {
    expect(stateFilePath({ path: '/srv/farm/compose-farm.yaml' })).toBe(
      '/srv/farm/compose-farm-state.yaml',
    );
  });
});

describe('readState', () => {
  it('reads a missing file as nothing deployed', async () => {
    expect((await readState(file)).size).toBe(0);
  });

  it('reads an empty file as nothing deployed', async () => {
    await writeFile(file, '');
    expect((await readState(file)).size).toBe(0);
  });

  it('throws a malformed error naming the file', async () => {
    await writeFile(file, 'deployed: [web]\n');
    const error = await readState(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StateFileError);
    expect((error as StateFileError).code).toBe('malformed');
    expect((error as StateFileError).message).toContain(file);
  });

  it('reports a folder in place of the file as unreadable', async () => {
    const error = await readState(folder).catch((caught: unknown) => caught);
    expect((error as StateFileError).code).toBe('unreadable');
    expect((error as StateFileError).message).toContain(folder);
  });
});

describe('writeState', () => {
  it('writes what readState reads back, sorted', async () => {
    expect(await writeState(file, sample)).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('deployed:\n  app:\n  - h2\n  - h3\n  web: h1\n');
    expect([...(await readState(file))]).toEqual([
      ['app', ['h2', 'h3']],
      ['web', 'h1'],
    ]);
  });

  it('keeps the mode of the file it replaces and leaves no temporary file', async () => {
    await writeFile(file, 'deployed: {}\n');
    await chmod(file, 0o640);
    expect(await writeState(file, sample)).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readdir(folder)).toEqual(['compose-farm-state.yaml']);
  });

  it('replaces the file by rename, so an open reader keeps the old content', async () => {
    await writeState(file, new Map([['old', 'h1']]));
    const before = (await stat(file)).ino;
    await writeState(file, sample);
    expect((await stat(file)).ino).not.toBe(before);
  });

  it('leaves the file alone when the content would not change', async () => {
    await writeState(file, sample);
    const past = new Date('2020-01-01T00:00:00Z');
    await utimes(file, past, past);

    const reordered: DeployedState = new Map<string, string | string[]>([
      ['app', ['h2', 'h3']],
      ['web', 'h1'],
    ]);
    expect(await writeState(file, reordered)).toBe(false);
    expect((await stat(file)).mtime.getTime()).toBe(past.getTime());

    expect(await writeState(file, new Map([['web', 'h2']]))).toBe(true);
    expect((await stat(file)).mtime.getTime()).toBeGreaterThan(past.getTime());
  });

  it('writes through a symlink and keeps the link', async () => {
    const real = join(folder, 'real-state.yaml');
    await writeFile(real, 'deployed: {}\n');
    await symlink(real, file);
    await writeState(file, sample);
    expect((await lstat(file)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toContain('web: h1');
  });

  it('names the file when its folder does not exist', async () => {
    const missing = join(folder, 'gone', 'compose-farm-state.yaml');
    const error = await writeState(missing, sample).catch((caught: unknown) => caught);
    expect((error as StateFileError).code).toBe('unwritable');
    expect((error as StateFileError).message).toContain(missing);
  });
});

describe('updateState', () => {
  it('applies a change and reports whether it wrote', async () => {
    const first = await updateState(file, (state) => setStackHost(state, 'web', 'h1'));
    expect(first.wrote).toBe(true);
    expect([...first.state]).toEqual([['web', 'h1']]);

    const again = await updateState(file, (state) => setStackHost(state, 'web', 'h1'));
    expect(again.wrote).toBe(false);
    expect(await readdir(folder)).toEqual(['compose-farm-state.yaml']);
  });

  it('never overwrites a malformed file, and releases the lock', async () => {
    const damaged = 'deployed:\n  web: [h1\n';
    await writeFile(file, damaged);
    let called = false;
    const error = await updateState(file, (state) => {
      called = true;
      return setStackHost(state, 'web', 'h2');
    }).catch((caught: unknown) => caught);

    expect((error as StateFileError).code).toBe('malformed');
    expect(called).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(damaged);
    await expect(stat(lockFilePath(file))).rejects.toThrow(/ENOENT/);
  });

  it('releases the lock when the change throws', async () => {
    await expect(
      updateState(file, () => {
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    await expect(stat(lockFilePath(file))).rejects.toThrow(/ENOENT/);
  });

  it('runs concurrent updates in one process one after another', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        updateState(file, (state) => setStackHost(state, `stack-${index}`, 'h1'), { retryMs: 2 }),
      ),
    );
    expect((await readState(file)).size).toBe(10);
  });
});
