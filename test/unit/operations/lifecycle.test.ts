import { describe, expect, it } from 'vitest';
import { HostLimiter } from '../../../src/main/core/operations/context';
import type { OperationContext } from '../../../src/main/core/operations/context';
import { downStacks, stopStrays } from '../../../src/main/core/operations/lifecycle';
import { readState } from '../../../src/main/core/state';
import type { Reply } from '../../support/fake-executors';
import { FakeExecutors } from '../../support/fake-executors';
import type { TestFarm } from '../../support/farm';
import { SLEEPER, makeFarm } from '../../support/farm';

const CONFIG = [
  'hosts:',
  '  h1: 127.0.0.11',
  '  h2: 127.0.0.12',
  '  h3: 127.0.0.13',
  'stacks:',
  '  worker: [h2, h3]',
  '',
].join('\n');

function farmWithState(state: string): Promise<TestFarm> {
  return makeFarm({ config: CONFIG, stacks: { worker: SLEEPER }, state });
}

function contextFor(farm: TestFarm, executors: FakeExecutors): OperationContext {
  return {
    config: farm.config,
    executors,
    emit: () => undefined,
    statePath: farm.statePath,
    env: {},
    limiter: new HostLimiter(),
  };
}

const stray = { stack: 'worker', host: 'h1', configuredHosts: ['h2', 'h3'] } as const;

describe('stopStrays', () => {
  it('removes a stopped stray host from a multi-host deployment', async () => {
    const farm = await farmWithState('deployed:\n  worker:\n  - h1\n  - h3\n');
    const executors = new FakeExecutors();
    await stopStrays(contextFor(farm, executors), [stray]);
    expect(executors.composeLog()).toEqual(['h1: down']);
    expect((await readState(farm.statePath)).get('worker')).toEqual(['h3']);
  });

  it('keeps the state when the stray host is not recorded', async () => {
    const farm = await farmWithState('deployed:\n  worker:\n  - h2\n  - h3\n');
    await stopStrays(contextFor(farm, new FakeExecutors()), [stray]);
    expect((await readState(farm.statePath)).get('worker')).toEqual(['h2', 'h3']);
  });

  it('keeps a stray host whose stop failed', async () => {
    const farm = await farmWithState('deployed:\n  worker:\n  - h1\n  - h3\n');
    const executors = new FakeExecutors((): Reply => ({ code: 1 }));
    const [result] = await stopStrays(contextFor(farm, executors), [stray]);
    expect(result?.success).toBe(false);
    expect((await readState(farm.statePath)).get('worker')).toEqual(['h1', 'h3']);
  });
});

describe('downStacks', () => {
  it('also stops a multi-host stack where only the state file records it', async () => {
    const farm = await farmWithState('deployed:\n  worker:\n  - h1\n  - h3\n');
    const executors = new FakeExecutors();
    const results = await downStacks(contextFor(farm, executors), [
      farm.config.stacks.get('worker')!,
    ]);
    expect(results.every((result) => result.success)).toBe(true);
    expect(executors.composeLog().sort()).toEqual(['h1: down', 'h2: down', 'h3: down']);
    expect((await readState(farm.statePath)).has('worker')).toBe(false);
  });

  it('leaves the recorded host alone with a host filter', async () => {
    const farm = await farmWithState('deployed:\n  worker:\n  - h1\n  - h3\n');
    const executors = new FakeExecutors();
    await downStacks(contextFor(farm, executors), [farm.config.stacks.get('worker')!], {
      host: 'h3',
    });
    expect(executors.composeLog()).toEqual(['h3: down']);
    expect((await readState(farm.statePath)).get('worker')).toEqual(['h1']);
  });
});
