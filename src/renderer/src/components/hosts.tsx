import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { HostStatus, HostSummary } from '../../../shared/contract';
import { useCall } from '../api/hooks';
import { GlancesCard } from '../monitoring/glances';
import { routeHref } from '../router';
import { EmptyState, QueryState } from './states';
import { HostStateBadge } from './status';

type HostsQuery = UseQueryResult<{ hosts: HostSummary[] }>;

/** Reads the configured hosts and the status of each, as the pages that list hosts show them. */
export function useHosts(): {
  hosts: HostsQuery;
  statusOf: (name: string) => HostStatus | undefined;
  checking: boolean;
} {
  const hosts = useCall('hosts.list', {});
  const statuses = useCall('hosts.status', {});
  return {
    hosts,
    statusOf: (name) => statuses.data?.hosts.find((status) => status.name === name),
    checking: statuses.isFetching,
  };
}

/** Shows the hosts' loading and error states, a hint when the config has none, or `children`. */
export function HostsState({
  hosts,
  children,
}: {
  hosts: HostsQuery;
  children: (hosts: HostSummary[]) => ReactNode;
}) {
  return (
    <QueryState query={hosts} loading="Loading hosts…" errorTitle="Hosts could not be loaded">
      {(data) =>
        data.hosts.length === 0 ? (
          <EmptyState title="No hosts configured">
            Add machines under hosts: in the config.
          </EmptyState>
        ) : (
          children(data.hosts)
        )
      }
    </QueryState>
  );
}

/**
 * Shows a host as a card that links to its page: its state, address, stack counts, containers,
 * login and round trip, and its Glances stats when `glances_stack` is set.
 */
export function HostCard({ host, status }: { host: HostSummary; status: HostStatus | undefined }) {
  return (
    <a className="card card-link" href={routeHref({ page: 'host', name: host.name })}>
      <div className="card-title">
        <span>{host.name}</span>
        <HostStateBadge status={status} />
      </div>
      <div className="card-detail mono">
        {host.user !== null ? `${host.user}@` : ''}
        {host.address}
        {host.port !== null ? `:${host.port}` : ''}
      </div>
      <dl className="card-stats">
        <div>
          <dt>Configured</dt>
          <dd>{host.configuredStacks.length}</dd>
        </div>
        <div>
          <dt>Deployed</dt>
          <dd>{host.deployedStacks.length}</dd>
        </div>
        <div>
          <dt>Containers</dt>
          <dd>
            {status?.containers == null
              ? '—'
              : `${status.containers.running}/${status.containers.total}`}
          </dd>
        </div>
      </dl>
      <ConnectionNote status={status} />
      <GlancesCard host={host.name} />
    </a>
  );
}

function ConnectionNote({ status }: { status: HostStatus | undefined }) {
  if (status === undefined) return null;
  if (!status.reachable || status.error !== null) {
    return <p className="card-note">{status.error?.message}</p>;
  }
  return (
    <p className="card-note muted">
      {status.authMethod ?? 'no login'} · {status.latencyMs ?? '?'} ms
    </p>
  );
}
