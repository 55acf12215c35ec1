import { describe, expect, it } from 'vitest';
import type { LiveStack, StackSummary } from '../../../src/shared/contract';
import {
  liveSignature,
  filterAndSort,
  splitPorts,
} from '../../../src/renderer/src/views/stacks-rows';

function summary(
  name: string,
  configured: string[],
  deployed: string[],
  placement: StackSummary['placement'],
): StackSummary {
  return { name, form: 'single', configuredHosts: configured, deployedHosts: deployed, placement };
}

const STACKS = [
  summary('web', ['h1'], ['h1'], 'deployed'),
  summary('db', ['h2'], [], 'not-deployed'),
  summary('media', ['h3'], ['h1'], 'needs-migration'),
  summary('app', ['h2', 'h3'], ['h2', 'h3'], 'deployed'),
];

const names = (stacks: readonly StackSummary[]) => stacks.map((stack) => stack.name);

describe('filterAndSort', () => {
  it('sorts by name', () => {
    const ascending = filterAndSort(STACKS, '', { key: 'name', ascending: true });
    expect(names(ascending)).toEqual(['app', 'db', 'media', 'web']);
    const descending = filterAndSort(STACKS, '', { key: 'name', ascending: false });
    expect(names(descending)).toEqual(['web', 'media', 'db', 'app']);
  });

  it('sorts by state, then by name', () => {
    const sorted = filterAndSort(STACKS, '', { key: 'placement', ascending: true });
    expect(names(sorted)).toEqual(['app', 'web', 'media', 'db']);
  });

  it('filters by name, host or state, ignoring case and spaces', () => {
    expect(names(filterAndSort(STACKS, ' H3 ', { key: 'name', ascending: true }))).toEqual([
      'app',
      'media',
    ]);
    expect(names(filterAndSort(STACKS, 'migration', { key: 'name', ascending: true }))).toEqual([
      'media',
    ]);
  });

  it('leaves its input in order', () => {
    const input = [...STACKS];
    filterAndSort(input, '', { key: 'name', ascending: true });
    expect(names(input)).toEqual(['web', 'db', 'media', 'app']);
  });
});

function live(state: string, status: string, ports = '0.0.0.0:8080->80/tcp'): LiveStack {
  return {
    name: 'web',
    hosts: [
      {
        host: 'h1',
        configured: true,
        status: state === 'running' ? 'running' : 'stopped',
        containers: [
          { name: 'web-nginx-1', service: 'nginx', state, status, image: 'nginx:1', ports },
        ],
      },
    ],
  };
}

describe('liveSignature', () => {
  it('ignores the uptime text', () => {
    expect(liveSignature(live('running', 'Up 2 minutes'))).toBe(
      liveSignature(live('running', 'Up 3 minutes')),
    );
  });

  it('changes with the state', () => {
    expect(liveSignature(live('running', 'Up 2 minutes'))).not.toBe(
      liveSignature(live('exited', 'Exited (0)')),
    );
  });

  it('changes with the ports', () => {
    expect(liveSignature(live('running', 'Up', '0.0.0.0:8080->80/tcp'))).not.toBe(
      liveSignature(live('running', 'Up', '0.0.0.0:8081->80/tcp')),
    );
  });

  it('changes with a stray copy', () => {
    const stray = live('running', 'Up');
    const configured = live('running', 'Up');
    stray.hosts[0] = { ...(stray.hosts[0] as LiveStack['hosts'][number]), configured: false };
    expect(liveSignature(stray)).not.toBe(liveSignature(configured));
  });

  it('is empty without live data', () => {
    expect(liveSignature(undefined)).toBe('');
  });
});

describe('splitPorts', () => {
  it('drops IPv6 twins and the any address', () => {
    expect(splitPorts('0.0.0.0:8080->80/tcp, [::]:8080->80/tcp, 127.0.0.1:9000->9000/tcp')).toEqual(
      ['8080->80/tcp', '127.0.0.1:9000->9000/tcp'],
    );
  });

  it('returns nothing for no ports', () => {
    expect(splitPorts('')).toEqual([]);
  });
});
