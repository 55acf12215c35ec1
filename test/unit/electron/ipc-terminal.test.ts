import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forwardEvents, registerIpcHandlers } from '../../../src/main/ipc';
import type { AppServices } from '../../../src/main/services';
import { createAppServices } from '../../../src/main/services';
import { createIpcBridge } from '../../../src/preload/bridge';
import type { Bridge, EventEnvelope } from '../../../src/shared/contract';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

const APP_PAGE = 'file:///opt/app/out/renderer/index.html';

/**
 * ipcMain, one window's webContents and the preload's ipcRenderer, joined in one process.
 * Every message is copied with structuredClone, as Electron serialises what crosses processes.
 */
function ipcPair() {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Handler>();
  const toRenderer = new EventEmitter();
  const contents = Object.assign(new EventEmitter(), {
    id: 1,
    isDestroyed: () => false,
    send: (channel: string, message: unknown) =>
      toRenderer.emit(channel, { sender: 'main' }, structuredClone(message)),
  });
  const sender = { senderFrame: { url: APP_PAGE }, sender: contents };
  const ipcMain = {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
    on: (channel: string, listener: Handler) => listeners.set(channel, listener),
    off: (channel: string) => listeners.delete(channel),
  };
  const ipcRenderer = {
    invoke: async (channel: string, message: unknown) => {
      const handler = handlers.get(channel);
      if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await handler(sender, structuredClone(message)));
    },
    send: (channel: string, message: unknown) =>
      listeners.get(channel)?.(sender, structuredClone(message)),
    on: (channel: string, listener: Handler) => toRenderer.on(channel, listener),
    removeListener: (channel: string, listener: Handler) => toRenderer.off(channel, listener),
  };
  return { ipcMain, contents, ipcRenderer };
}

let folder: string;
let services: AppServices;
let bridge: Bridge;
let removeHandlers: () => void;
const events: EventEnvelope[] = [];

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'cf-ipc-terminal-'));
  const config = join(folder, 'compose-farm.yaml');
  writeFileSync(config, 'hosts:\n  here: localhost\nstacks: {}\n');
  services = createAppServices({
    explicitConfigPath: config,
    cwd: folder,
    env: { ...process.env, HOME: folder, SHELL: '/bin/sh', PS1: '$ ' },
    home: folder,
  });
  const pair = ipcPair();
  removeHandlers = registerIpcHandlers(pair.ipcMain as never, services, {
    isTrustedFrame: (url) => url === APP_PAGE,
  });
  forwardEvents(pair.contents as never, services);
  pair.contents.emit('did-finish-load');
  bridge = createIpcBridge(pair.ipcRenderer as never);
  events.length = 0;
  bridge.subscribe((envelope) => events.push(envelope));
});

afterEach(() => {
  removeHandlers();
  services.dispose();
  rmSync(folder, { recursive: true, force: true });
});

let requests = 0;
async function call(name: string, payload: unknown) {
  requests += 1;
  return bridge.invoke(name as never, { requestId: `r${requests}`, payload });
}

function output(id: string): string {
  return events
    .filter((envelope) => envelope.event === 'terminals.data')
    .map((envelope) => envelope.payload as { id: string; data: string })
    .filter((data) => data.id === id)
    .map((data) => data.data)
    .join('');
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a terminal over the desktop IPC', () => {
  it('runs a local shell end to end', async () => {
    const opened = await call('terminals.open', {
      target: { kind: 'shell', host: 'here' },
      cols: 80,
      rows: 24,
    });
    expect(opened).toMatchObject({ ok: true, value: { host: 'here', label: 'here' } });
    const id = (opened as { value: { id: string } }).value.id;

    await call('terminals.write', { id, data: 'echo "ipc-$((6*7))"\r' });
    await until(() => output(id).includes('ipc-42'), 'the echo');

    await call('terminals.resize', { id, cols: 100, rows: 30 });
    await call('terminals.write', { id, data: 'stty size\r' });
    await until(() => output(id).includes('30 100'), 'the new size');

    await call('terminals.ack', { id, chars: output(id).length });
    await call('terminals.write', { id, data: 'exit 3\r' });
    await until(() => events.some((envelope) => envelope.event === 'terminals.exit'), 'the exit');
    const exit = events.find((envelope) => envelope.event === 'terminals.exit');
    expect(exit?.payload).toMatchObject({ id, code: 3, signal: null });
  });

  it('rejects bad and unknown writes', async () => {
    expect(await call('terminals.write', { id: 'nope', data: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(await call('terminals.write', { id: 'gone-0000', data: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'terminal-not-found' },
    });
  });
});
