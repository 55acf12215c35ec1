import { randomBytes } from 'node:crypto';
import type { ActionSummary, ProgressEvent, Result } from '../../shared/contract';
import { failed, ok } from '../../shared/contract';
import type { OperationEvent, StackResult } from '../core/operations/events';
import type { EventHub } from './events';
import type { Logger } from './log';
import { silentLogger } from './log';

/** Finished actions kept for output panels opened later. */
const KEPT_ACTIONS = 20;
/** Events kept per action; older ones are dropped first. */
const KEPT_EVENTS = 5_000;
/** Events are sent in batches so that a chatty pull does not flood the window. */
const BATCH_MS = 50;

export interface ActionSpec {
  readonly kind: ActionSummary['kind'];
  readonly title: string;
  readonly stacks: readonly string[];
}

/** Runs the work of an action; `emit` forwards core events, `signal` is the action's cancel. */
export type ActionWork = (
  emit: (event: OperationEvent) => void,
  signal: AbortSignal,
) => Promise<readonly StackResult[]>;

interface ActionRecord {
  summary: ActionSummary;
  readonly events: ProgressEvent[];
  dropped: number;
  readonly controller: AbortController;
  pending: ProgressEvent[];
  /** The position of the first pending event among all events of the action. */
  pendingFrom: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Actions in flight and recently finished, by id. An action outlives the call that started it,
 * so that its window can close and open again, and its output stays until newer actions push
 * it out.
 */
export class ActionRegistry {
  readonly #actions = new Map<string, ActionRecord>();
  readonly #log: Logger;

  constructor(
    private readonly events: EventHub,
    log: Logger = silentLogger,
  ) {
    this.#log = log;
  }

  /**
   * Starts `work` unless a running action works on one of its stacks. Two actions on one stack
   * would race, as when a down finishes before the up started before it.
   */
  start(spec: ActionSpec, work: ActionWork): Result<string> {
    const busy = this.#runningOn(spec.stacks);
    if (busy !== undefined) {
      const { stack, action } = busy;
      this.#log.warn(
        `${spec.title} rejected: ${stack} is busy with ${action.title} (${action.id})`,
      );
      return failed(
        'stack-busy',
        `${stack} is busy: "${action.title}" is still running on it, so "${spec.title}" did not start.`,
        'Wait for the running action to finish, or cancel it in its output panel, then try again.',
        { stack },
      );
    }
    const id = `act-${randomBytes(6).toString('hex')}`;
    const record: ActionRecord = {
      summary: {
        id,
        title: spec.title,
        kind: spec.kind,
        stacks: [...spec.stacks],
        status: 'running',
        startedAt: new Date().toISOString(),
        finishedAt: null,
        results: [],
      },
      events: [],
      dropped: 0,
      controller: new AbortController(),
      pending: [],
      pendingFrom: 0,
      timer: undefined,
    };
    this.#actions.set(id, record);
    this.#prune();
    this.#log.info(`${spec.title} started (${id})`);

    const emit = (event: OperationEvent) => {
      const progress = toProgressEvent(event);
      if (progress !== undefined) this.#push(record, progress);
    };
    void work(emit, record.controller.signal).then(
      (results) => this.#finish(record, results),
      (error: unknown) => {
        this.#log.error(`${spec.title} failed`, error);
        const text = error instanceof Error ? error.message : String(error);
        this.#push(record, {
          type: 'message',
          level: 'error',
          text: `${spec.title} failed: ${text}`,
        });
        this.#finish(record, [], true);
      },
    );
    return ok(id);
  }

  /** Finds a running action that works on one of `stacks`. */
  #runningOn(stacks: readonly string[]): { stack: string; action: ActionSummary } | undefined {
    for (const record of this.#actions.values()) {
      if (record.summary.status !== 'running') continue;
      const stack = stacks.find((name) => record.summary.stacks.includes(name));
      if (stack !== undefined) return { stack, action: record.summary };
    }
    return undefined;
  }

  cancel(id: string): boolean | undefined {
    const record = this.#actions.get(id);
    if (record === undefined) return undefined;
    if (record.summary.status !== 'running') return false;
    record.controller.abort();
    return true;
  }

  list(): ActionSummary[] {
    return [...this.#actions.values()].map((record) => record.summary).reverse();
  }

  output(id: string) {
    const record = this.#actions.get(id);
    if (record === undefined) return undefined;
    return { action: record.summary, events: [...record.events], dropped: record.dropped };
  }

  get running(): number {
    return [...this.#actions.values()].filter((record) => record.summary.status === 'running')
      .length;
  }

  /** Cancels everything still running, as when the app quits. */
  dispose(): void {
    for (const record of this.#actions.values()) {
      record.controller.abort();
      clearTimeout(record.timer);
    }
  }

  #push(record: ActionRecord, event: ProgressEvent): void {
    record.events.push(event);
    if (record.events.length > KEPT_EVENTS) {
      record.events.shift();
      record.dropped += 1;
    }
    if (record.pending.length === 0) {
      record.pendingFrom = record.dropped + record.events.length - 1;
    }
    record.pending.push(event);
    record.timer ??= setTimeout(() => this.#flush(record), BATCH_MS);
  }

  #flush(record: ActionRecord): void {
    clearTimeout(record.timer);
    record.timer = undefined;
    if (record.pending.length === 0) return;
    const events = record.pending;
    record.pending = [];
    this.events.emit('actions.progress', {
      actionId: record.summary.id,
      from: record.pendingFrom,
      events,
    });
  }

  #finish(record: ActionRecord, results: readonly StackResult[], crashed = false): void {
    this.#flush(record);
    const cancelled = record.controller.signal.aborted;
    const allOk = results.every((result) => result.success);
    record.summary = {
      ...record.summary,
      status: cancelled ? 'cancelled' : crashed || !allOk ? 'failed' : 'succeeded',
      finishedAt: new Date().toISOString(),
      results: results.map(resultView),
    };
    this.#log.info(`${record.summary.title} ${record.summary.status} (${record.summary.id})`);
    this.events.emit('actions.finished', { action: record.summary });
  }

  #prune(): void {
    const finished = [...this.#actions.values()].filter(
      (record) => record.summary.status !== 'running',
    );
    for (const record of finished.slice(0, Math.max(0, finished.length - KEPT_ACTIONS))) {
      this.#actions.delete(record.summary.id);
    }
  }
}

function resultView(result: StackResult) {
  return {
    stack: result.stack,
    host: result.host,
    label: result.label,
    success: result.success,
    exitCode: result.exitCode,
    ...(result.message === undefined ? {} : { message: result.message }),
    ...(result.error === undefined
      ? {}
      : {
          error: {
            code: result.error.code,
            message: result.error.message,
            hint: result.error.hint,
          },
        }),
  };
}

/** Core events as the contract carries them; intermediate states of progress lines are dropped. */
export function toProgressEvent(event: OperationEvent): ProgressEvent | undefined {
  switch (event.type) {
    case 'output':
      if (event.line.progress) return undefined;
      return {
        type: 'output',
        stack: event.stack,
        host: event.line.host,
        label: event.line.label,
        stream: event.line.stream,
        text: event.line.text,
      };
    case 'command':
      return { ...event };
    case 'message':
      return { ...event };
    case 'preflight-failed':
      return { ...event, problems: event.problems.map((problem) => ({ ...problem })) };
    case 'result':
      return { type: 'result', result: resultView(event.result) };
    case 'state-changed':
      return { type: 'state-changed' };
  }
}
