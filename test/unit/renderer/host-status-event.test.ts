import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { storeHostStatus } from '../../../src/renderer/src/api/hooks';
import type { CallResponse, HostStatus } from '../../../src/shared/contract';

function status(name: string, reachable: boolean): HostStatus {
  return {
    name,
    target: `root@${name}:22`,
    local: false,
    reachable,
    authMethod: reachable ? 'ssh-agent' : null,
    hostKey: reachable ? 'trusted' : 'not-checked',
    hostKeyDetails: null,
    latencyMs: reachable ? 3 : null,
    containers: reachable ? { running: 1, total: 1 } : null,
    error: reachable
      ? null
      : { code: 'host-unreachable', message: `Cannot reach ${name}.`, hint: 'Check it.' },
    checkedAt: '2026-01-01T00:00:00.000Z',
  };
}

function cached(): QueryClient {
  const queries = new QueryClient();
  const answer: CallResponse<'hosts.status'> = { hosts: [status('h1', true), status('h2', true)] };
  queries.setQueryData(['hosts.status', {}], answer);
  return queries;
}

const hostsIn = (queries: QueryClient) =>
  queries.getQueryData<CallResponse<'hosts.status'>>(['hosts.status', {}])?.hosts;

describe('storeHostStatus', () => {
  it('replaces the host in the cached response', () => {
    const queries = cached();
    expect(storeHostStatus(queries, { host: 'h2', status: status('h2', false) })).toBe(true);
    expect(hostsIn(queries)?.map((host) => [host.name, host.reachable])).toEqual([
      ['h1', true],
      ['h2', false],
    ]);
  });

  it('reports a host the response lacks', () => {
    const queries = cached();
    expect(storeHostStatus(queries, { host: 'h9', status: status('h9', false) })).toBe(false);
    expect(hostsIn(queries)?.map((host) => host.name)).toEqual(['h1', 'h2']);
  });

  it('rejects an invalid payload', () => {
    const queries = cached();
    expect(storeHostStatus(queries, { host: 'h2', status: { reachable: false } })).toBe(false);
    expect(hostsIn(queries)?.[1]?.reachable).toBe(true);
  });

  it('succeeds with nothing cached yet', () => {
    expect(storeHostStatus(new QueryClient(), { host: 'h1', status: status('h1', true) })).toBe(
      true,
    );
  });
});
