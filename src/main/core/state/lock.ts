import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { StateFileError } from './errors';

export interface StateLockOptions {
  /** How long to wait for another process to finish before giving up. */
  readonly timeoutMs?: number;
  /** Pause between attempts while the lock is held elsewhere. */
  readonly retryMs?: number;
}

/** A held lock; `release()` removes the lock file if it is still this holder's. */
export interface StateLock {
  readonly file: string;
  release(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY_MS = 50;
/**
 * A lock file without a pid belongs to a process that died between creating and writing it,
 * since writing the pid takes microseconds. After this long it is treated as stale.
 */
const UNREADABLE_LOCK_STALE_MS = 5_000;

/** Returns the lock file path for a state file: the same name with `.lock` appended. */
export function lockFilePath(stateFile: string): string {
  return `${stateFile}.lock`;
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
}

/** Lock file content: the holder's pid on the first line, then its host name and a token. */
function formatOwner(owner: LockOwner): string {
  return `${owner.pid}\n${owner.host}\n${owner.token}\n`;
}

function parseOwner(text: string): LockOwner | undefined {
  const [pid, host = '', token = ''] = text.split('\n');
  const parsed = Number(pid);
  if (!Number.isInteger(parsed) || parsed <= 0) return undefined;
  return { pid: parsed, host, token };
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

async function readOwner(file: string): Promise<LockOwner | 'missing' | 'unreadable'> {
  try {
    return parseOwner(await readFile(file, 'utf8')) ?? 'unreadable';
  } catch (error) {
    return errorCode(error) === 'ENOENT' ? 'missing' : 'unreadable';
  }
}

/**
 * Checks whether the lock holder may still be running. A pid on another machine (a config
 * folder on shared storage) cannot be checked from here, so it counts as alive.
 */
function ownerAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errorCode(error) !== 'ESRCH';
  }
}

async function ageMs(file: string): Promise<number> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

async function tryCreate(file: string, owner: LockOwner): Promise<boolean> {
  try {
    const handle = await open(file, 'wx', 0o644);
    try {
      await handle.writeFile(formatOwner(owner), 'utf8');
    } catch (error) {
      await unlink(file).catch(() => undefined);
      throw error;
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw new StateFileError(
      'unwritable',
      file,
      `Cannot create lock file ${file}: ${(error as Error).message}`,
      'check that the folder holding the config file is writable',
      { cause: error },
    );
  }
}

/**
 * Removes a lock left by a process that no longer runs. The file is first renamed aside, which
 * only one contender can do. If the moved file turns out to be a fresh lock taken in between,
 * it is linked back, unless yet another lock has appeared by then.
 */
async function removeStaleLock(file: string, staleToken: string | undefined): Promise<void> {
  const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }

  const moved = await readOwner(aside);
  if (typeof moved === 'object' && moved.token !== staleToken) {
    await link(aside, file).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

function timeoutError(file: string, owner: LockOwner | 'missing' | 'unreadable', ms: number) {
  const holder =
    typeof owner === 'object'
      ? ` held by process ${owner.pid} on ${owner.host || 'an unknown host'}`
      : '';
  return new StateFileError(
    'lock-timeout',
    file,
    `Timed out after ${ms / 1000} s waiting for the state lock ${file}${holder}`,
    'another cf command or Compose Farm Desktop is changing the state; let it finish and retry. ' +
      `If no such process is running, delete ${file}`,
  );
}

/**
 * Takes the lock beside a state file, so that the desktop app and CLI commands change it one at
 * a time. The lock file is created exclusively and holds this process's pid; a lock whose
 * process has died is taken over. Waits up to `timeoutMs`, then throws a `lock-timeout`
 * StateFileError naming the holder.
 */
export async function acquireStateLock(
  stateFile: string,
  options: StateLockOptions = {},
): Promise<StateLock> {
  const file = lockFilePath(stateFile);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    token: randomBytes(8).toString('hex'),
  };
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    if (await tryCreate(file, owner)) return heldLock(file, owner);

    const holder = await readOwner(file);
    if (typeof holder === 'object' && !ownerAlive(holder)) {
      await removeStaleLock(file, holder.token);
      continue;
    }
    if (holder === 'unreadable' && (await ageMs(file)) > UNREADABLE_LOCK_STALE_MS) {
      await removeStaleLock(file, undefined);
      continue;
    }
    if (Date.now() >= deadline) throw timeoutError(file, holder, timeoutMs);
    // A little jitter keeps two waiting processes from retrying in lockstep.
    await sleep(retryMs + Math.floor(Math.random() * retryMs));
  }
}

function heldLock(file: string, owner: LockOwner): StateLock {
  let released = false;
  return {
    file,
    async release() {
      if (released) return;
      released = true;
      const current = await readOwner(file);
      if (typeof current === 'object' && current.token === owner.token) {
        await unlink(file).catch(() => undefined);
      }
    },
  };
}

/** Runs `action` while holding the state lock, and releases it however the action ends. */
export async function withStateLock<T>(
  stateFile: string,
  action: () => Promise<T>,
  options: StateLockOptions = {},
): Promise<T> {
  const lock = await acquireStateLock(stateFile, options);
  try {
    return await action();
  } finally {
    await lock.release();
  }
}
