import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { forwardEvents, registerIpcHandlers } from '../../../src/main/ipc';
import type { AppServices, Handlers } from '../../../src/main/services';
import { Dispatcher, EventHub, StreamHub } from '../../../src/main/services';
import { createIpcBridge } from '../../../src/preload/bridge';
import {
  CALL_NAMES,
  CANCEL_CHANNEL,
  EVENT_CHANNEL,
  callChannel,
  ok,
} from '../../../src/shared/contract';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

/** The parts of ipcMain that main uses, recording what is registered. */
class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  readonly listeners = new Map<string, Handler>();
  handle(channel: string, handler: Handler) {
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  on(channel: string, listener: Handler) {
    this.listeners.set(channel, listener);
  }
  off(channel: string) {
    this.listeners.delete(channel);
  }
}

class FakeContents extends EventEmitter {
  readonly id = 7;
  readonly sent: unknown[] = [];
  isDestroyed() {
    return false;
  }
  send(channel: string, message: unknown) {
    this.sent.push([channel, message]);
  }
}

function fakeServices(handlers: Partial<Handlers> = {}): AppServices {
  const events = new EventHub();
  return {
    dispatcher: new Dispatcher(handlers as Handlers),
    events,
    streams: new StreamHub(),
    session: undefined as never,
    dispose: () => undefined,
  };
}

const APP_PAGE = 'file:///opt/app/out/renderer/index.html';
const trustAppPage = { isTrustedFrame: (url: string) => url === APP_PAGE };

describe('IPC handlers', () => {
  it('registers one channel per call and removes them', () => {
    const ipcMain = new FakeIpcMain();
    const remove = registerIpcHandlers(ipcMain as never, fakeServices(), trustAppPage);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(CALL_NAMES.map(callChannel).sort());
    expect(ipcMain.listeners.has(CANCEL_CHANNEL)).toBe(true);
    remove();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listeners.size).toBe(0);
  });

  it('answers the app page and rejects other frames', async () => {
    const ipcMain = new FakeIpcMain();
    const services = fakeServices({ 'hosts.list': async () => ok({ hosts: [] }) });
    registerIpcHandlers(ipcMain as never, services, trustAppPage);
    const handler = ipcMain.handlers.get(callChannel('hosts.list'))!;
    const envelope = { requestId: 'r1', payload: {} };

    const fromApp = { sender: new FakeContents(), senderFrame: { url: APP_PAGE } };
    expect(await handler(fromApp, envelope)).toEqual({ ok: true, value: { hosts: [] } });

    const fromElsewhere = {
      sender: new FakeContents(),
      senderFrame: { url: 'https://example.com/' },
    };
    expect(await handler(fromElsewhere, envelope)).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });

  it('rejects a payload that does not parse', async () => {
    const ipcMain = new FakeIpcMain();
    registerIpcHandlers(ipcMain as never, fakeServices(), trustAppPage);
    const handler = ipcMain.handlers.get(callChannel('stacks.get'))!;
    const event = { sender: new FakeContents(), senderFrame: { url: APP_PAGE } };
    const result = await handler(event, { requestId: 'r1', payload: { name: 'a/b' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});

describe('event forwarding', () => {
  it('queues events until the page has loaded, then sends them in order', () => {
    const services = fakeServices();
    const contents = new FakeContents();
    forwardEvents(contents as never, services);

    services.events.emit('config.changed', { path: '/a.yaml' });
    services.events.emit('stacks.stateChanged', { path: '/state.yaml' });
    expect(contents.sent).toEqual([]);

    contents.emit('did-finish-load');
    expect(contents.sent).toEqual([
      [EVENT_CHANNEL, { event: 'config.changed', payload: { path: '/a.yaml' } }],
      [EVENT_CHANNEL, { event: 'stacks.stateChanged', payload: { path: '/state.yaml' } }],
    ]);

    services.events.emit('config.changed', { path: null });
    expect(contents.sent).toHaveLength(3);
  });

  it('stops sending once the window is gone', () => {
    const services = fakeServices();
    const contents = new FakeContents();
    forwardEvents(contents as never, services);
    contents.emit('did-finish-load');
    contents.emit('destroyed');
    services.events.emit('config.changed', { path: null });
    expect(contents.sent).toEqual([]);
  });
});

describe('preload bridge', () => {
  function fakeRenderer() {
    const emitter = new EventEmitter();
    const invoked: unknown[] = [];
    const sent: unknown[] = [];
    return {
      emitter,
      invoked,
      sent,
      ipc: {
        invoke: async (channel: string, ...args: unknown[]) => {
          invoked.push([channel, ...args]);
          return { ok: true, value: null };
        },
        send: (channel: string, ...args: unknown[]) => sent.push([channel, ...args]),
        on: (channel: string, listener: Handler) => emitter.on(channel, listener),
        removeListener: (channel: string, listener: Handler) => emitter.off(channel, listener),
      },
    };
  }

  it('invokes the channel derived from the call name', async () => {
    const renderer = fakeRenderer();
    const bridge = createIpcBridge(renderer.ipc as never);
    await bridge.invoke('stacks.get', { requestId: 'r', payload: { name: 'web' } });
    expect(renderer.invoked).toEqual([
      [callChannel('stacks.get'), { requestId: 'r', payload: { name: 'web' } }],
    ]);
    await expect(
      bridge.invoke('../evil' as never, { requestId: 'r', payload: {} }),
    ).rejects.toThrow(/Not a call name/);
  });

  it('sends cancels and delivers events without the Electron event', () => {
    const renderer = fakeRenderer();
    const bridge = createIpcBridge(renderer.ipc as never);
    bridge.cancel('r9');
    expect(renderer.sent).toEqual([[CANCEL_CHANNEL, { requestId: 'r9' }]]);

    const received: unknown[] = [];
    const unsubscribe = bridge.subscribe((event) => received.push(event));
    const envelope = { event: 'config.changed', payload: { path: null } };
    renderer.emitter.emit(EVENT_CHANNEL, { sender: 'secret' }, envelope);
    unsubscribe();
    renderer.emitter.emit(EVENT_CHANNEL, { sender: 'secret' }, envelope);
    expect(received).toEqual([envelope]);
  });
});
