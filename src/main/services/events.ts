import type { EventEnvelope, EventName, EventPayload } from '../../shared/contract';
import { findEvent } from '../../shared/contract';

export type EventListener = (event: EventEnvelope) => void;

/**
 * Checks an event's payload against the contract. A payload that does not match is a bug in
 * main; emitters often run in timers, where a throw would end the process, so the event is
 * logged and dropped instead.
 */
export function checkEvent(name: EventName, payload: unknown): unknown {
  const spec = findEvent(name);
  if (spec === undefined) {
    console.error(`Dropped event ${name}: it is not in the contract.`);
    return undefined;
  }
  const parsed = spec.payload.safeParse(payload);
  if (!parsed.success) {
    const problem = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`)
      .join('; ');
    console.error(`Dropped event ${name}: its payload does not match the contract (${problem}).`);
    return undefined;
  }
  return parsed.data;
}

/** Fans events from the services out to every transport; see `checkEvent` for bad payloads. */
export class EventHub {
  readonly #listeners = new Set<EventListener>();
  readonly #watchers = new Set<(count: number) => void>();

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    const checked = checkEvent(name, payload);
    if (checked === undefined) return;
    const envelope: EventEnvelope = { event: name, payload: checked };
    for (const listener of [...this.#listeners]) listener(envelope);
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    this.#notifyWatchers();
    return () => {
      if (this.#listeners.delete(listener)) this.#notifyWatchers();
    };
  }

  /**
   * Calls `watcher` with the number of listeners whenever it changes. Every window and browser
   * connection subscribes once, so this tells whether anyone is looking.
   */
  watchListeners(watcher: (count: number) => void): () => void {
    this.#watchers.add(watcher);
    watcher(this.#listeners.size);
    return () => {
      this.#watchers.delete(watcher);
    };
  }

  #notifyWatchers(): void {
    for (const watcher of [...this.#watchers]) watcher(this.#listeners.size);
  }
}
