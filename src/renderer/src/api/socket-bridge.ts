import type { Bridge, ConnectionState, EventEnvelope, WireResult } from '../../../shared/contract';
import { isEventName, serverMessageSchema } from '../../../shared/contract';

const RETRY_DELAYS_MS = [500, 1000, 2000, 5000, 10_000];

/** A message waiting for the socket to open; `requestId` ties it to its call. */
interface Queued {
  readonly requestId: string;
  readonly text: string;
}

/**
 * Creates the bridge over `cf serve`'s WebSocket. Calls made while it connects wait for the connection;
 * calls in flight when it drops fail with `disconnected`, and their messages are dropped, so a call
 * reported as failed never runs later. It reconnects by itself, and since events may have been
 * missed meanwhile, it then reports the config as changed so that every query is fetched again.
 * cf serve ends a connection's terminals and log streams with it; `watchConnection` tells their
 * views so.
 */
export function createSocketBridge(url: string): Bridge {
  const pending = new Map<string, (result: WireResult) => void>();
  const listeners = new Set<(event: EventEnvelope) => void>();
  const watchers = new Set<(state: ConnectionState) => void>();
  let outbox: Queued[] = [];
  let socket: WebSocket | undefined;
  let attempts = 0;
  let connectedBefore = false;
  let state: ConnectionState = 'connected';

  const emit = (event: EventEnvelope) => {
    for (const listener of [...listeners]) listener(event);
  };

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const watcher of [...watchers]) watcher(next);
  };

  function connect(): void {
    const current = new WebSocket(url);
    socket = current;

    current.addEventListener('open', () => {
      attempts = 0;
      for (const message of outbox.splice(0)) current.send(message.text);
      if (connectedBefore) emit({ event: 'config.changed', payload: { path: null } });
      connectedBefore = true;
      setState('connected');
    });

    current.addEventListener('message', (message: MessageEvent<unknown>) => {
      if (typeof message.data !== 'string') return;
      let json: unknown;
      try {
        json = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = serverMessageSchema.safeParse(json);
      if (!parsed.success) return;
      const data = parsed.data;
      if (data.type === 'result') {
        pending.get(data.requestId)?.(data.result);
        pending.delete(data.requestId);
      } else if (data.type === 'event') {
        if (isEventName(data.event)) emit({ event: data.event, payload: data.payload });
      } else {
        console.warn(`cf serve rejected a message: ${data.error.message}`);
      }
    });

    current.addEventListener('close', () => {
      const failedIds = new Set(pending.keys());
      outbox = outbox.filter((message) => !failedIds.has(message.requestId));
      for (const [requestId, resolve] of pending) {
        pending.delete(requestId);
        resolve({
          ok: false,
          error: {
            code: 'disconnected',
            message: 'The connection to cf serve was lost before it answered.',
            hint: 'Check that cf serve is still running; the page reconnects by itself.',
          },
        });
      }
      setState('reconnecting');
      const delay = RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length - 1)];
      attempts += 1;
      setTimeout(connect, delay);
    });
  }

  function send(requestId: string, message: object): void {
    const text = JSON.stringify(message);
    if (socket?.readyState === WebSocket.OPEN) socket.send(text);
    else outbox.push({ requestId, text });
  }

  connect();

  return {
    invoke(call, envelope) {
      return new Promise((resolve) => {
        pending.set(envelope.requestId, resolve);
        send(envelope.requestId, { type: 'call', call, ...envelope });
      });
    },
    cancel(requestId) {
      // A call that already failed is not running anywhere, so there is nothing to cancel.
      if (pending.has(requestId)) send(requestId, { type: 'cancel', requestId });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    watchConnection(watcher) {
      watchers.add(watcher);
      return () => {
        watchers.delete(watcher);
      };
    },
  };
}
