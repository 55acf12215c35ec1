import type { EventEnvelope, EventName, EventPayload } from '../../shared/contract';
import { checkEvent } from './events';

type StreamEventName = Extract<EventName, `terminals.${string}` | `logs.${string}`>;

/**
 * Delivers terminal output and log lines to the one caller (window or WebSocket) that opened
 * them, whereas the EventHub sends to every caller. A caller's subscription is its lifetime:
 * when it ends, or the caller's page reloads, whatever it opened is closed.
 */
export class StreamHub {
  readonly #callers = new Map<string, (event: EventEnvelope) => void>();
  readonly #endListeners = new Set<(scope: string) => void>();

  emit<N extends StreamEventName>(scope: string, name: N, payload: EventPayload<N>): void {
    const checked = checkEvent(name, payload);
    if (checked === undefined) return;
    this.#callers.get(scope)?.({ event: name, payload: checked });
  }

  /** Connects a caller; the returned function disconnects it and closes what it opened. */
  subscribe(scope: string, listener: (event: EventEnvelope) => void): () => void {
    this.#callers.set(scope, listener);
    return () => {
      if (this.#callers.get(scope) === listener) this.#callers.delete(scope);
      this.endScope(scope);
    };
  }

  /** Closes what a caller opened, as when its page starts loading again. */
  endScope(scope: string): void {
    for (const listener of [...this.#endListeners]) listener(scope);
  }

  onScopeEnded(listener: (scope: string) => void): () => void {
    this.#endListeners.add(listener);
    return () => {
      this.#endListeners.delete(listener);
    };
  }
}
