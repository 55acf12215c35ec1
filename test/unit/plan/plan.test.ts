import { describe, expect, it } from 'vitest';
import type { Config, HostConfig, StackConfig } from '../../../src/main/core/config/types';
import type { Discovery } from '../../../src/main/core/plan';
import {
  isPlanEmpty,
  planApply,
  reachableDiscovery,
  unreachableDiscovery,
} from '../../../src/main/core/plan';
import type { DeployedState, Deployment } from '../../../src/main/core/state/types';

type Assignment = string | readonly string[];

function makeConfig(hostNames: readonly string[], stacks: Record<string, Assignment>): Config {
  const hosts = new Map<string, HostConfig>(
    hostNames.map((name, index) => [name, { name, address: `127.0.0.${11 + index}` }]),
  );
  const stackMap = new Map<string, StackConfig>();
  for (const [name, assignment] of Object.entries(stacks)) {
    if (assignment === 'all') {
      stackMap.set(name, { name, hosts: [...hostNames], form: 'all' });
    } else if (typeof assignment === 'string') {
      stackMap.set(name, { name, hosts: [assignment], form: 'single' });
    } else {
      stackMap.set(name, { name, hosts: [...assignment], form: 'list' });
    }
  }
  return {
    path: '/tmp/compose-farm.yaml',
    composeDir: '/opt/compose',
    hosts,
    stacks: stackMap,
    traefikFile: null,
    traefikStack: null,
    glancesStack: null,
  };
}

function makeState(entries: Record<string, Deployment>): DeployedState {
  return new Map(Object.entries(entries));
}

function running(hosts: Record<string, readonly string[] | { error: string }>): Discovery {
  return new Map(
    Object.entries(hosts).map(([host, found]) => [
      host,
      'error' in found ? unreachableDiscovery(found.error) : reachableDiscovery(found),
    ]),
  );
}

const threeHosts = ['h1', 'h2', 'h3'];

describe('planApply', () => {
  it('plans nothing when reality matches the config', () => {
    const config = makeConfig(threeHosts, { web: 'h1', app: ['h1', 'h2'], agent: 'all' });
    const state = makeState({ web: 'h1', app: ['h1', 'h2'], agent: ['h1', 'h2', 'h3'] });
    const plan = planApply(
      config,
      state,
      running({ h1: ['web', 'app', 'agent'], h2: ['app', 'agent'], h3: ['agent'] }),
    );
    expect(isPlanEmpty(plan)).toBe(true);
    expect(plan.unknown).toEqual([]);
    expect(plan.unmanaged).toEqual([]);
  });

  it('starts single, list and all stacks from an empty farm', () => {
    const config = makeConfig(threeHosts, { web: 'h1', app: ['h2', 'h3'], agent: 'all' });
    const plan = planApply(config, new Map(), running({ h1: [], h2: [], h3: [] }));
    expect(plan.starts).toEqual([
      { stack: 'web', host: 'h1', reason: 'not-deployed' },
      { stack: 'app', host: 'h2', reason: 'not-deployed' },
      { stack: 'app', host: 'h3', reason: 'not-deployed' },
      { stack: 'agent', host: 'h1', reason: 'not-deployed' },
      { stack: 'agent', host: 'h2', reason: 'not-deployed' },
      { stack: 'agent', host: 'h3', reason: 'not-deployed' },
    ]);
    expect(plan.migrations).toEqual([]);
    expect(plan.orphans).toEqual([]);
  });

  it('treats a one-element list as a single-host stack that migrates', () => {
    const config = makeConfig(threeHosts, { web: ['h2'] });
    const plan = planApply(
      config,
      makeState({ web: 'h1' }),
      running({ h1: ['web'], h2: [], h3: [] }),
    );
    expect(plan.migrations).toEqual([{ stack: 'web', from: 'h1', to: 'h2' }]);
    expect(plan.strays).toEqual([]);
    expect(plan.starts).toEqual([]);
  });

  it('plans a moved stack as one migration, not also a stray', () => {
    const config = makeConfig(threeHosts, { web: 'h2' });
    const plan = planApply(
      config,
      makeState({ web: 'h1' }),
      running({ h1: ['web'], h2: [], h3: [] }),
    );
    expect(plan.migrations).toEqual([{ stack: 'web', from: 'h1', to: 'h2' }]);
    expect(plan.strays).toEqual([]);
    expect(plan.duplicates).toEqual([]);
  });

  it('starts a stack again that vanished behind the state file', () => {
    const config = makeConfig(threeHosts, { web: 'h1' });
    const plan = planApply(config, makeState({ web: 'h1' }), running({ h1: [], h2: [], h3: [] }));
    expect(plan.starts).toEqual([{ stack: 'web', host: 'h1', reason: 'not-running' }]);
  });

  it('starts on the target when the old host no longer runs the stack', () => {
    const config = makeConfig(threeHosts, { web: 'h2' });
    const plan = planApply(config, makeState({ web: 'h1' }), running({ h1: [], h2: [], h3: [] }));
    expect(plan.migrations).toEqual([]);
    expect(plan.starts).toEqual([{ stack: 'web', host: 'h2', reason: 'not-deployed' }]);
  });

  it('starts on the target when the old host was removed from the config', () => {
    const config = makeConfig(['h1', 'h2'], { web: 'h2' });
    const plan = planApply(config, makeState({ web: 'gone' }), running({ h1: [], h2: [] }));
    expect(plan.starts).toEqual([{ stack: 'web', host: 'h2', reason: 'previous-host-removed' }]);
    expect(plan.migrations).toEqual([]);
  });

  it('lists orphans with the hosts the config removed', () => {
    const config = makeConfig(['h1', 'h2'], { web: 'h1' });
    const state = makeState({ web: 'h1', old: 'h2', older: ['gone', 'h1'] });
    const plan = planApply(config, state, running({ h1: ['web', 'older'], h2: ['old'] }));
    expect(plan.orphans).toEqual([
      { stack: 'old', hosts: ['h2'], removedHosts: [] },
      { stack: 'older', hosts: ['gone', 'h1'], removedHosts: ['gone'] },
    ]);
    expect(plan.unmanaged).toEqual([]);
  });

  it('finds strays and duplicates of a single-host stack', () => {
    const config = makeConfig(threeHosts, { web: 'h1' });
    const plan = planApply(
      config,
      makeState({ web: 'h1' }),
      running({ h1: ['web'], h2: ['web'], h3: ['web'] }),
    );
    expect(plan.duplicates).toEqual([{ stack: 'web', hosts: ['h1', 'h2', 'h3'] }]);
    expect(plan.strays).toEqual([
      { stack: 'web', host: 'h2', configuredHosts: ['h1'] },
      { stack: 'web', host: 'h3', configuredHosts: ['h1'] },
    ]);
    expect(plan.migrations).toEqual([]);
  });

  it('finds a stray copy of a multi-host stack', () => {
    const config = makeConfig(threeHosts, { app: ['h1', 'h2'] });
    const plan = planApply(
      config,
      makeState({ app: ['h1', 'h2'] }),
      running({ h1: ['app'], h2: ['app'], h3: ['app'] }),
    );
    expect(plan.strays).toEqual([{ stack: 'app', host: 'h3', configuredHosts: ['h1', 'h2'] }]);
    expect(plan.duplicates).toEqual([]);
  });

  it('migrates from the state host when several copies run elsewhere', () => {
    const config = makeConfig(threeHosts, { web: 'h1' });
    const plan = planApply(
      config,
      makeState({ web: 'h3' }),
      running({ h1: [], h2: ['web'], h3: ['web'] }),
    );
    expect(plan.migrations).toEqual([{ stack: 'web', from: 'h3', to: 'h1' }]);
    expect(plan.strays).toEqual([{ stack: 'web', host: 'h2', configuredHosts: ['h1'] }]);
  });

  it('starts a multi-host stack only where it is missing', () => {
    const config = makeConfig(threeHosts, { agent: 'all' });
    const plan = planApply(
      config,
      makeState({ agent: ['h1', 'h2'] }),
      running({ h1: ['agent'], h2: ['agent'], h3: [] }),
    );
    expect(plan.starts).toEqual([{ stack: 'agent', host: 'h3', reason: 'not-deployed' }]);
  });

  it('compares host lists as sets', () => {
    const config = makeConfig(threeHosts, { app: ['h3', 'h1'] });
    const plan = planApply(
      config,
      makeState({ app: ['h1', 'h3'] }),
      running({ h1: ['app'], h2: [], h3: ['app'] }),
    );
    expect(isPlanEmpty(plan)).toBe(true);
  });

  it('leaves stacks on an unreachable host unknown, never started elsewhere', () => {
    const config = makeConfig(threeHosts, { web: 'h1', app: 'h2', agent: 'all' });
    const state = makeState({ web: 'h1', app: 'h2', agent: ['h1', 'h2', 'h3'] });
    const plan = planApply(
      config,
      state,
      running({ h1: ['web', 'agent'], h2: { error: 'connection refused' }, h3: ['agent'] }),
    );
    expect(isPlanEmpty(plan)).toBe(true);
    expect(plan.unknown).toEqual([
      { stack: 'app', hosts: ['h2'] },
      { stack: 'agent', hosts: ['h2'] },
    ]);
    expect(plan.unreachableHosts).toEqual([{ host: 'h2', error: 'connection refused' }]);
  });

  it('does not start a moved stack while its old host cannot be asked', () => {
    const config = makeConfig(threeHosts, { web: 'h2' });
    const plan = planApply(
      config,
      makeState({ web: 'h1' }),
      running({ h1: { error: 'timed out' }, h2: [], h3: [] }),
    );
    expect(plan.starts).toEqual([]);
    expect(plan.migrations).toEqual([]);
    expect(plan.unknown).toEqual([{ stack: 'web', hosts: ['h1'] }]);
  });

  it('counts a host missing from the discovery as unreachable', () => {
    const config = makeConfig(['h1', 'h2'], { web: 'h2' });
    const plan = planApply(config, new Map(), running({ h1: [] }));
    expect(plan.unreachableHosts).toEqual([{ host: 'h2', error: 'not queried' }]);
    expect(plan.unknown).toEqual([{ stack: 'web', hosts: ['h2'] }]);
  });

  it('matches stacks by their normalized compose project name', () => {
    const config = makeConfig(['h1', 'h2'], { 'Media.Server': 'h1', Home_Assistant: 'h2' });
    const state = makeState({ 'Media.Server': 'h1', Home_Assistant: 'h2' });
    const plan = planApply(config, state, running({ h1: ['mediaserver'], h2: ['home_assistant'] }));
    expect(isPlanEmpty(plan)).toBe(true);
    expect(plan.unmanaged).toEqual([]);
  });

  it('reports projects neither config nor state knows as unmanaged', () => {
    const config = makeConfig(['h1'], { web: 'h1' });
    const plan = planApply(config, makeState({ web: 'h1' }), running({ h1: ['web', 'portainer'] }));
    expect(plan.unmanaged).toEqual([{ host: 'h1', project: 'portainer' }]);
    expect(isPlanEmpty(plan)).toBe(true);
  });

  it('refreshes running stacks with full, skipping moves and starts', () => {
    const config = makeConfig(threeHosts, { web: 'h1', moved: 'h2', fresh: 'h3', agent: 'all' });
    const plan = planApply(
      config,
      makeState({ web: 'h1', moved: 'h1', agent: ['h1', 'h2'] }),
      running({ h1: ['web', 'moved', 'agent'], h2: ['agent'], h3: [] }),
      { full: true },
    );
    expect(plan.refreshes).toEqual([
      { stack: 'web', hosts: ['h1'] },
      { stack: 'agent', hosts: ['h1', 'h2'] },
    ]);
    expect(plan.migrations).toEqual([{ stack: 'moved', from: 'h1', to: 'h2' }]);
    expect(plan.starts).toEqual([
      { stack: 'fresh', host: 'h3', reason: 'not-deployed' },
      { stack: 'agent', host: 'h3', reason: 'not-deployed' },
    ]);
  });

  it('drops orphans and strays on request', () => {
    const config = makeConfig(['h1', 'h2'], { web: 'h1' });
    const plan = planApply(
      config,
      makeState({ web: 'h1', old: 'h1' }),
      running({ h1: ['web'], h2: ['web'] }),
      { noOrphans: true, noStrays: true },
    );
    expect(plan.orphans).toEqual([]);
    expect(plan.strays).toEqual([]);
    expect(plan.duplicates).toEqual([{ stack: 'web', hosts: ['h1', 'h2'] }]);
    expect(isPlanEmpty(plan)).toBe(true);
  });
});
