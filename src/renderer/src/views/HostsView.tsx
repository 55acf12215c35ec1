import type { HostSummary } from '../../../shared/contract';
import { useCall } from '../api/hooks';
import { HostKeyPanel, HostStatusFacts, ConnectionDetails } from '../components/HostPanels';
import { EmptyState, ErrorState, Loading } from '../components/states';
import { HostStateBadge } from '../components/status';
import { HostGlances } from '../monitoring/glances';
import { routeHref } from '../router';
import { HostShellButton } from '../terminals/launchers';

export function HostsView() {
  const hosts = useCall('hosts.list', {});
  const statuses = useCall('hosts.status', {});
  return (
    <div className="page">
      <header className="page-header">
        <h1>Hosts</h1>
        <p className="muted">The machines in the config and the stacks on each.</p>
      </header>
      {hosts.isPending ? (
        <Loading label="Loading hosts…" />
      ) : hosts.isError ? (
        <ErrorState
          title="Hosts could not be loaded"
          error={hosts.error}
          onRetry={() => void hosts.refetch()}
        />
      ) : hosts.data.hosts.length === 0 ? (
        <EmptyState title="No hosts configured">
          Add machines under hosts: in the config.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Host</th>
                <th scope="col">Address</th>
                <th scope="col">User</th>
                <th scope="col">Port</th>
                <th scope="col">Configured</th>
                <th scope="col">Deployed</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {hosts.data.hosts.map((host) => (
                <tr key={host.name}>
                  <td>
                    <a href={routeHref({ page: 'host', name: host.name })}>{host.name}</a>
                  </td>
                  <td className="mono">{host.address}</td>
                  <td>{host.user ?? <span className="muted">SSH default</span>}</td>
                  <td>{host.port ?? <span className="muted">SSH default</span>}</td>
                  <td>{host.configuredStacks.length}</td>
                  <td>{host.deployedStacks.length}</td>
                  <td>
                    <HostStateBadge
                      status={statuses.data?.hosts.find((status) => status.name === host.name)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function HostView({ name }: { name: string }) {
  const hosts = useCall('hosts.list', {});
  const statuses = useCall('hosts.status', {});
  const status = statuses.data?.hosts.find((candidate) => candidate.name === name);
  const breadcrumb = (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <a href={routeHref({ page: 'hosts' })}>Hosts</a> <span aria-hidden="true">/</span>{' '}
      <span aria-current="page">{name}</span>
    </nav>
  );
  if (hosts.isPending)
    return (
      <div className="page">
        {breadcrumb}
        <Loading label="Loading hosts…" />
      </div>
    );
  if (hosts.isError) {
    return (
      <div className="page">
        {breadcrumb}
        <ErrorState
          title="Hosts could not be loaded"
          error={hosts.error}
          onRetry={() => void hosts.refetch()}
        />
      </div>
    );
  }
  const host = hosts.data.hosts.find((candidate) => candidate.name === name);
  if (host === undefined) {
    return (
      <div className="page">
        {breadcrumb}
        <EmptyState title={`Host ${name} is not in the config`}>
          <a href={routeHref({ page: 'hosts' })}>See the configured hosts</a>.
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="page">
      {breadcrumb}
      <header className="page-header">
        <h1 className="title-with-badge">
          {host.name} <HostStateBadge status={status} />
        </h1>
        <div>
          <HostShellButton host={host.name} />
        </div>
        <dl className="facts">
          <div>
            <dt>Address</dt>
            <dd className="mono">{host.address}</dd>
          </div>
          <div>
            <dt>User</dt>
            <dd>{host.user ?? <span className="muted">from ~/.ssh/config, else yours</span>}</dd>
          </div>
          <div>
            <dt>Port</dt>
            <dd>{host.port ?? <span className="muted">from ~/.ssh/config, else 22</span>}</dd>
          </div>
        </dl>
      </header>
      {status !== undefined && <HostKeyPanel status={status} />}
      <HostStatusFacts status={status} pending={statuses.isFetching} />
      <HostGlances name={name} />
      <ConnectionDetails name={name} />
      <div className="columns">
        <StackColumn
          title="Configured here"
          stacks={host.configuredStacks}
          empty="The config places no stack on this host."
        />
        <StackColumn
          title="Recorded as running here"
          stacks={host.deployedStacks}
          empty="The state file records no stack on this host."
        />
      </div>
    </div>
  );
}

function StackColumn({
  title,
  stacks,
  empty,
}: {
  title: string;
  stacks: HostSummary['configuredStacks'];
  empty: string;
}) {
  return (
    <section className="panel">
      <h2>{title}</h2>
      {stacks.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="plain-list">
          {stacks.map((stack) => (
            <li key={stack}>
              <a href={routeHref({ page: 'stack', name: stack })}>{stack}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
