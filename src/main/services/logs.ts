import type { LogLine, ParsedRequest, Result } from '../../shared/contract';
import { failed, ok } from '../../shared/contract';
import type { Executors, OutputValveControl, RunResult } from '../core/executor';
import { createOutputValve } from '../core/executor';
import { composeSpec } from '../core/operations/compose-command';
import type { ConfigSession } from './config-session';
import type { Handlers } from './dispatcher';
import type { Logger } from './log';
import { silentLogger } from './log';
import { OutputPump } from './output-pump';
import type { StreamHub } from './stream-hub';
import { checkService, findHost, findStack, newStreamId } from './stream-targets';

/** Log streams one window may follow at once; each uses a channel on every host of its stack. */
export const MAX_LOG_STREAMS_PER_CALLER = 16;

interface LogStream {
  readonly scope: string;
  readonly label: string;
  readonly controller: AbortController;
  readonly pump: OutputPump<LogLine>;
  readonly valve: OutputValveControl;
}

export interface LogManagerOptions {
  readonly session: ConfigSession;
  /** The app's shared executors, one per host. */
  readonly executors: () => Executors;
  readonly streams: StreamHub;
  readonly env: NodeJS.ProcessEnv;
  readonly log?: Logger;
}

/**
 * Builds the `docker compose logs` arguments for the view's choices. Timestamps are always asked
 * for, because the view orders the lines of several hosts by them.
 */
export function logArguments(request: ParsedRequest<'logs.open'>): string[] {
  const args = ['--ansi', 'never', 'logs', '--no-color', '--tail', request.tail, '--timestamps'];
  if (request.follow) args.push('--follow');
  if (request.service !== undefined) args.push(request.service);
  return args;
}

/**
 * Streams `docker compose logs` of a stack from each of its hosts at once, every line marked
 * with its host, to the caller that asked. Closing the stream, or the caller going away, ends
 * the remote commands.
 */
export class LogManager {
  readonly #streams = new Map<string, LogStream>();
  readonly #log: Logger;

  constructor(private readonly options: LogManagerOptions) {
    this.#log = options.log ?? silentLogger;
  }

  get size(): number {
    return this.#streams.size;
  }

  async open(
    scope: string,
    request: ParsedRequest<'logs.open'>,
    signal: AbortSignal,
  ): Promise<Result<{ id: string; hosts: string[] }>> {
    const owned = [...this.#streams.values()].filter((stream) => stream.scope === scope).length;
    if (owned >= MAX_LOG_STREAMS_PER_CALLER) {
      return failed(
        'invalid-request',
        `This window already follows ${owned} log streams.`,
        'Close a logs view, then open the new one.',
      );
    }
    const farm = await this.options.session.farm();
    if (signal.aborted) return cancelled(request.stack);
    if (!farm.ok) return farm;
    const { config } = farm.value;
    const stack = findStack(config, request.stack);
    if (!stack.ok) return stack;
    if (request.service !== undefined) {
      const missing = await checkService(config, request.stack, request.service, this.options.env);
      // A caller that went away has already closed its streams, so one added now would run on.
      if (signal.aborted) return cancelled(request.stack);
      if (missing !== undefined) return missing;
    }
    const hosts = [];
    for (const name of stack.value.hosts) {
      const host = findHost(config, name);
      if (!host.ok) return host;
      hosts.push(host.value);
    }

    const id = newStreamId();
    const label =
      request.service === undefined ? request.stack : `${request.stack}/${request.service}`;
    const controller = new AbortController();
    const valve = createOutputValve();
    const pump = new OutputPump<LogLine>({
      send: (lines, seq) =>
        this.options.streams.emit(scope, 'logs.lines', { id, seq, lines: [...lines] }),
      // The line break the renderer adds counts too, so an empty line still costs something.
      sizeOf: (line) => line.text.length + 1,
      // Every host's command waits while the window is behind, so main keeps only a bounded backlog.
      pause: valve.pause,
      resume: valve.resume,
    });
    this.#streams.set(id, { scope, label, controller, pump, valve });

    const args = logArguments(request);
    const runs = hosts.map((host) =>
      this.options
        .executors()
        .forHost(host)
        .run(
          composeSpec(config, request.stack, args, {
            signal: controller.signal,
            capture: false,
            label: host.name,
            valve: valve.valve,
            onLine: (line) => {
              if (line.progress) return;
              const { text, time } = splitTimestamp(plainText(line.text));
              pump.push({ host: line.host, stream: line.stream, text, time });
            },
          }),
        ),
    );
    void Promise.all(runs).then((results) => {
      if (controller.signal.aborted) return;
      const problems = results.flatMap(describeProblem);
      pump.finish((seq) => {
        this.options.streams.emit(scope, 'logs.ended', { id, seq, problems });
        this.#streams.delete(id);
      });
    });
    this.#log.info(`Streaming logs of ${label} from ${stack.value.hosts.join(', ')}`);
    return ok({ id, hosts: [...stack.value.hosts] });
  }

  acknowledge(scope: string, id: string, chars: number): Result<Record<string, never>> {
    const stream = this.#streams.get(id);
    if (stream !== undefined && stream.scope !== scope) return notOwned(id);
    stream?.pump.acknowledge(chars);
    return ok({});
  }

  close(scope: string, id: string): Result<Record<string, never>> {
    const stream = this.#streams.get(id);
    if (stream === undefined) return ok({});
    if (stream.scope !== scope) return notOwned(id);
    this.#stop(id, stream);
    return ok({});
  }

  closeScope(scope: string): void {
    for (const [id, stream] of this.#streams) if (stream.scope === scope) this.#stop(id, stream);
  }

  dispose(): void {
    for (const [id, stream] of this.#streams) this.#stop(id, stream);
  }

  #stop(id: string, stream: LogStream): void {
    this.#streams.delete(id);
    stream.controller.abort();
    stream.pump.dispose();
    this.#log.info(`Stopped streaming logs of ${stream.label}`);
  }
}

const ESC = String.fromCharCode(0x1b);
const BEL = String.fromCharCode(0x07);
/** CSI sequences, OSC strings, two-byte escapes and carriage returns. */
const TERMINAL_CONTROLS = new RegExp(
  `${ESC}\\[[0-?]*[ -/]*[@-~]|${ESC}\\][^${BEL}${ESC}]*(?:${BEL}|${ESC}\\\\)|${ESC}[@-Z\\\\-_]|\\r`,
  'g',
);

/**
 * Removes escape sequences and carriage returns left in a log line, such as the erase-line codes
 * compose writes before each line: the logs view shows plain text.
 */
export function plainText(text: string): string {
  return text.includes(ESC) || text.includes('\r') ? text.replace(TERMINAL_CONTROLS, '') : text;
}

/**
 * The container prefix (`web-1  | `) and the timestamp that `docker compose logs --timestamps`
 * writes after it, followed by one space. Container names cannot contain `|`.
 */
const TIMESTAMPED_LINE =
  /^([^|]*\| )?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) /;

/**
 * Takes the engine's timestamp out of a log line and returns it in UTC with nine fraction
 * digits, the form the contract orders by. A line without one (compose's own messages) is
 * returned whole, with a null time.
 */
export function splitTimestamp(line: string): { text: string; time: string | null } {
  const match = TIMESTAMPED_LINE.exec(line);
  if (match === null) return { text: line, time: null };
  const [whole, prefix = '', seconds = '', fraction = '', zone = ''] = match;
  let utcSeconds = seconds;
  if (zone !== 'Z') {
    const parsed = Date.parse(`${seconds}${zone}`);
    if (Number.isNaN(parsed)) return { text: line, time: null };
    utcSeconds = new Date(parsed).toISOString().slice(0, 19);
  }
  return {
    text: prefix + line.slice(whole.length),
    time: `${utcSeconds}.${fraction.padEnd(9, '0')}Z`,
  };
}

function cancelled(stack: string) {
  return failed('cancelled', `Opening the logs of ${stack} was cancelled.`, '', { stack });
}

function notOwned(id: string) {
  return failed('invalid-request', `No log stream ${id} belongs to this window.`);
}

function describeProblem(result: RunResult): string[] {
  const { end, host } = result;
  if (end.type === 'error') return [`${end.error.message} ${end.error.hint}`];
  if (end.type === 'signal') return [`docker compose logs on ${host} ended by ${end.signal}.`];
  if (end.code !== 0) {
    return [`docker compose logs on ${host} exited with code ${end.code}; its lines say why.`];
  }
  return [];
}

type LogHandlers = Pick<Handlers, 'logs.open' | 'logs.ack' | 'logs.close'>;

export function logHandlers(manager: LogManager): LogHandlers {
  return {
    'logs.open': (request, { scope, signal }) => manager.open(scope, request, signal),
    'logs.ack': async ({ id, chars }, { scope }) => manager.acknowledge(scope, id, chars),
    'logs.close': async ({ id }, { scope }) => manager.close(scope, id),
  };
}
