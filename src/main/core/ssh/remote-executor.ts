/**
 * Commands and terminals on a host reached over SSH, on the host's shared connection. The
 * argv goes through remoteCommandLine; cancelling sends a signal over the channel (sshd
 * delivers it to the command's process group) and then closes the channel.
 */
import type { ClientChannel, PseudoTtyOptions } from 'ssh2';

import { cancelledError, commandTimeoutError } from '../executor/errors';
import { RunRecorder } from '../executor/output';
import { createPtySession } from '../executor/pty-session';
import { displayCommand, quoteShellArg, remoteCommandLine } from '../executor/shell-quote';
import type {
  CommandSpec,
  ExecError,
  HostCheck,
  HostExecutor,
  Logger,
  Outcome,
  PtySession,
  PtySpec,
  RunEnd,
  RunResult,
} from '../executor/types';
import type { SshConnection } from './connection';
import { PID_MARKER_PROLOGUE, PidMarkerFilter } from './pid-marker';
import type { LocaleEnv } from './terminal-locale';

export interface RemoteExecutorOptions {
  readonly connection: SshConnection;
  /** `user@address:port` for status output; filled in once known. */
  readonly describe: () => string;
  readonly commandTimeoutMs?: number;
  /** Time between TERM and KILL (and closing the channel) when a command is stopped. */
  readonly killGraceMs?: number;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Locale variables requested for terminals; see terminalLocale. */
  readonly terminalEnv?: LocaleEnv;
}

/** The ssh2 internals needed to signal a channel whose stdin is already closed. */
interface ChannelInternals {
  readonly outgoing?: { id: number; state: string };
  readonly _client?: { _protocol?: { signal(id: number, name: string): void } };
}

/**
 * Sends a `signal` request on a session channel. ssh2's `channel.signal` does nothing once the
 * channel's stdin was ended, which is the normal state of a running command, so the request is
 * sent through the protocol object directly while the channel is still open.
 */
export function sendChannelSignal(channel: ClientChannel, name: string): void {
  if (channel.writable) {
    channel.signal(name);
    return;
  }
  const internals = channel as unknown as ChannelInternals;
  const protocol = internals._client?._protocol;
  const outgoing = internals.outgoing;
  if (outgoing && (outgoing.state === 'open' || outgoing.state === 'eof') && protocol) {
    protocol.signal(outgoing.id, name);
  }
}

/** sshd reports signals without the `SIG` prefix; local commands report them with it. */
function signalName(name: string): string {
  return name.startsWith('SIG') ? name : `SIG${name}`;
}

function bareSignal(name: string): string {
  return name.replace(/^SIG/, '');
}

export class RemoteExecutor implements HostExecutor {
  readonly local = false;
  private readonly sessions = new Set<PtySession>();
  private readonly running = new Set<(error: ExecError) => void>();

  constructor(
    readonly host: string,
    private readonly options: RemoteExecutorOptions,
  ) {}

  async run(spec: CommandSpec): Promise<RunResult> {
    const now = this.options.now ?? Date.now;
    const recorder = new RunRecorder(this.host, spec, now);
    const command = spec.description ?? displayCommand(spec.argv);
    const line = PID_MARKER_PROLOGUE + remoteCommandLine(spec);
    const finish = (end: RunEnd) => recorder.finish(end);

    // Stopping before the channel exists (cancel, timeout) abandons the wait for a slot.
    const stopper = new AbortController();
    let stopReason: ExecError | undefined;
    let onStop: (() => void) | undefined;
    const stop = (reason: ExecError) => {
      if (stopReason !== undefined) return;
      stopReason = reason;
      stopper.abort();
      onStop?.();
    };
    const onAbort = () => stop(cancelledError(this.host, command));
    if (spec.signal?.aborted)
      return finish({ type: 'error', error: cancelledError(this.host, command) });
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    const timeoutMs = spec.timeoutMs ?? this.options.commandTimeoutMs;
    const timeout =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => stop(commandTimeoutError(this.host, command, timeoutMs)), timeoutMs);
    this.running.add(stop);
    const cleanup = () => {
      clearTimeout(timeout);
      spec.signal?.removeEventListener('abort', onAbort);
      this.running.delete(stop);
    };

    const lease = await this.options.connection.openChannel(
      (client, callback) => client.exec(line, callback),
      stopper.signal,
    );
    if (!lease.ok) {
      cleanup();
      return finish({ type: 'error', error: stopReason ?? lease.error });
    }
    if (stopReason !== undefined) {
      lease.value.channel.close();
      lease.value.release();
      cleanup();
      return finish({ type: 'error', error: stopReason });
    }

    const { channel } = lease.value;
    this.options.logger.debug(`started on ${this.host}: ${command}`);
    return new Promise<RunResult>((resolve) => {
      let exit: RunEnd | undefined;
      let lost: ExecError | undefined;
      let settled = false;
      let killTimer: NodeJS.Timeout | undefined;

      const flow = (paused: boolean) => {
        for (const stream of [channel, channel.stderr]) {
          if (paused) stream.pause();
          else stream.resume();
        }
      };
      const stopWatching = spec.valve?.watch(flow) ?? (() => {});
      const settle = () => {
        if (settled) return;
        settled = true;
        stopWatching();
        clearTimeout(killTimer);
        unsubscribe();
        lease.value.release();
        cleanup();
        const end: RunEnd =
          stopReason !== undefined
            ? { type: 'error', error: stopReason }
            : (exit ?? { type: 'error', error: lost ?? this.lostWithoutStatus() });
        const result = finish(end);
        this.options.logger.debug(
          `ended on ${this.host} after ${result.durationMs} ms (${end.type === 'exit' ? `exit ${end.code}` : end.type}): ${command}`,
        );
        resolve(result);
      };
      const unsubscribe = lease.value.onLost((error) => {
        lost = error;
        settle();
      });

      const stderr = new PidMarkerFilter((chunk) => recorder.push('stderr', chunk));
      onStop = () => {
        // A paused channel never reports its close, so a command that is stopped is read again.
        stopWatching();
        flow(false);
        this.sendSignal(channel, 'TERM');
        void this.killProcessGroup(stderr.pid, 'TERM');
        killTimer = setTimeout(() => {
          this.sendSignal(channel, 'KILL');
          void this.killProcessGroup(stderr.pid, 'KILL');
          channel.close();
          // A channel the server never confirms closed still ends the command for the caller.
          setTimeout(settle, 1000).unref();
        }, this.options.killGraceMs ?? 2000);
      };

      channel.on('data', (chunk: Buffer) => recorder.push('stdout', chunk));
      channel.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      channel.stderr.on('end', () => stderr.end());
      if (spec.valve?.paused === true) flow(true);
      channel.on('exit', (code: number | null, signal?: string) => {
        exit =
          code === null || code === undefined
            ? { type: 'signal', signal: signalName(signal ?? 'unknown') }
            : { type: 'exit', code };
      });
      channel.on('close', settle);
      channel.on('error', () => {
        // The channel's close follows and settles the run.
      });
      if (spec.stdin !== undefined) channel.end(spec.stdin);
      else channel.end();
    });
  }

  async openPty(spec: PtySpec): Promise<Outcome<PtySession>> {
    const term = spec.term ?? 'xterm-256color';
    const window: PseudoTtyOptions = { term, cols: spec.cols, rows: spec.rows };
    const env = spec.env ?? {};
    const shellLine =
      Object.keys(env).length > 0 || spec.cwd !== undefined
        ? // A login shell with variables or a folder: `exec env … "$SHELL" -l` in that folder.
          remoteCommandLine({
            argv: ['sh', '-c', 'exec "${SHELL:-/bin/sh}" -l'],
            cwd: spec.cwd,
            env,
          })
        : undefined;
    const line = spec.argv ? remoteCommandLine({ argv: spec.argv, cwd: spec.cwd, env }) : shellLine;
    // Sent as `env` requests, which sshd may refuse; variables in spec.env always arrive.
    const locale = { ...this.options.terminalEnv };

    const lease = await this.options.connection.openChannel(
      (client, callback) =>
        line === undefined
          ? client.shell(window, { env: locale }, callback)
          : client.exec(line, { pty: window, env: locale }, callback),
      spec.signal,
    );
    if (!lease.ok) return lease;
    const { channel, release, onLost } = lease.value;

    let unsubscribe = () => {};
    const control = createPtySession(this.host, {
      write: (data) => channel.write(data),
      resize: (cols, rows) => channel.setWindow(rows, cols, 0, 0),
      pause: () => {
        channel.pause();
        channel.stderr.pause();
      },
      resume: () => {
        channel.resume();
        channel.stderr.resume();
      },
      kill: (signal) => {
        this.sendSignal(channel, bareSignal(signal));
        // sshd ignores the request for root logins; closing the channel hangs up the terminal.
        setTimeout(() => channel.close(), this.options.killGraceMs ?? 2000).unref();
      },
      close: () => {
        spec.signal?.removeEventListener('abort', onAbort);
        this.sessions.delete(control.session);
        channel.close();
      },
    });
    const onAbort = () => control.session.dispose();
    let exit: { code: number | null; signal?: string } | undefined;
    channel.on('data', (chunk: Buffer) => control.data(chunk));
    channel.stderr.on('data', (chunk: Buffer) => control.data(chunk));
    channel.on('exit', (code: number | null, signal?: string) => {
      exit = { code, signal };
    });
    channel.on('error', () => {});
    channel.on('close', () => {
      unsubscribe();
      release();
      this.sessions.delete(control.session);
      if (exit?.code !== null && exit?.code !== undefined)
        control.exit({ type: 'exit', code: exit.code });
      else if (exit?.signal) control.exit({ type: 'signal', signal: signalName(exit.signal) });
      else control.exit({ type: 'error', error: this.lostWithoutStatus() });
    });
    unsubscribe = onLost((error) => control.exit({ type: 'error', error }));
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    this.sessions.add(control.session);
    this.options.logger.info(
      `terminal opened on ${this.host}${spec.argv ? `: ${spec.argv.map(quoteShellArg).join(' ')}` : ''}`,
    );
    return { ok: true, value: control.session };
  }

  async check(options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<HostCheck> {
    const started = (this.options.now ?? Date.now)();
    const connected = await this.options.connection.connect(options.signal);
    if (!connected.ok) {
      const hostKey =
        connected.error.code === 'host-key-unknown'
          ? 'unknown'
          : connected.error.code === 'host-key-changed'
            ? 'changed'
            : connected.error.code === 'host-key-revoked'
              ? 'revoked'
              : 'unknown';
      return {
        host: this.host,
        target: this.options.describe(),
        local: false,
        hostKey,
        error: connected.error,
      };
    }
    const pingStarted = (this.options.now ?? Date.now)();
    const result = await this.run({
      argv: ['echo', 'ok'],
      timeoutMs: options.timeoutMs ?? 5000,
      signal: options.signal,
    });
    const finished = (this.options.now ?? Date.now)();
    this.options.logger.debug(`check of ${this.host}: connect ${pingStarted - started} ms`);
    return {
      host: this.host,
      target: this.options.describe(),
      local: false,
      authMethod: connected.value.authMethod,
      hostKey: connected.value.hostKey,
      latencyMs: finished - pingStarted,
      ...(result.end.type === 'error' ? { error: result.end.error } : {}),
    };
  }

  async close(): Promise<void> {
    for (const session of [...this.sessions]) session.dispose();
    for (const stop of [...this.running]) stop(cancelledError(this.host, 'the command'));
    this.options.connection.close();
  }

  private sendSignal(channel: ClientChannel, name: string): void {
    try {
      sendChannelSignal(channel, name);
    } catch (error) {
      this.options.logger.debug(`could not signal ${name} on ${this.host}: ${String(error)}`);
    }
  }

  /**
   * Signals the command's process group from a second channel; the channel `signal` request
   * alone is refused by sshd for root logins.
   */
  private async killProcessGroup(pid: number | undefined, signal: 'TERM' | 'KILL'): Promise<void> {
    if (pid === undefined) return;
    const lease = await this.options.connection.openChannel(
      (client, callback) => client.exec(`kill -${signal} -- -${pid} 2>/dev/null`, callback),
      undefined,
      { urgent: true },
    );
    if (!lease.ok) {
      this.options.logger.warn(
        `could not stop process group ${pid} on ${this.host}: ${lease.error.message}`,
      );
      return;
    }
    const { channel, release } = lease.value;
    channel.on('close', release);
    channel.on('error', () => {});
    channel.resume();
    channel.stderr.resume();
    channel.end();
  }

  private lostWithoutStatus(): ExecError {
    return {
      code: 'connection-lost',
      host: this.host,
      message: `The command on ${this.host} ended without an exit status (its channel closed).`,
      hint: 'The connection or sshd may have dropped: check the host, then retry.',
    };
  }
}
