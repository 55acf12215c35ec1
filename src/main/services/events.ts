import type { EventEnvelope, EventName, EventPayload } from '../../shared/contract';
import { findEvent } from '../../shared/contract';

export type EventListener = (event: EventEnvelope) => void;

/**
 * Fans events from the services out to every transport. A payload that does not match its
 * schema is a bug in main, so it throws where it is emitted instead of reaching the renderer.
 */
export class EventHub {
  readonly #listeners = new Set<EventListener>();
  readonly #watchers = new Set<(count: number) => void>();

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    const spec = findEvent(name);
    if (spec === undefined) throw new Error(`Event ${name} is not in the contract`);
    const parsed = spec.payload.safeParse(payload);
    if (!parsed.success) {
      throw new Error(
        `Event ${name} has a payload that does not match the contract: ${parsed.error.message}`,
      );
    }
    const envelope: EventEnvelope = { event: name, payload: parsed.data };
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
