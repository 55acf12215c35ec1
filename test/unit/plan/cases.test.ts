import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/core/config';
import type { Config } from '../../../src/main/core/config';
import type { Discovery } from '../../../src/main/core/plan';
import {
  isPlanEmpty,
  planApply,
  reachableDiscovery,
  unreachableDiscovery,
} from '../../../src/main/core/plan';
import { readState } from '../../../src/main/core/state';
import { copyCase } from '../../support/cases';

async function caseConfig(name: string, file = 'compose-farm.yaml'): Promise<Config> {
  const copied = copyCase(name);
  const loaded = await loadConfig(`${copied.dir}/${file}`);
  if (!loaded.ok) throw new Error(`case ${name} does not load: ${loaded.problems[0]?.message}`);
  return loaded.config;
}

function discovery(entries: Record<string, readonly string[] | string>): Discovery {
  return new Map(
    Object.entries(entries).map(([host, found]) => [
      host,
      typeof found === 'string' ? unreachableDiscovery(found) : reachableDiscovery(found),
    ]),
  );
}

describe('plan on real configs', () => {
  it('plans nothing for a host whose sshd is down', async () => {
    const config = await caseConfig('21-refresh-unreachable-host');
    const state = await readState(
      `${copyCase('21-refresh-unreachable-host').dir}/expected-state.yaml`,
    );
    const plan = planApply(
      config,
      state,
      discovery({
        h1: ['web', 'agent'],
        h2: 'connect ECONNREFUSED 127.0.0.12:2222',
        h3: ['agent'],
      }),
    );
    expect(isPlanEmpty(plan)).toBe(true);
    expect(plan.unknown.map((entry) => entry.stack).sort()).toEqual(['agent', 'app']);
    expect(plan.unreachableHosts).toEqual([
      { host: 'h2', error: 'connect ECONNREFUSED 127.0.0.12:2222' },
    ]);
  });

  it('plans one start after one host of an all stack went down', async () => {
    const config = await caseConfig('23-host-filter-multi-host');
    const state = new Map<string, string | string[]>([
      ['agent', ['h1', 'h2']],
      ['web', 'h2'],
    ]);
    const plan = planApply(
      config,
      state,
      discovery({ h1: ['agent'], h2: ['agent', 'web'], h3: [] }),
    );
    expect(plan.starts).toEqual([{ stack: 'agent', host: 'h3', reason: 'not-deployed' }]);
    expect(plan.migrations).toEqual([]);
    expect(plan.strays).toEqual([]);
    expect(plan.orphans).toEqual([]);
  });

  it('matches stack folders whose names compose rewrites', async () => {
    const config = await caseConfig('05-project-name-normalized');
    const state = new Map([
      ['Media.Server', 'h1'],
      ['dashboard.example.com', 'h1'],
      ['Home_Assistant', 'h2'],
    ]);
    const plan = planApply(
      config,
      state,
      discovery({ h1: ['mediaserver', 'dashboardexamplecom'], h2: ['home_assistant'] }),
    );
    expect(isPlanEmpty(plan)).toBe(true);
    expect(plan.unmanaged).toEqual([]);
  });

  it('still proposes a move whose pull failed', async () => {
    const config = await caseConfig('22-migration-pull-fails', 'compose-farm.moved.yaml');
    const plan = planApply(
      config,
      new Map([['notes', 'h1']]),
      discovery({ h1: ['notes'], h2: [] }),
    );
    expect(plan.migrations).toEqual([{ stack: 'notes', from: 'h1', to: 'h2' }]);
    expect(plan.starts).toEqual([]);
    expect(plan.strays).toEqual([]);
  });
});
