import type { WebSocket } from 'ws';
import type { ServerMessage } from '../../shared/contract';
import { clientMessageSchema, failed, requestIdSchema } from '../../shared/contract';
import type { AppServices, Logger } from '../services';
import { describeIssues } from '../services';

/** The largest message the WebSocket server accepts; larger ones close the connection unparsed. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * Serves one browser connection: calls go to the dispatcher, events come from the hub. The
 * connection is its own cancellation scope, and closing it cancels what it left running.
 */
export function serveConnection(
  socket: WebSocket,
  scope: string,
  services: AppServices,
  log: Logger,
): void {
  const send = (message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = services.events.subscribe((envelope) =>
    send({ type: 'event', event: envelope.event, payload: envelope.payload }),
  );
  // Terminal output and log lines go to this connection only; closing it closes them.
  const unsubscribeStreams = services.streams.subscribe(scope, (envelope) =>
    send({ type: 'event', event: envelope.event, payload: envelope.payload }),
  );

  socket.on('message', (data, isBinary) => {
    void answer(isBinary ? undefined : data.toString('utf8'));
  });
  socket.on('close', () => {
    unsubscribe();
    unsubscribeStreams();
    services.dispatcher.cancelScope(scope);
    log.debug(`${scope} closed`);
  });

  async function answer(text: string | undefined): Promise<void> {
    let json: unknown;
    try {
      json = text === undefined ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const message = clientMessageSchema.safeParse(json);
    if (!message.success) {
      const error = failed(
        'invalid-request',
        `A message from the browser is not a call or a cancel: ${describeIssues(message.error)}`,
        'Reload the page; it may be from another version of the app.',
      ).error;
      const requestId = requestIdSchema.safeParse(
        (json as { requestId?: unknown } | null)?.requestId,
      );
      log.warn(`Rejected a message from ${scope}: ${error.message}`);
      if (requestId.success) {
        send({ type: 'result', requestId: requestId.data, result: { ok: false, error } });
      } else {
        send({ type: 'rejected', error });
      }
      return;
    }

    if (message.data.type === 'cancel') {
      services.dispatcher.cancel(scope, message.data.requestId);
      return;
    }
    const { call, requestId, payload } = message.data;
    const result = await services.dispatcher.dispatch(scope, call, { requestId, payload });
    send({ type: 'result', requestId, result });
  }
}
