import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { CallName, EventEnvelope } from '../../shared/contract';
import {
  CALL_NAMES,
  CANCEL_CHANNEL,
  EVENT_CHANNEL,
  callChannel,
  cancelEnvelopeSchema,
  failed,
} from '../../shared/contract';
import type { AppServices } from '../services';

/** Events waiting for a page that is still loading; older ones are dropped beyond this many. */
const QUEUE_LIMIT = 500;

export interface IpcOptions {
  /** Whether a message comes from the app's own page; see isAppPage. */
  readonly isTrustedFrame: (frameUrl: string) => boolean;
}

function scopeOf(contents: WebContents): string {
  return `window:${contents.id}`;
}

/**
 * Registers a handler for every call of the contract, each on its own channel, and one for
 * cancel messages. Returns a function that removes them again.
 */
export function registerIpcHandlers(
  ipcMain: IpcMain,
  services: AppServices,
  options: IpcOptions,
): () => void {
  const trusted = (event: { senderFrame: { url: string } | null }) =>
    event.senderFrame !== null && options.isTrustedFrame(event.senderFrame.url);

  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), (event: IpcMainInvokeEvent, envelope: unknown) => {
      if (!trusted(event)) {
        return failed('invalid-request', `${name} was called from a page that is not the app.`);
      }
      return services.dispatcher.dispatch(scopeOf(event.sender), name, envelope);
    });
  }

  const onCancel = (event: Electron.IpcMainEvent, message: unknown) => {
    const parsed = cancelEnvelopeSchema.safeParse(message);
    if (!trusted(event) || !parsed.success) return;
    services.dispatcher.cancel(scopeOf(event.sender), parsed.data.requestId);
  };
  ipcMain.on(CANCEL_CHANNEL, onCancel);

  return () => {
    for (const name of CALL_NAMES satisfies readonly CallName[])
      ipcMain.removeHandler(callChannel(name));
    ipcMain.off(CANCEL_CHANNEL, onCancel);
  };
}

/**
 * Sends every event to one window. Events that arrive while its page loads are queued and sent
 * once it has finished loading, so a change during startup is not lost.
 */
export function forwardEvents(contents: WebContents, services: AppServices): void {
  let ready = false;
  const queue: EventEnvelope[] = [];

  const send = (envelope: EventEnvelope) => {
    if (contents.isDestroyed()) return;
    if (!ready) {
      queue.push(envelope);
      if (queue.length > QUEUE_LIMIT) queue.shift();
      return;
    }
    contents.send(EVENT_CHANNEL, envelope);
  };
  const unsubscribe = services.events.subscribe(send);
  // Terminal output and log lines go to this window only, queued like the events above.
  const unsubscribeStreams = services.streams.subscribe(scopeOf(contents), send);

  contents.on('did-start-loading', () => {
    ready = false;
    services.dispatcher.cancelScope(scopeOf(contents));
    services.streams.endScope(scopeOf(contents));
  });
  contents.on('did-finish-load', () => {
    ready = true;
    for (const envelope of queue.splice(0)) contents.send(EVENT_CHANNEL, envelope);
  });
  contents.once('destroyed', () => {
    unsubscribe();
    unsubscribeStreams();
    services.dispatcher.cancelScope(scopeOf(contents));
  });
}
