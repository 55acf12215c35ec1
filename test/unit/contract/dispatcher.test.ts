import { describe, expect, it, vi } from 'vitest';
import type { CallResponse, Result } from '../../../src/shared/contract';
import {
  CALL_NAMES,
  EVENT_NAMES,
  callChannel,
  contract,
  failed,
  findCall,
  ok,
  resultSchema,
} from '../../../src/shared/contract';
import type { Handlers } from '../../../src/main/services';
import { Dispatcher, EventHub, StreamHub } from '../../../src/main/services';

function notExpected(): never {
  throw new Error('the handler must not run for a request that does not parse');
}

/** Handlers that fail the test if reached, with the ones a test needs replaced. */
function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const all = Object.fromEntries(
    CALL_NAMES.map((name) => [name, notExpected]),
  ) as unknown as Handlers;
  return { ...all, ...overrides };
}

const detail: CallResponse<'stacks.get'> = {
  name: 'web',
  form: 'single',
  configuredHosts: ['h1'],
  deployedHosts: [],
  placement: 'not-deployed',
  stackDir: '/opt/compose/web',
  composeFiles: ['/opt/compose/web/compose.yaml'],
  projectName: 'web',
  services: [],
  issues: [],
};

describe('contract', () => {
  it('derives call and event names from the domains', () => {
    expect(CALL_NAMES).toContain('stacks.get');
    expect(CALL_NAMES).toContain('config.current');
    expect(EVENT_NAMES).toContain('config.changed');
    expect(EVENT_NAMES).toContain('stacks.stateChanged');
    expect(EVENT_NAMES).toContain('actions.progress');
    expect(callChannel('stacks.get')).toBe('compose-farm:call:stacks.get');
  });

  it('finds calls by untrusted names without reaching inherited properties', () => {
    expect(findCall('stacks.get')).toBe(contract.stacks.calls.get);
    expect(findCall('stacks.constructor')).toBeUndefined();
    expect(findCall('__proto__.get')).toBeUndefined();
    expect(findCall('stacks')).toBeUndefined();
  });

  it('checks a result envelope against the response schema', () => {
    const schema = resultSchema(contract.stacks.calls.get.response);
    expect(schema.safeParse(ok(detail)).success).toBe(true);
    expect(schema.safeParse(failed('stack-not-found', 'no web', '')).success).toBe(true);
    expect(
      schema.safeParse({ ok: false, error: { code: 'oops', message: '', hint: '' } }).success,
    ).toBe(false);
  });
});

describe('Dispatcher', () => {
  it('refuses a payload that does not parse with invalid-request, before the handler runs', async () => {
    const dispatcher = new Dispatcher(handlers());
    const result = await dispatcher.dispatch('window', 'stacks.get', {
      requestId: 'r1',
      payload: { name: '../etc' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-request');
    expect(result.error.message).toContain('stacks.get');
    expect(result.error.message).toContain('name');
  });

  it('refuses extra fields, a missing envelope and a bad request id', async () => {
    const dispatcher = new Dispatcher(handlers());
    const codes = await Promise.all([
      dispatcher.dispatch('w', 'hosts.list', { requestId: 'r1', payload: { all: true } }),
      dispatcher.dispatch('w', 'hosts.list', { payload: {} }),
      dispatcher.dispatch('w', 'hosts.list', { requestId: 'a b', payload: {} }),
      dispatcher.dispatch('w', 'hosts.list', 'hello'),
      dispatcher.dispatch('w', 'config.create', { requestId: 'r2', payload: { path: 'rel.yaml' } }),
    ]);
    for (const result of codes) {
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
  });

  it('answers unknown-call for a name outside the contract', async () => {
    const dispatcher = new Dispatcher(handlers());
    const result = await dispatcher.dispatch('w', 'hosts.delete', { requestId: 'r', payload: {} });
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
  });

  it('passes defaults and returns the value', async () => {
    let received: unknown;
    const dispatcher = new Dispatcher(
      handlers({
        'config.create': async (request) => {
          received = request;
          return ok({ path: request.path });
        },
      }),
    );
    const result = await dispatcher.dispatch('w', 'config.create', {
      requestId: 'r',
      payload: { path: '/tmp/compose-farm.yaml' },
    });
    expect(received).toEqual({ path: '/tmp/compose-farm.yaml', overwrite: false });
    expect(result).toEqual({ ok: true, value: { path: '/tmp/compose-farm.yaml' } });
  });

  it('returns a handler error result unchanged', async () => {
    const expected: Result<never> = failed('stack-not-found', 'Stack web is missing', 'Add it', {
      stack: 'web',
    });
    const dispatcher = new Dispatcher(handlers({ 'stacks.get': async () => expected }));
    const result = await dispatcher.dispatch('w', 'stacks.get', {
      requestId: 'r',
      payload: { name: 'web' },
    });
    expect(result).toEqual(expected);
  });

  it('turns a handler that throws or answers off-contract into an internal error', async () => {
    const dispatcher = new Dispatcher(
      handlers({
        'hosts.list': async () => {
          throw new Error('boom');
        },
        'stacks.list': async () => ok({ stacks: 'many' } as never),
      }),
    );
    const thrown = await dispatcher.dispatch('w', 'hosts.list', { requestId: 'a', payload: {} });
    const invalid = await dispatcher.dispatch('w', 'stacks.list', { requestId: 'b', payload: {} });
    expect(thrown).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('cancels a running call by request id, only within its own scope', async () => {
    let signalSeen: AbortSignal | undefined;
    const dispatcher = new Dispatcher(
      handlers({
        'stacks.get': (_request, { signal }) => {
          signalSeen = signal;
          return new Promise((resolve) => {
            signal.addEventListener('abort', () =>
              resolve(failed('host-unreachable', 'The connection was closed.')),
            );
          });
        },
      }),
    );
    const running = dispatcher.dispatch('one', 'stacks.get', {
      requestId: 'slow',
      payload: { name: 'web' },
    });
    await Promise.resolve();
    expect(dispatcher.cancel('two', 'slow')).toBe(false);
    expect(signalSeen?.aborted).toBe(false);
    expect(dispatcher.cancel('one', 'slow')).toBe(true);
    expect(await running).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(dispatcher.callsInFlight).toBe(0);
  });

  it('returns the result of a call that finished despite a cancel', async () => {
    let finish: () => void = () => {};
    const dispatcher = new Dispatcher(
      handlers({
        'stacks.get': () => new Promise((resolve) => (finish = () => resolve(ok(detail)))),
      }),
    );
    const running = dispatcher.dispatch('one', 'stacks.get', {
      requestId: 'late',
      payload: { name: 'web' },
    });
    await Promise.resolve();
    expect(dispatcher.cancel('one', 'late')).toBe(true);
    finish();
    expect(await running).toEqual({ ok: true, value: detail });
  });

  it('cancels every call of a scope that went away', async () => {
    const dispatcher = new Dispatcher(
      handlers({
        'stacks.get': (_request, { signal }) =>
          new Promise((_resolve, reject) => {
            signal.addEventListener('abort', () => reject(signal.reason));
          }),
      }),
    );
    const first = dispatcher.dispatch('socket', 'stacks.get', {
      requestId: 'a',
      payload: { name: 'x' },
    });
    const second = dispatcher.dispatch('socket', 'stacks.get', {
      requestId: 'b',
      payload: { name: 'y' },
    });
    dispatcher.cancelScope('socket');
    expect(await first).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await second).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});

describe('EventHub', () => {
  it('delivers events until unsubscribed', () => {
    const hub = new EventHub();
    const seen: string[] = [];
    const unsubscribe = hub.subscribe((event) => seen.push(event.event));
    hub.emit('config.changed', { path: '/x/compose-farm.yaml' });
    unsubscribe();
    hub.emit('config.changed', { path: null });
    expect(seen).toEqual(['config.changed']);
  });

  it('drops off-contract payloads with one log line', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const hub = new EventHub();
      const seen: string[] = [];
      hub.subscribe((event) => seen.push(event.event));
      expect(() => hub.emit('stacks.stateChanged', { path: 3 } as never)).not.toThrow();
      expect(seen).toEqual([]);
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0]?.[0])).toMatch(/^Dropped event stacks\.stateChanged: /);
    } finally {
      errors.mockRestore();
    }
  });
});

describe('StreamHub', () => {
  it('drops off-contract payloads with one log line', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const hub = new StreamHub();
      const seen: string[] = [];
      hub.subscribe('scope-1', (event) => seen.push(event.event));
      const bad = { id: 't1', seq: 'one', data: 'x' } as never;
      expect(() => hub.emit('scope-1', 'terminals.data', bad)).not.toThrow();
      expect(seen).toEqual([]);
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0]?.[0])).toMatch(/^Dropped event terminals\.data: .*seq/);
    } finally {
      errors.mockRestore();
    }
  });
});
