import { describe, expect, it } from 'vitest';
import type { Config, HostConfig, StackConfig } from '../../../src/main/core/config/types';
import { refreshState } from '../../../src/main/core/operations/refresh';
import type { Discovery } from '../../../src/main/core/plan';
import { reachableDiscovery, unreachableDiscovery } from '../../../src/main/core/plan';
import type { DeployedState, Deployment } from '../../../src/main/core/state/types';

function makeConfig(stacks: Record<string, string | string[]>): Config {
  const names = ['h1', 'h2', 'h3'];
  const hosts = new Map<string, HostConfig>(names.map((name) => [name, { name, address: name }]));
  const stackMap = new Map<string, StackConfig>();
  for (const [name, assignment] of Object.entries(stacks)) {
    const list =
      assignment === 'all' ? names : typeof assignment === 'string' ? [assignment] : assignment;
    stackMap.set(name, { name, hosts: list, form: Array.isArray(assignment) ? 'list' : 'single' });
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

function state(entries: Record<string, Deployment>): DeployedState {
  return new Map(Object.entries(entries));
}

function found(entries: Record<string, string[] | string>): Discovery {
  return new Map(
    Object.entries(entries).map(([host, value]) => [
      host,
      typeof value === 'string' ? unreachableDiscovery(value) : reachableDiscovery(value),
    ]),
  );
}

const config = makeConfig({ web: 'h1', app: 'h2', agent: 'all' });
const deployed = { web: 'h1', app: 'h2', agent: ['h1', 'h2', 'h3'] };

describe('refreshState', () => {
  it('keeps entries of an unreachable host untouched', () => {
    const report = refreshState(
      config,
      state(deployed),
      found({ h1: ['web', 'agent'], h2: 'connection refused', h3: ['agent'] }),
    );
    expect(Object.fromEntries(report.state)).toEqual(deployed);
    expect(report.changed).toBe(false);
    expect(report.removed).toEqual([]);
    expect(report.kept).toEqual([
      { stack: 'app', hosts: ['h2'] },
      { stack: 'agent', hosts: ['h2'] },
    ]);
    expect(report.unreachableHosts).toEqual([{ host: 'h2', error: 'connection refused' }]);
  });

  it('drops a stack stopped behind the tool', () => {
    const report = refreshState(
      config,
      state(deployed),
      found({ h1: ['agent'], h2: ['app', 'agent'], h3: ['agent'] }),
    );
    expect(report.state.has('web')).toBe(false);
    expect(report.removed).toEqual([{ stack: 'web', before: ['h1'], after: [] }]);
  });

  it('records new and moved stacks where they run', () => {
    const report = refreshState(
      config,
      state({ app: 'h1' }),
      found({ h1: ['web'], h2: ['app', 'agent'], h3: [] }),
    );
    expect(Object.fromEntries(report.state)).toEqual({ web: 'h1', app: 'h2', agent: ['h2'] });
    expect(report.added.map((change) => change.stack)).toEqual(['agent', 'web']);
    expect(report.moved).toEqual([{ stack: 'app', before: ['h1'], after: ['h2'] }]);
  });

  it('records a single-host stack running only on a host it was moved from', () => {
    const moved = makeConfig({ notes: 'h2' });
    const report = refreshState(
      moved,
      state({ notes: 'h1' }),
      found({ h1: ['notes'], h2: [], h3: [] }),
    );
    expect(report.state.get('notes')).toBe('h1');
    expect(report.changed).toBe(false);
  });

  it('keeps orphans while something runs them', () => {
    const report = refreshState(
      makeConfig({ web: 'h1' }),
      state({ web: 'h1', old: 'h2', gone: 'h3' }),
      found({ h1: ['web'], h2: ['old'], h3: [] }),
    );
    expect(Object.fromEntries(report.state)).toEqual({ web: 'h1', old: 'h2' });
    expect(report.removed).toEqual([{ stack: 'gone', before: ['h3'], after: [] }]);
  });

  it('changes only the named stacks in a partial refresh', () => {
    const report = refreshState(
      config,
      state({ web: 'h1', app: 'h2', unrelated: 'h3' }),
      found({ h1: [], h2: [], h3: [] }),
      { stacks: ['web'] },
    );
    expect(Object.fromEntries(report.state)).toEqual({ app: 'h2', unrelated: 'h3' });
  });

  it('matches folders by their compose project name', () => {
    const renamed = makeConfig({ 'Media.Server': 'h1' });
    const report = refreshState(renamed, new Map(), found({ h1: ['mediaserver'], h2: [], h3: [] }));
    expect(report.state.get('Media.Server')).toBe('h1');
  });
});
