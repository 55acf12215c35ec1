import { describe, expect, it } from 'vitest';
import type { StackResult } from '../../../src/main/core/operations/events';
import { ActionRegistry } from '../../../src/main/services/action-registry';
import { EventHub } from '../../../src/main/services/events';

/** Work that runs until the test calls `finish`. */
function held() {
  let finish: (results: StackResult[]) => void = () => {};
  const done = new Promise<StackResult[]>((resolve) => (finish = resolve));
  return { work: () => done, finish: () => finish([]) };
}

describe('action registry stack lock', () => {
  it('rejects a second action on a busy stack', async () => {
    const registry = new ActionRegistry(new EventHub());
    const up = held();
    const first = registry.start({ kind: 'up', title: 'up web', stacks: ['web'] }, up.work);
    expect(first.ok).toBe(true);

    const second = registry.start(
      { kind: 'down', title: 'down 2 stacks', stacks: ['db', 'web'] },
      held().work,
    );
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.error.code).toBe('stack-busy');
    expect(second.error.stack).toBe('web');
    expect(second.error.message).toContain('up web');

    const other = registry.start({ kind: 'up', title: 'up db', stacks: ['db'] }, held().work);
    expect(other.ok).toBe(true);
    registry.dispose();
  });

  it('accepts the stack again once the action ended', async () => {
    const registry = new ActionRegistry(new EventHub());
    const up = held();
    registry.start({ kind: 'up', title: 'up web', stacks: ['web'] }, up.work);
    up.finish();
    await new Promise((resolve) => setTimeout(resolve, 0));

    const down = registry.start({ kind: 'down', title: 'down web', stacks: ['web'] }, held().work);
    expect(down.ok).toBe(true);
    registry.dispose();
  });
});
