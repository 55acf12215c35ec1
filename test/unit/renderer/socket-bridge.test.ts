import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from '../../../src/shared/contract';
import { createSocketBridge } from '../../../src/renderer/src/api/socket-bridge';

/** Stands in for the browser's WebSocket; the test opens and closes each one by hand. */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  readonly sent: string[] = [];
  readonly #listeners = new Map<string, ((event: unknown) => void)[]>();

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  addEventListener(type: string, listener: (event: unknown) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }

  send(text: string): void {
    this.sent.push(text);
  }

  open(): void {
    this.readyState = FakeSocket.OPEN;
    for (const listener of this.#listeners.get('open') ?? []) listener({});
  }

  drop(): void {
    this.readyState = FakeSocket.CLOSED;
    for (const listener of this.#listeners.get('close') ?? []) listener({});
  }
}

const latest = () => FakeSocket.all[FakeSocket.all.length - 1] as FakeSocket;

describe('socket bridge', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('drops calls failed as disconnected', async () => {
    const bridge = createSocketBridge('ws://127.0.0.1/ws');
    const first = latest();
    const answer = bridge.invoke('stacks.list', { requestId: 'r-1', payload: {} });
    first.drop();
    await expect(answer).resolves.toMatchObject({ ok: false, error: { code: 'disconnected' } });

    await vi.advanceTimersByTimeAsync(1000);
    const second = latest();
    expect(second).not.toBe(first);
    second.open();
    expect(second.sent).toEqual([]);
  });

  it('sends calls made while reconnecting', async () => {
    const bridge = createSocketBridge('ws://127.0.0.1/ws');
    latest().drop();
    void bridge.invoke('stacks.list', { requestId: 'r-2', payload: {} });
    await vi.advanceTimersByTimeAsync(1000);
    latest().open();
    expect(latest().sent.map((text) => JSON.parse(text) as unknown)).toEqual([
      { type: 'call', call: 'stacks.list', requestId: 'r-2', payload: {} },
    ]);
  });

  it('reports connection lost and back', async () => {
    const bridge = createSocketBridge('ws://127.0.0.1/ws');
    const states: ConnectionState[] = [];
    bridge.watchConnection?.((state) => states.push(state));
    latest().open();
    latest().drop();
    await vi.advanceTimersByTimeAsync(1000);
    latest().open();
    expect(states).toEqual(['reconnecting', 'connected']);
  });
});
