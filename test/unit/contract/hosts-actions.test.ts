import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../../src/main/services';
import { Dispatcher } from '../../../src/main/services';
import { CALL_NAMES } from '../../../src/shared/contract';
import { diffStates, projectState } from '../../../src/shared/plan-state';

function refusing(): Handlers {
  const reached = () => {
    throw new Error('the handler must not run for a request that does not parse');
  };
  return Object.fromEntries(CALL_NAMES.map((name) => [name, reached])) as unknown as Handlers;
}

const dispatcher = new Dispatcher(refusing());
let counter = 0;
const send = (call: string, payload: unknown) =>
  dispatcher.dispatch('test', call, { requestId: `r${++counter}`, payload });

describe('payloads of the host, action and apply calls', () => {
  it.each([
    ['hosts.status', { refresh: 'yes' }],
    ['hosts.status', { refresh: true, extra: 1 }],
    ['hosts.connection', { name: '' }],
    ['hosts.trustHostKey', { name: 'h1', fingerprint: 'MD5:aa:bb' }],
    ['hosts.trustHostKey', { name: 'h1', fingerprint: `SHA256:${'a'.repeat(42)}` }],
    ['stacks.files', { name: '../etc' }],
    ['actions.start', { command: 'rm', stacks: ['web'] }],
    ['actions.start', { command: 'up', stacks: [] }],
    ['actions.start', { command: 'up', stacks: ['a/b'] }],
    ['actions.cancel', { actionId: 'act-../../x' }],
    ['actions.output', { actionId: 42 }],
    ['apply.plan', { full: 'always' }],
    ['apply.run', { planId: 'plan-abc', actionIds: [] }],
    ['apply.run', { planId: 'not-a-plan', actionIds: ['start:web@h1'] }],
  ])('refuses %s with %j before any handler runs', async (call, payload) => {
    const result = await send(call, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid-request');
  });
});

describe('the state after a plan', () => {
  const before = { web: ['h1'], old: ['h2'], app: ['h2'] };

  it('moves, adds and forgets stacks as the chosen steps would', () => {
    const after = projectState(before, [
      { id: 'migration:web', kind: 'migration', stack: 'web', from: 'h1', to: 'h3' },
      { id: 'orphan:old', kind: 'orphan', stack: 'old', hosts: ['h2'], removedHosts: [] },
      {
        id: 'start:app@h3',
        kind: 'start',
        stack: 'app',
        host: 'h3',
        reason: 'not-deployed',
        multiHost: true,
      },
      { id: 'stray:db@h1', kind: 'stray', stack: 'db', host: 'h1', configuredHosts: ['h2'] },
    ]);
    expect(after).toEqual({ app: ['h2', 'h3'], web: ['h3'] });
    expect(diffStates(before, after).map((line) => [line.stack, line.change])).toEqual([
      ['app', 'moved'],
      ['old', 'removed'],
      ['web', 'moved'],
    ]);
  });

  it('keeps an orphan recorded when one of its hosts left the config', () => {
    const after = projectState(before, [
      { id: 'orphan:old', kind: 'orphan', stack: 'old', hosts: ['h2'], removedHosts: ['h2'] },
    ]);
    expect(after.old).toEqual(['h2']);
  });
});
