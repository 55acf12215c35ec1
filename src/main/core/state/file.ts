import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chown, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { StateFileError } from './errors';
import { parseStateText, serializeState } from './format';
import type { DeployedState } from './types';

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/** Reads a file's text, or returns undefined when it does not exist. */
async function readTextIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new StateFileError(
      'unreadable',
      file,
      `Cannot read ${file}: ${(error as Error).message}`,
      'check that the file is a regular file you are allowed to read',
      { cause: error },
    );
  }
}

/**
 * Reads `compose-farm-state.yaml`. A missing or empty file means nothing is deployed; a file
 * that is not valid state throws a StateFileError with code `malformed`.
 */
export async function readState(file: string): Promise<DeployedState> {
  const text = await readTextIfPresent(file);
  return text === undefined ? new Map() : parseStateText(text, file);
}

/** Writes go to the real file behind a symlink, so the link itself stays in place. */
async function writeTarget(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return file;
    throw error;
  }
}

async function statIfPresent(file: string): Promise<Stats | undefined> {
  try {
    return await stat(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** Flushes a directory entry change (the rename) to disk; not every platform allows it. */
async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, constants.O_RDONLY);
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}

/**
 * Replaces a file's content atomically. The text goes to a temporary file in the same folder,
 * is flushed to disk and is renamed over the target, so a reader sees the old file or the new
 * one, never half of it. The target's permission bits are kept, and so is its owner when
 * running as root. Returns false without touching the file when it already contains the text.
 */
export async function writeFileAtomically(file: string, text: string): Promise<boolean> {
  const target = await writeTarget(file);
  if ((await readTextIfPresent(target)) === text) return false;

  const existing = await statIfPresent(target);
  const directory = dirname(target);
  const temporary = join(
    directory,
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );

  try {
    const handle = await open(temporary, 'wx', existing === undefined ? 0o644 : 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      if (existing !== undefined) {
        await handle.chmod(existing.mode & 0o7777);
        if (process.getuid?.() === 0) await chown(temporary, existing.uid, existing.gid);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new StateFileError(
      'unwritable',
      target,
      `Cannot write ${target}: ${(error as Error).message}`,
      `check that the folder ${directory} exists and is writable`,
      { cause: error },
    );
  }

  await syncDirectory(directory);
  return true;
}

/**
 * Writes the state in Compose Farm's format, atomically, and only when the content changes.
 * Returns whether the file was written.
 */
export async function writeState(file: string, state: DeployedState): Promise<boolean> {
  return writeFileAtomically(file, serializeState(state));
}
