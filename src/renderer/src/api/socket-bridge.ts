import type { Bridge, EventEnvelope, WireResult } from '../../../shared/contract';
import { isEventName, serverMessageSchema } from '../../../shared/contract';

const RETRY_DELAYS_MS = [500, 1000, 2000, 5000, 10_000];

/**
 * Creates the bridge over `cf serve`'s WebSocket. Calls made while it connects wait for the connection;
 * calls in flight when it drops fail with `disconnected`. It reconnects by itself, and since
 * events may have been missed meanwhile, it then reports the config as changed so that every
 * query is fetched again.
 */
export function createSocketBridge(url: string): Bridge {
  const pending = new Map<string, (result: WireResult) => void>();
  const listeners = new Set<(event: EventEnvelope) => void>();
  const outbox: string[] = [];
  let socket: WebSocket | undefined;
  let attempts = 0;
  let connectedBefore = false;

  const emit = (event: EventEnvelope) => {
    for (const listener of [...listeners]) listener(event);
  };

  function connect(): void {
    const current = new WebSocket(url);
    socket = current;

    current.addEventListener('open', () => {
      attempts = 0;
      for (const message of outbox.splice(0)) current.send(message);
      if (connectedBefore) emit({ event: 'config.changed', payload: { path: null } });
      connectedBefore = true;
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
      for (const [requestId, resolve] of pending) {
        resolve({
          ok: false,
          error: {
            code: 'disconnected',
            message: 'The connection to cf serve was lost before it answered.',
            hint: 'Check that cf serve is still running; the page reconnects by itself.',
          },
        });
        pending.delete(requestId);
      }
      const delay = RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length - 1)];
      attempts += 1;
      setTimeout(connect, delay);
    });
  }

  function send(message: object): void {
    const text = JSON.stringify(message);
    if (socket?.readyState === WebSocket.OPEN) socket.send(text);
    else outbox.push(text);
  }

  connect();

  return {
    invoke(call, envelope) {
      return new Promise((resolve) => {
        pending.set(envelope.requestId, resolve);
        send({ type: 'call', call, ...envelope });
      });
    },
    cancel(requestId) {
      send({ type: 'cancel', requestId });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
