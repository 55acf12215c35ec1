import { describe, expect, it } from 'vitest';
import { HostLimiter } from '../../../src/main/core/operations/context';
import type { OperationContext } from '../../../src/main/core/operations/context';
import type { OperationEvent } from '../../../src/main/core/operations/events';
import { upStacks } from '../../../src/main/core/operations/up';
import { readState } from '../../../src/main/core/state';
import type { RecordedCommand, Reply } from '../../support/fake-executors';
import { FakeExecutors } from '../../support/fake-executors';
import type { TestFarm } from '../../support/farm';
import { SLEEPER, makeFarm } from '../../support/farm';

const HOSTS = 'hosts:\n  h1: 127.0.0.11\n  h2: 127.0.0.12\n';

/**
 * Answers preflight probes with "everything exists", image checks with `images` (default: none
 * missing), and the compose commands with `compose`.
 */
function hosts(
  compose: (host: string, args: string) => Reply = () => ({}),
  images: (host: string) => Reply = () => ({}),
) {
  return (command: RecordedCommand): Reply => {
    if (command.argv[3] === 'images') return images(command.host);
    if (command.argv[3] === 'preflight') {
      const lines = command.argv.slice(4).map((item) => {
        const at = item.indexOf(':');
        return `${item.slice(0, at)}\tY\t${item.slice(at + 1)}`;
      });
      return { stdout: lines.join('\n') };
    }
    return compose(command.host, command.compose?.join(' ') ?? '');
  };
}

function contextFor(farm: TestFarm, executors: FakeExecutors) {
  const events: OperationEvent[] = [];
  const context: OperationContext = {
    config: farm.config,
    executors,
    emit: (event) => events.push(event),
    statePath: farm.statePath,
    env: {},
    limiter: new HostLimiter(),
  };
  return { context, events };
}

async function movedFarm(): Promise<TestFarm> {
  return makeFarm({
    config: `${HOSTS}stacks:\n  notes: h2\n`,
    stacks: { notes: SLEEPER },
    state: 'deployed:\n  notes: h1\n',
  });
}

function messages(events: readonly OperationEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'message' ? [event.text] : []));
}

describe('migration through up', () => {
  it('prepares the new host before stopping the old one', async () => {
    const farm = await movedFarm();
    const executors = new FakeExecutors(
      hosts((_host, args) => (args.startsWith('ps') ? { stdout: 'abc123' } : {})),
    );
    const { context } = contextFor(farm, executors);

    const [result] = await upStacks(context, [farm.config.stacks.get('notes')!]);
    expect(result?.success).toBe(true);
    expect(executors.composeLog()).toEqual([
      'h1: ps --status running -q',
      'h2: pull --ignore-buildable --ignore-pull-failures',
      'h1: down',
      'h2: up -d',
    ]);
    expect((await readState(farm.statePath)).get('notes')).toBe('h2');
  });

  it('builds on the new host when a service builds', async () => {
    const farm = await makeFarm({
      config: `${HOSTS}stacks:\n  notes: h2\n`,
      stacks: { notes: 'services:\n  app:\n    build: .\n    image: notes:local\n' },
      state: 'deployed:\n  notes: h1\n',
    });
    const executors = new FakeExecutors(hosts());
    const { context } = contextFor(farm, executors);

    await upStacks(context, [farm.config.stacks.get('notes')!]);
    expect(executors.composeLog()).toEqual([
      'h1: ps --status running -q',
      'h2: pull --ignore-buildable --ignore-pull-failures',
      'h2: build',
      'h1: down',
      'h2: up -d',
    ]);
  });

  it('leaves the old host running when the pull fails', async () => {
    const farm = await movedFarm();
    const executors = new FakeExecutors(
      hosts(
        (host, args) => {
          if (args.startsWith('ps')) return { stdout: 'abc123' };
          if (host === 'h2' && args.startsWith('pull'))
            return { code: 18, stderr: 'manifest unknown' };
          return {};
        },
        (host) => (host === 'h2' ? { stdout: 'local/busybox:1\n' } : {}),
      ),
    );
    const { context, events } = contextFor(farm, executors);

    const [result] = await upStacks(context, [farm.config.stacks.get('notes')!]);
    expect(result?.success).toBe(false);
    expect(result?.exitCode).toBe(18);
    expect(result?.host).toBe('h2');
    expect(executors.composeLog()).toEqual([
      'h1: ps --status running -q',
      'h2: pull --ignore-buildable --ignore-pull-failures',
    ]);
    expect(messages(events)).toContain(
      'Pull failed on h2: local/busybox:1 not available there, leaving notes on h1',
    );
    expect((await readState(farm.statePath)).get('notes')).toBe('h1');
  });

  it('rolls back to the old host when the new start fails', async () => {
    const farm = await movedFarm();
    const executors = new FakeExecutors(
      hosts((host, args) => {
        if (args.startsWith('ps')) return { stdout: 'abc123' };
        if (host === 'h2' && args === 'up -d') return { code: 1 };
        return {};
      }),
    );
    const { context, events } = contextFor(farm, executors);

    const [result] = await upStacks(context, [farm.config.stacks.get('notes')!]);
    expect(result?.success).toBe(false);
    expect(executors.composeLog()).toEqual([
      'h1: ps --status running -q',
      'h2: pull --ignore-buildable --ignore-pull-failures',
      'h1: down',
      'h2: up -d',
      'h2: down',
      'h1: up -d',
    ]);
    expect(messages(events)).toContain('Rollback succeeded on h1');
    expect((await readState(farm.statePath)).get('notes')).toBe('h1');
  });

  it('skips the rollback when the stack was not running before', async () => {
    const farm = await movedFarm();
    const executors = new FakeExecutors(
      hosts((host, args) => (host === 'h2' && args === 'up -d' ? { code: 1 } : {})),
    );
    const { context, events } = contextFor(farm, executors);

    await upStacks(context, [farm.config.stacks.get('notes')!]);
    expect(executors.composeLog().at(-1)).toBe('h2: down');
    expect(messages(events)).toContain('Stack was not running on h1, skipping rollback');
  });

  it('starts nothing when preflight finds a missing network', async () => {
    const farm = await makeFarm({
      config: `${HOSTS}stacks:\n  web: h1\n`,
      stacks: {
        web: 'services:\n  app:\n    image: local/busybox:1\n    networks: [proxy]\nnetworks:\n  proxy:\n    external: true\n',
      },
    });
    const executors = new FakeExecutors((command) => {
      if (command.argv[3] !== 'preflight') return {};
      const lines = command.argv.slice(4).map((item) => {
        const at = item.indexOf(':');
        const kind = item.slice(0, at);
        return `${kind}\t${kind === 'network' ? 'N' : 'Y'}\t${item.slice(at + 1)}`;
      });
      return { stdout: lines.join('\n') };
    });
    const { context, events } = contextFor(farm, executors);

    const [result] = await upStacks(context, [farm.config.stacks.get('web')!]);
    expect(result?.success).toBe(false);
    expect(executors.composeLog()).toEqual([]);
    const failure = events.find((event) => event.type === 'preflight-failed');
    expect(failure).toMatchObject({
      stack: 'web',
      host: 'h1',
      problems: [{ kind: 'network', subject: 'proxy', fix: 'cf init-network h1 --network proxy' }],
    });
    expect((await readState(farm.statePath)).size).toBe(0);
  });
});
