/**
 * Runs commands and terminals on this machine, without SSH. A command gets its own process
 * group, so cancelling it also ends whatever it started.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, openSync } from 'node:fs';

import { cancelledError, commandTimeoutError, spawnFailedError } from './errors';
import { RunRecorder } from './output';
import { createPtySession } from './pty-session';
import { displayCommand } from './shell-quote';
import type {
  CommandSpec,
  ExecError,
  HostCheck,
  HostExecutor,
  Logger,
  Outcome,
  PtySession,
  PtySpec,
  RunResult,
} from './types';

/** The part of a node-pty process the executor uses. */
export interface PtyProcess {
  readonly pid: number;
  onData(listener: (data: string | Uint8Array) => void): { dispose(): void };
  onExit(listener: (event: { exitCode: number; signal?: number }) => void): { dispose(): void };
  write(data: string): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  kill(signal?: string): void;
}

export interface PtySpawnOptions {
  name: string;
  cols: number;
  rows: number;
  cwd: string;
  env: Record<string, string>;
}

/** Starts a program in a pseudo-terminal; node-pty unless a test injects a fake. */
export type PtySpawner = (
  file: string,
  args: readonly string[],
  options: PtySpawnOptions,
) => Promise<PtyProcess>;

/** node-pty, loaded on first use: it is a native module, which CLI commands may never need. */
export const nodePtySpawner: PtySpawner = async (file, args, options) => {
  const pty = await import('node-pty');
  // encoding null: node-pty hands over raw bytes, which the session decodes as one stream.
  const spawned = pty.spawn(file, [...args], { ...options, encoding: null });
  holdTerminalOpen(spawned as unknown as PtyProcess & { readonly ptsName?: string });
  return spawned as unknown as PtyProcess;
};

/**
 * Keeps a descriptor of the terminal's slave side open until node-pty reports the exit. When
 * the program's side closes first, node-pty 1.1 on Linux reads end-of-file while the last few
 * kilobytes of output are still on their way, and loses them; with a slave descriptor held,
 * the master never detects the other side closing, so every byte is read before node-pty ends the
 * stream. node-pty reports the exit 200 ms later than without it.
 */
function holdTerminalOpen(pty: PtyProcess & { readonly ptsName?: string }): void {
  if (process.platform === 'win32' || pty.ptsName === undefined) return;
  let slave: number;
  try {
    slave = openSync(pty.ptsName, constants.O_RDWR | constants.O_NOCTTY);
  } catch {
    // Without the descriptor, the terminal works as node-pty makes it.
    return;
  }
  const subscription = pty.onExit(() => {
    subscription.dispose();
    closeSync(slave);
  });
}

export interface LocalExecutorOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly commandTimeoutMs?: number;
  readonly spawnPty?: PtySpawner;
  readonly logger: Logger;
  /** Time between SIGTERM and SIGKILL when a command is stopped. */
  readonly killGraceMs?: number;
  readonly now?: () => number;
}

const SIGNAL_NUMBERS: Record<number, string> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  9: 'SIGKILL',
  15: 'SIGTERM',
};

function signalName(value: number | string | undefined): string {
  if (typeof value === 'string') return value;
  return SIGNAL_NUMBERS[value ?? 0] ?? `signal ${value}`;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // The negative pid names the process group the detached child leads.
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) result[name] = value;
  return result;
}

export class LocalExecutor implements HostExecutor {
  readonly local = true;
  private readonly running = new Set<() => void>();
  private readonly sessions = new Set<PtySession>();

  constructor(
    readonly host: string,
    private readonly options: LocalExecutorOptions,
  ) {}

  run(spec: CommandSpec): Promise<RunResult> {
    const now = this.options.now ?? Date.now;
    const recorder = new RunRecorder(this.host, spec, now);
    const command = spec.description ?? displayCommand(spec.argv);
    const program = spec.argv[0];
    if (program === undefined) throw new TypeError('A command needs at least a program name.');
    if (spec.signal?.aborted) {
      return Promise.resolve(
        recorder.finish({ type: 'error', error: cancelledError(this.host, command) }),
      );
    }

    return new Promise((resolve) => {
      let stopReason: ExecError | undefined;
      let settled = false;
      let killTimer: NodeJS.Timeout | undefined;
      let timeoutTimer: NodeJS.Timeout | undefined;

      const child = spawn(program, spec.argv.slice(1), {
        cwd: spec.cwd,
        env: { ...(this.options.env ?? process.env), ...spec.env },
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });

      const flow = (paused: boolean) => {
        for (const stream of [child.stdout, child.stderr]) {
          if (paused) stream.pause();
          else stream.resume();
        }
      };
      // Paused pipes never report their end, so a command that is stopped is read again.
      const stopWatching = spec.valve?.watch(flow) ?? (() => {});
      const stop = (reason: ExecError) => {
        if (stopReason !== undefined || settled) return;
        stopReason = reason;
        stopWatching();
        flow(false);
        killGroup(child, 'SIGTERM');
        killTimer = setTimeout(() => killGroup(child, 'SIGKILL'), this.options.killGraceMs ?? 2000);
      };
      const onAbort = () => stop(cancelledError(this.host, command));
      const stopAll = () => onAbort();

      const settle = (result: RunResult) => {
        if (settled) return;
        settled = true;
        stopWatching();
        clearTimeout(killTimer);
        clearTimeout(timeoutTimer);
        spec.signal?.removeEventListener('abort', onAbort);
        this.running.delete(stopAll);
        this.options.logger.debug(`${command} ended after ${result.durationMs} ms`);
        resolve(result);
      };

      child.on('error', (error: NodeJS.ErrnoException) => {
        if (child.pid !== undefined) return;
        const cause =
          error.code === 'ENOENT' && spec.cwd !== undefined && !existsSync(spec.cwd)
            ? `the folder ${spec.cwd} does not exist`
            : error.code === 'ENOENT'
              ? 'no such program'
              : error.message;
        settle(
          recorder.finish({ type: 'error', error: spawnFailedError(this.host, program, cause) }),
        );
      });
      child.stdout.on('data', (chunk: Buffer) => recorder.push('stdout', chunk));
      child.stderr.on('data', (chunk: Buffer) => recorder.push('stderr', chunk));
      if (spec.valve?.paused === true) flow(true);
      child.stdin.on('error', () => {
        // The program exited without reading all of its stdin; its exit status reports the outcome.
      });
      child.stdin.end(spec.stdin ?? '');
      child.on('close', (code, signal) => {
        if (stopReason !== undefined) {
          settle(recorder.finish({ type: 'error', error: stopReason }));
        } else if (signal !== null) {
          settle(recorder.finish({ type: 'signal', signal }));
        } else {
          settle(recorder.finish({ type: 'exit', code: code ?? 1 }));
        }
      });

      if (child.pid === undefined) return;
      this.running.add(stopAll);
      spec.signal?.addEventListener('abort', onAbort, { once: true });
      const timeoutMs = spec.timeoutMs ?? this.options.commandTimeoutMs;
      if (timeoutMs !== undefined) {
        timeoutTimer = setTimeout(
          () => stop(commandTimeoutError(this.host, command, timeoutMs)),
          timeoutMs,
        );
      }
    });
  }

  async openPty(spec: PtySpec): Promise<Outcome<PtySession>> {
    const env = { ...stringEnv(this.options.env ?? process.env), ...spec.env };
    const [file, ...args] = spec.argv ?? [env.SHELL ?? '/bin/sh'];
    if (file === undefined) throw new TypeError('A terminal command needs a program name.');
    const spawnPty = this.options.spawnPty ?? nodePtySpawner;

    let pty: PtyProcess;
    try {
      pty = await spawnPty(file, args, {
        name: spec.term ?? 'xterm-256color',
        cols: spec.cols,
        rows: spec.rows,
        cwd: spec.cwd ?? env.HOME ?? '/',
        env: { ...env, TERM: spec.term ?? 'xterm-256color' },
      });
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      return { ok: false, error: spawnFailedError(this.host, file, cause) };
    }

    const subscriptions: Array<{ dispose(): void }> = [];
    // node-pty destroys its socket 200 ms after the program exits unless the socket was read to
    // its end, so output still waiting in a paused socket would be lost. While paused, the
    // program is watched and the socket resumes as soon as the program is gone.
    let exitWatch: ReturnType<typeof setInterval> | undefined;
    const stopWatching = () => {
      if (exitWatch !== undefined) clearInterval(exitWatch);
      exitWatch = undefined;
    };
    const control = createPtySession(this.host, {
      write: (data) => pty.write(data),
      resize: (cols, rows) => pty.resize(cols, rows),
      pause: () => {
        pty.pause();
        stopWatching();
        exitWatch = setInterval(() => {
          if (isProcessAlive(pty.pid)) return;
          stopWatching();
          pty.resume();
        }, PAUSED_EXIT_POLL_MS);
      },
      resume: () => {
        stopWatching();
        pty.resume();
      },
      kill: (signal) => pty.kill(signal),
      close: () => {
        stopWatching();
        for (const subscription of subscriptions) subscription.dispose();
        spec.signal?.removeEventListener('abort', onAbort);
        this.sessions.delete(control.session);
        try {
          pty.kill('SIGHUP');
        } catch {
          // Already ended.
        }
      },
    });
    const onAbort = () => control.session.kill('SIGHUP');
    subscriptions.push(
      pty.onData((data) => {
        control.data(typeof data === 'string' ? new TextEncoder().encode(data) : data);
      }),
      pty.onExit(({ exitCode, signal }) => {
        control.exit(
          signal
            ? { type: 'signal', signal: signalName(signal) }
            : { type: 'exit', code: exitCode },
        );
      }),
    );
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    this.sessions.add(control.session);
    this.options.logger.info(`terminal started: ${file} (pid ${pty.pid})`);
    return { ok: true, value: control.session };
  }

  async check(): Promise<HostCheck> {
    const started = (this.options.now ?? Date.now)();
    const result = await this.run({ argv: ['echo', 'ok'], timeoutMs: 5000 });
    const latencyMs = (this.options.now ?? Date.now)() - started;
    return {
      host: this.host,
      target: 'local',
      local: true,
      authMethod: 'none (local)',
      hostKey: 'local',
      latencyMs,
      ...(result.end.type === 'error' ? { error: result.end.error } : {}),
    };
  }

  async close(): Promise<void> {
    for (const stop of [...this.running]) stop();
    for (const session of [...this.sessions]) session.dispose();
  }
}

/** How often a paused terminal checks that its program still runs; well below node-pty's 200 ms. */
const PAUSED_EXIT_POLL_MS = 25;

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
