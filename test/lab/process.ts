/**
 * Running commands and daemons for the lab: every daemon is tracked by a pid file, and a pid
 * counts as ours only while /proc shows it still runs the program we started.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';

/** sshd sessions and the daemons find their tools here even when the caller's PATH is thin. */
export const LAB_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface RunResult {
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
  cwd?: string;
}

/** Runs a program to completion; rejects with its stderr when it exits non-zero. */
export function run(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      file,
      args,
      {
        env: options.env ?? { ...process.env, PATH: LAB_PATH },
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
        cwd: options.cwd,
      },
      (error, stdout, stderr) => {
        if (error) {
          const detail = stderr.trim() || stdout.trim() || error.message;
          reject(new Error(`${file} ${args.join(' ')} failed: ${detail}`));
          return;
        }
        resolvePromise({ stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** True when `pid` runs and its command name is `program` (guards against reused pids). */
export function isProgramRunning(pid: number, program: string): boolean {
  try {
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // A zombie has exited; only its parent has not collected it yet.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return comm === program.slice(0, 15) && state !== 'Z';
  } catch {
    return false;
  }
}

/** The pid recorded in `pidFile` when that process still runs `program`. */
export function runningPid(pidFile: string, program: string): number | undefined {
  const pid = readPid(pidFile);
  return pid !== undefined && isProgramRunning(pid, program) ? pid : undefined;
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 50));
  }
}

/**
 * Stops the process named in `pidFile` if it is still `program`: SIGTERM, then SIGKILL after
 * `graceMs`. Keeps the pid file's folder; removes the stale pid file.
 */
export async function stopByPidFile(
  pidFile: string,
  program: string,
  graceMs = 20_000,
): Promise<boolean> {
  const pid = runningPid(pidFile, program);
  if (pid === undefined) {
    rmSync(pidFile, { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  try {
    await waitFor(
      () => !isProgramRunning(pid, program),
      `${program} (pid ${pid}) to exit`,
      graceMs,
    );
  } catch {
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !isProgramRunning(pid, program), `${program} (pid ${pid}) to die`, 5_000);
  }
  rmSync(pidFile, { force: true });
  return true;
}

/**
 * Starts a long-running program detached from this process (it outlives `lab:up`), with its
 * output appended to `logFile`. Writes `pidFile` when given, for programs that do not.
 */
export function spawnDaemon(
  file: string,
  args: string[],
  options: { logFile: string; pidFile?: string; env?: NodeJS.ProcessEnv },
): number {
  const log = openSync(options.logFile, 'a');
  const child = spawn(file, args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: options.env ?? { ...process.env, PATH: LAB_PATH },
  });
  if (child.pid === undefined) throw new Error(`Could not start ${file}; see ${options.logFile}`);
  child.unref();
  if (options.pidFile) writeFileSync(options.pidFile, `${child.pid}\n`);
  return child.pid;
}

/** True when something accepts TCP connections on host:port. */
export function isListening(host: string, port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host, port });
    const done = (result: boolean) => {
      socket.destroy();
      resolvePromise(result);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The last lines of a log file, to put the daemon's own words into an error message. */
export function tailOf(logFile: string, lines = 15): string {
  if (!existsSync(logFile)) return `(no log at ${logFile})`;
  return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
