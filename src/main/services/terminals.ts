import type {
  ParsedRequest,
  Result,
  TerminalExit,
  TerminalInfo,
  TerminalTarget,
} from '../../shared/contract';
import { failed, ok } from '../../shared/contract';
import type { HostConfig } from '../core/config';
import type { CommandSpec, Executors, PtyExit, PtySession } from '../core/executor';
import { composeDisplay, composeSpec, upArguments } from '../core/operations/compose-command';
import type { OperationContext } from '../core/operations/context';
import type { EmitEvent } from '../core/operations/events';
import { recordMultiHost, recordSingleHost } from '../core/operations/state-changes';
import { updateTraefikFile } from '../core/operations/traefik-hook';
import { getStackHost } from '../core/state/deployments';
import type { ConfigSession, Farm } from './config-session';
import type { CallContext, Handlers } from './dispatcher';
import type { Logger } from './log';
import { silentLogger } from './log';
import { OutputPump } from './output-pump';
import type { StreamHub } from './stream-hub';
import {
  checkService,
  findHost,
  findStack,
  fromExecError,
  newStreamId,
  pickStackHost,
} from './stream-targets';

/** Terminals one window may keep open at once, because each uses an SSH channel on its host. */
export const MAX_TERMINALS_PER_CALLER = 32;

interface TerminalEntry {
  readonly scope: string;
  readonly info: TerminalInfo;
  readonly session: PtySession;
  readonly pump: OutputPump<string>;
  readonly host: HostConfig;
  /** Ends what the terminal started in a container; see `execCleanup`. */
  readonly cleanup?: CommandSpec;
}

/** A terminal's program, its host, and the tab's label. */
interface Launch {
  readonly host: HostConfig;
  readonly stack: string | null;
  readonly argv?: readonly string[];
  readonly cwd?: string;
  readonly label: string;
  readonly command: string;
  readonly cleanup?: CommandSpec;
  /** Set for raw `up` and `update`, whose success the state file and Traefik file must learn. */
  readonly starts?: { readonly stack: string; readonly multiHost: boolean };
}

/**
 * The variable that marks the processes of one exec terminal inside a container. Docker does
 * not end an exec's processes when its client goes away, so closing the terminal finds them by
 * this mark (children inherit it) and hangs them up.
 */
const EXEC_MARK = 'COMPOSE_FARM_TERMINAL';
const HANG_UP_MARKED = [
  'for p in /proc/[0-9]*; do',
  `  if grep -q "${EXEC_MARK}=$1" "$p/environ" 2>/dev/null; then kill -HUP "\${p#/proc/}"; fi`,
  'done',
].join('\n');

const COMPOSE_ACTIONS = {
  pull: ['pull'],
  up: upArguments({}),
  update: upArguments({ pull: true, build: true }),
} as const;

export interface TerminalManagerOptions {
  readonly session: ConfigSession;
  /** The app's shared executors, one per host. */
  readonly executors: () => Executors;
  readonly streams: StreamHub;
  readonly env: NodeJS.ProcessEnv;
  readonly log?: Logger;
  /**
   * The context for recording a raw `up` or `update` that succeeded. Without it, such runs
   * leave the state file as it was.
   */
  readonly operationContext?: (
    farm: Farm,
    emit: EmitEvent,
    signal: AbortSignal,
  ) => OperationContext;
}

/**
 * Owns the terminals of every caller. A terminal belongs to the window or WebSocket that
 * opened it: only that caller can type into it or see its output, and the terminals of a
 * caller that goes away are closed with it.
 */
export class TerminalManager {
  readonly #terminals = new Map<string, TerminalEntry>();
  readonly #log: Logger;
  /** Terminals being opened per caller, counted against the limit until they are open. */
  readonly #opening = new Map<string, number>();

  constructor(private readonly options: TerminalManagerOptions) {
    this.#log = options.log ?? silentLogger;
  }

  get size(): number {
    return this.#terminals.size;
  }

  async open(
    scope: string,
    request: ParsedRequest<'terminals.open'>,
    signal: AbortSignal,
  ): Promise<Result<TerminalInfo>> {
    const owned = [...this.#terminals.values()].filter((entry) => entry.scope === scope).length;
    const opening = this.#opening.get(scope) ?? 0;
    if (owned + opening >= MAX_TERMINALS_PER_CALLER) {
      return failed(
        'invalid-request',
        `This window already has ${owned + opening} terminals open or opening.`,
        'Close some terminals, then open the new one.',
      );
    }
    // The slot is taken before the first await, so opens that overlap cannot pass the limit.
    this.#opening.set(scope, opening + 1);
    try {
      return await this.#open(scope, request, signal);
    } finally {
      const left = (this.#opening.get(scope) ?? 1) - 1;
      if (left > 0) this.#opening.set(scope, left);
      else this.#opening.delete(scope);
    }
  }

  async #open(
    scope: string,
    request: ParsedRequest<'terminals.open'>,
    signal: AbortSignal,
  ): Promise<Result<TerminalInfo>> {
    const farm = await this.options.session.farm();
    if (!farm.ok) return farm;
    const id = newStreamId();
    const launch = await this.#resolve(farm.value, request.target, id);
    if (!launch.ok) return launch;
    const { host, argv, cwd } = launch.value;

    const executor = this.options.executors().forHost(host);
    const opened = await executor.openPty({
      ...(argv === undefined ? {} : { argv }),
      ...(cwd === undefined ? {} : { cwd }),
      cols: request.cols,
      rows: request.rows,
      signal,
    });
    if (!opened.ok) return fromExecError(opened.error, launch.value.stack ?? undefined);
    const session = opened.value;
    if (signal.aborted) {
      session.dispose();
      return failed('cancelled', `Opening a terminal on ${host.name} was cancelled.`);
    }

    const info: TerminalInfo = {
      id,
      host: host.name,
      stack: launch.value.stack,
      label: launch.value.label,
      command: launch.value.command,
    };
    const pump = new OutputPump<string>({
      send: (batch, seq) =>
        this.options.streams.emit(scope, 'terminals.data', { id, seq, data: batch.join('') }),
      sizeOf: (text) => text.length,
      pause: () => {
        this.#log.debug(`terminal ${info.label}: window is behind, pausing the program's output`);
        session.pause();
      },
      resume: () => {
        this.#log.debug(`terminal ${info.label}: window caught up, resuming output`);
        session.resume();
      },
    });
    const cleanup = launch.value.cleanup;
    this.#terminals.set(id, { scope, info, session, pump, host, ...(cleanup ? { cleanup } : {}) });
    session.onData((text) => pump.push(text));
    const starts = launch.value.starts;
    session.onExit((exit) => {
      // NOTE: node-pty can report the exit while output still waits in a paused stream; that
      // output is dropped once the pump finishes, so a program's last screen may be cut short.
      session.resume();
      pump.finish((seq) => {
        this.options.streams.emit(scope, 'terminals.exit', describeExit(id, seq, exit));
        this.#forget(id, { ended: true });
      });
      if (starts !== undefined && exit.type === 'exit' && exit.code === 0) {
        void this.#recordStart(starts.stack, host.name, starts.multiHost);
      }
    });
    this.#log.info(`Opened a terminal: ${info.command} on ${host.name}`);
    return ok(info);
  }

  write(scope: string, id: string, data: string): Result<Record<string, never>> {
    const entry = this.#owned(scope, id);
    if (!entry.ok) return entry;
    if (entry.value === undefined) return notFound(id);
    entry.value.session.write(data);
    return ok({});
  }

  resize(scope: string, id: string, cols: number, rows: number): Result<Record<string, never>> {
    const entry = this.#owned(scope, id);
    if (!entry.ok) return entry;
    if (entry.value === undefined) return notFound(id);
    entry.value.session.resize(cols, rows);
    return ok({});
  }

  acknowledge(scope: string, id: string, chars: number): Result<Record<string, never>> {
    const entry = this.#owned(scope, id);
    if (!entry.ok) return entry;
    entry.value?.pump.acknowledge(chars);
    return ok({});
  }

  /** Ends the program and removes the terminal. No exit event follows. */
  close(scope: string, id: string): Result<Record<string, never>> {
    const entry = this.#owned(scope, id);
    if (!entry.ok) return entry;
    if (entry.value !== undefined) {
      this.#log.info(`Closed the terminal ${entry.value.info.label}`);
      this.#forget(id);
    }
    return ok({});
  }

  /** Closes every terminal of a caller that went away. */
  closeScope(scope: string): void {
    for (const [id, entry] of this.#terminals) if (entry.scope === scope) this.#forget(id);
  }

  dispose(): void {
    for (const id of [...this.#terminals.keys()]) this.#forget(id);
  }

  /**
   * The caller's terminal, or undefined when it has ended meanwhile (a keystroke may cross the
   * exit). Another caller's terminal reads as not found.
   */
  #owned(scope: string, id: string): Result<TerminalEntry | undefined> {
    const entry = this.#terminals.get(id);
    if (entry === undefined) return ok(undefined);
    if (entry.scope !== scope) {
      return failed('invalid-request', `No terminal ${id} belongs to this window.`);
    }
    return ok(entry);
  }

  #forget(id: string, { ended = false } = {}): void {
    const entry = this.#terminals.get(id);
    if (entry === undefined) return;
    this.#terminals.delete(id);
    entry.pump.dispose();
    entry.session.dispose();
    if (!ended && entry.cleanup !== undefined) {
      void this.options
        .executors()
        .forHost(entry.host)
        .run({ ...entry.cleanup, timeoutMs: 15_000 })
        .then((result) => {
          if (!result.success) {
            this.#log.warn(`Could not end the processes of ${entry.info.label} in its container`);
          }
        });
    }
  }

  /**
   * Records a stack that a raw `up` or `update` started, as the Up action does: in the state
   * file, and in the Traefik file when the config names one. The farm is read again, because
   * the config may have changed while the terminal ran.
   */
  async #recordStart(stack: string, host: string, multiHost: boolean): Promise<void> {
    const contextOf = this.options.operationContext;
    if (contextOf === undefined) return;
    const farm = await this.options.session.farm();
    if (!farm.ok) {
      this.#log.warn(
        `${stack} started on ${host}, but the state file was not updated: ${farm.error.message}`,
      );
      return;
    }
    const emit: EmitEvent = (event) => {
      if (event.type !== 'message') return;
      if (event.level === 'warning' || event.level === 'error') this.#log.warn(event.text);
      else this.#log.info(event.text);
    };
    const context = contextOf(farm.value, emit, new AbortController().signal);
    try {
      if (multiHost) await recordMultiHost(context, stack, [host]);
      else await recordSingleHost(context, stack, host);
      await updateTraefikFile(context);
      this.#log.info(`Recorded ${stack} as running on ${host} after a raw start`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#log.warn(`${stack} started on ${host}, but recording it failed: ${reason}`);
    }
  }

  async #resolve(farm: Farm, target: TerminalTarget, id: string): Promise<Result<Launch>> {
    const { config } = farm;
    if (target.kind === 'shell') {
      const host = findHost(config, target.host);
      if (!host.ok) return host;
      return ok({ host: host.value, stack: null, label: host.value.name, command: 'login shell' });
    }

    const stack = findStack(config, target.stack);
    if (!stack.ok) return stack;
    const host = pickStackHost(config, stack.value, target.host);
    if (!host.ok) return host;
    const hostName = host.value.name;

    if (target.kind === 'exec') {
      const missing = await checkService(config, target.stack, target.service, this.options.env);
      if (missing !== undefined) return missing;
      const args = ['exec', '-e', `${EXEC_MARK}=${id}`, target.service, target.shell];
      const spec = composeSpec(config, target.stack, args);
      const cleanupArgs = ['exec', '-T', target.service, 'sh', '-c', HANG_UP_MARKED, 'sh', id];
      return ok({
        cleanup: composeSpec(config, target.stack, cleanupArgs),
        host: host.value,
        stack: target.stack,
        argv: spec.argv,
        cwd: spec.cwd,
        label: `${target.stack}/${target.service}@${hostName}`,
        command: composeDisplay(['exec', target.service, target.shell]),
      });
    }

    const starts = target.action !== 'pull';
    const multiHost = stack.value.hosts.length > 1;
    const recorded = getStackHost(farm.state, target.stack);
    if (starts && !multiHost && recorded !== undefined && recorded !== hostName) {
      return failed(
        'invalid-request',
        `The state file records ${target.stack} on ${recorded}, not on ${hostName}; a raw ${target.action} would start a second copy on ${hostName}.`,
        `Use Up on the stack page or Apply, which stop it on ${recorded} first.`,
        { stack: target.stack, host: hostName },
      );
    }
    const args = COMPOSE_ACTIONS[target.action];
    const spec = composeSpec(config, target.stack, args);
    return ok({
      host: host.value,
      stack: target.stack,
      argv: spec.argv,
      cwd: spec.cwd,
      label: `${target.action} ${target.stack}@${hostName}`,
      command: composeDisplay(args),
      ...(starts ? { starts: { stack: target.stack, multiHost } } : {}),
    });
  }
}

/** Input for a terminal that is gone would otherwise vanish without a trace. */
function notFound(id: string) {
  return failed(
    'terminal-not-found',
    `Terminal ${id} is not running: it has ended, or the connection that opened it was lost.`,
    'Open a new terminal.',
  );
}

function describeExit(id: string, seq: number, exit: PtyExit): TerminalExit {
  switch (exit.type) {
    case 'exit':
      return { id, seq, code: exit.code, signal: null, message: null };
    case 'signal':
      return { id, seq, code: null, signal: exit.signal, message: null };
    case 'error':
      return {
        id,
        seq,
        code: null,
        signal: null,
        message: `${exit.error.message} ${exit.error.hint}`,
      };
  }
}

type TerminalHandlers = Pick<
  Handlers,
  'terminals.open' | 'terminals.write' | 'terminals.resize' | 'terminals.ack' | 'terminals.close'
>;

export function terminalHandlers(manager: TerminalManager): TerminalHandlers {
  return {
    'terminals.open': (request, { scope, signal }: CallContext) =>
      manager.open(scope, request, signal),
    'terminals.write': async ({ id, data }, { scope }) => manager.write(scope, id, data),
    'terminals.resize': async ({ id, cols, rows }, { scope }) =>
      manager.resize(scope, id, cols, rows),
    'terminals.ack': async ({ id, chars }, { scope }) => manager.acknowledge(scope, id, chars),
    'terminals.close': async ({ id }, { scope }) => manager.close(scope, id),
  };
}
