import type { HostStatus, HostSummary } from '../../../shared/contract';
import { Breadcrumb } from '../components/Breadcrumb';
import { ConnectionLegend, ConnectionTarget } from '../components/ConnectionTarget';
import { DataTable } from '../components/DataTable';
import { useRovingGrid } from '../components/roving-grid';
import { HostKeyPanel, HostStatusFacts, ConnectionDetails } from '../components/HostPanels';
import { HostsState, useHosts } from '../components/hosts';
import { NotFoundState, QueryState } from '../components/states';
import { closestName } from '../../../shared/suggest';
import { HostStateBadge } from '../components/status';
import { HostGlances } from '../monitoring/glances';
import { routeHref } from '../router';
import { HostShellButton } from '../terminals/launchers';

export function HostsView() {
  const { hosts, statusOf } = useHosts();
  return (
    <div className="page">
      <header className="page-header">
        <h1>Hosts</h1>
        <p className="muted">The machines in the config and the stacks on each.</p>
      </header>
      <HostsState hosts={hosts}>
        {(list) => (
          <>
            <DataTable
              label="Hosts"
              columns={['Host', 'Address', 'Connects as', 'Configured', 'Deployed', 'Status']}
            >
              {list.map((host) => (
                <tr key={host.name}>
                  <td>
                    <a href={routeHref({ page: 'host', name: host.name })}>{host.name}</a>
                  </td>
                  <td className="mono">{host.address}</td>
                  <td>
                    <ConnectionTarget host={host} />
                  </td>
                  <td>{host.configuredStacks.length}</td>
                  <td>{host.deployedStacks.length}</td>
                  <td>
                    <HostStateBadge status={statusOf(host.name)} />
                  </td>
                </tr>
              ))}
            </DataTable>
            <ConnectionLegend />
          </>
        )}
      </HostsState>
    </div>
  );
}

export function HostView({ name }: { name: string }) {
  const { hosts, statusOf, checking } = useHosts();
  return (
    <div className="page">
      <Breadcrumb parents={[{ label: 'Hosts', route: { page: 'hosts' } }]} current={name} />
      <QueryState query={hosts} loading="Loading hosts…" errorTitle="Hosts could not be loaded">
        {(data) => {
          const host = data.hosts.find((candidate) => candidate.name === name);
          if (host === undefined) {
            const names = data.hosts.map((candidate) => candidate.name);
            return (
              <NotFoundState
                kind="Host"
                name={name}
                error={undefined}
                suggestion={closestName(name, names)}
                listRoute={{ page: 'hosts' }}
                listLabel="Hosts"
                itemRoute={(host) => ({ page: 'host', name: host })}
              />
            );
          }
          return <HostDetails host={host} status={statusOf(name)} checking={checking} />;
        }}
      </QueryState>
    </div>
  );
}

function HostDetails({
  host,
  status,
  checking,
}: {
  host: HostSummary;
  status: HostStatus | undefined;
  checking: boolean;
}) {
  return (
    <>
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
            <dt>Connects as</dt>
            <dd>
              <ConnectionTarget host={host} />
            </dd>
          </div>
        </dl>
        <ConnectionLegend />
      </header>
      {status !== undefined && <HostKeyPanel status={status} />}
      <HostStatusFacts status={status} pending={checking} />
      <HostGlances name={host.name} />
      <ConnectionDetails name={host.name} />
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
    </>
  );
}

/** A list of stack links that is one tab stop, with Up and Down between the links. */
function StackColumn({
  title,
  stacks,
  empty,
}: {
  title: string;
  stacks: HostSummary['configuredStacks'];
  empty: string;
}) {
  const grid = useRovingGrid<HTMLUListElement>({ rowKeys: stacks });
  return (
    <section className="panel">
      <h2>{title}</h2>
      {stacks.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="plain-list" ref={grid.ref} aria-label={title} {...grid.gridProps}>
          {stacks.map((stack) => (
            <li key={stack} data-row-key={stack}>
              <a href={routeHref({ page: 'stack', name: stack })}>{stack}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
