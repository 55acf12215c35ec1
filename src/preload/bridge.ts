import type { IpcRenderer, IpcRendererEvent } from 'electron';
// Only the channel names: the preload runs sandboxed and cannot load zod. Main validates
// every payload, so the bridge does not need the schemas.
import { CANCEL_CHANNEL, EVENT_CHANNEL, callChannel } from '../shared/contract/channels';
import type { Bridge, EventEnvelope } from '../shared/contract/wire';

const CALL_NAME = /^[a-z]+\.[A-Za-z]+$/;

/** Builds the object the preload exposes, over the part of ipcRenderer it needs. */
export function createIpcBridge(
  ipc: Pick<IpcRenderer, 'invoke' | 'send' | 'on' | 'removeListener'>,
): Bridge {
  return {
    invoke(call, envelope) {
      if (typeof call !== 'string' || !CALL_NAME.test(call)) {
        return Promise.reject(new Error(`Not a call name: ${String(call)}`));
      }
      return ipc.invoke(callChannel(call), envelope);
    },
    cancel(requestId) {
      ipc.send(CANCEL_CHANNEL, { requestId });
    },
    subscribe(listener) {
      // The Electron event object stays here: it carries the sender and must not reach the page.
      const forward = (_event: IpcRendererEvent, envelope: EventEnvelope) => listener(envelope);
      ipc.on(EVENT_CHANNEL, forward);
      return () => {
        ipc.removeListener(EVENT_CHANNEL, forward);
      };
    },
  };
}
