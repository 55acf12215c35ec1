import type { IpcRendererEvent } from 'electron';
import { contextBridge, ipcRenderer } from 'electron';
// Only the channel names: the preload runs sandboxed and cannot load zod. Main validates
// every payload, so the bridge does not need the schemas.
import { CANCEL_CHANNEL, EVENT_CHANNEL, callChannel } from '../shared/contract/channels';
import type { Bridge, EventEnvelope } from '../shared/contract/wire';

const CALL_NAME = /^[a-z]+\.[A-Za-z]+$/;

const bridge: Bridge = {
  invoke(call, envelope) {
    if (typeof call !== 'string' || !CALL_NAME.test(call)) {
      return Promise.reject(new Error(`Not a call name: ${String(call)}`));
    }
    return ipcRenderer.invoke(callChannel(call), envelope);
  },
  cancel(requestId) {
    ipcRenderer.send(CANCEL_CHANNEL, { requestId });
  },
  subscribe(listener) {
    // The Electron event object stays here: it carries the sender and must not reach the page.
    const forward = (_event: IpcRendererEvent, envelope: EventEnvelope) => listener(envelope);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

// The renderer gets this one object and no access to ipcRenderer or Node.
contextBridge.exposeInMainWorld('composeFarm', bridge);
