import type { Config, HostConfig } from '../config/types';
import { stripControlSequences } from '../executor/control-sequences';
import type { Executors, OutputLine, RunResult } from '../executor/types';
import { composeDisplay, composeSpec } from './compose-command';
import type { EmitEvent } from './events';

/** Stacks that run at once on one host unless the caller sets another number. */
export const DEFAULT_STACKS_PER_HOST = 4;

/** The surroundings of every operation: the config, the hosts' executors and an event sink. */
export interface OperationContext {
  readonly config: Config;
  readonly executors: Executors;
  readonly emit: EmitEvent;
  /** Aborting stops what runs; operations then return what finished. */
  readonly signal?: AbortSignal;
  /** The state file to read and update. */
  readonly statePath: string;
  /** The environment compose files are interpolated with; the process's unless given. */
  readonly env?: NodeJS.ProcessEnv;
  readonly limiter: HostLimiter;
  /**
   * The address other machines reach a host at, for Traefik upstreams; the config's `address`
   * unless given (the CLI resolves SSH config aliases to their HostName).
   */
  readonly hostAddress?: (host: string) => string;
}

/**
 * Bounds how many stacks run at once on each host, so that a farm of many stacks does not open
 * more commands than a host can take, while other hosts go on at their own pace.
 */
export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(private readonly perHost: number = DEFAULT_STACKS_PER_HOST) {
    if (!Number.isInteger(perHost) || perHost < 1) {
      throw new RangeError(`stacks per host must be a whole number of at least 1, not ${perHost}`);
    }
  }

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    await this.acquire(host);
    try {
      return await task();
    } finally {
      this.release(host);
    }
  }

  private acquire(host: string): Promise<void> {
    const count = this.active.get(host) ?? 0;
    if (count < this.perHost) {
      this.active.set(host, count + 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.waiting.get(host) ?? [];
      queue.push(resolve);
      this.waiting.set(host, queue);
    });
  }

  private release(host: string): void {
    const next = this.waiting.get(host)?.shift();
    if (next !== undefined) {
      next();
      return;
    }
    this.active.set(host, (this.active.get(host) ?? 1) - 1);
  }
}

export function hostConfig(context: OperationContext, host: string): HostConfig {
  const found = context.config.hosts.get(host);
  if (found === undefined) throw new Error(`host ${host} is not in the config`);
  return found;
}

export interface ComposeRunOptions {
  /** Prefix of the streamed lines; the stack name unless given. */
  readonly label?: string;
  /** Run without announcing the command or streaming its lines (for probes). */
  readonly quiet?: boolean;
}

/**
 * Runs `docker compose ARGS` for a stack on a host, announcing the command and streaming its
 * lines as events under the label.
 */
export async function runCompose(
  context: OperationContext,
  stack: string,
  host: string,
  args: readonly string[],
  options: ComposeRunOptions = {},
): Promise<RunResult> {
  const label = options.label ?? stack;
  if (!options.quiet) {
    context.emit({ type: 'command', stack, host, label, command: composeDisplay(args) });
  }
  // Streamed output is kept and shown as plain lines, so control sequences are dropped.
  const onLine = options.quiet
    ? undefined
    : (line: OutputLine) =>
        context.emit({
          type: 'output',
          stack,
          line: { ...line, text: stripControlSequences(line.text) },
        });
  return context.executors
    .forHost(hostConfig(context, host))
    .run(composeSpec(context.config, stack, args, { label, signal: context.signal, onLine }));
}

/** Exit code for a result: the command's own, 130 for a signal or cancellation, else 1. */
export function exitCodeOf(result: RunResult): number {
  switch (result.end.type) {
    case 'exit':
      return result.end.code;
    case 'signal':
      return 130;
    case 'error':
      return result.end.error.code === 'cancelled' ? 130 : 1;
  }
}
