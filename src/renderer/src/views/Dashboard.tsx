import type { ConfigView, HostStatus, Orphan, StackSummary } from '../../../shared/contract';
import { useCall } from '../api/hooks';
import { Badge, HostList } from '../components/badges';
import { PlanSummary } from '../components/PlanSummary';
import { EmptyState, ErrorState, Loading } from '../components/states';
import { HostStateBadge } from '../components/status';
import { GlancesCard } from '../monitoring/glances';
import { routeHref } from '../router';

type LoadedConfig = Extract<ConfigView, { status: 'loaded' }>;

export function Dashboard({ config }: { config: LoadedConfig }) {
  const hosts = useCall('hosts.list', {});
  const statuses = useCall('hosts.status', {});
  const stacks = useCall('stacks.list', {});
  const plan = useCall('apply.plan', { preflight: false });
  const statusOf = (name: string): HostStatus | undefined =>
    statuses.data?.hosts.find((status) => status.name === name);

  return (
    <div className="page">
      <header className="page-header">
        <h1>Dashboard</h1>
        <p className="muted">
          {config.hostCount} {config.hostCount === 1 ? 'host' : 'hosts'}, {config.stackCount}{' '}
          {config.stackCount === 1 ? 'stack' : 'stacks'} in <code>{config.path}</code>
        </p>
      </header>

      {config.warnings.length > 0 && (
        <section className="panel panel-warn" aria-label="Config warnings">
          <h2>Config warnings</h2>
          <ul className="plain-list">
            {config.warnings.map((warning, index) => (
              <li key={index}>
                {warning.keyPath !== '' && <code>{warning.keyPath}</code>} {warning.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="hosts-heading">
        <h2 id="hosts-heading" className="section-title">
          Hosts
        </h2>
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
          <ul className="card-grid">
            {hosts.data.hosts.map((host) => (
              <li key={host.name}>
                <a className="card card-link" href={routeHref({ page: 'host', name: host.name })}>
                  <div className="card-title">
                    <span>{host.name}</span>
                    <HostStateBadge status={statusOf(host.name)} />
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
                      <dd>{containerCount(statusOf(host.name))}</dd>
                    </div>
                  </dl>
                  <HostFacts status={statusOf(host.name)} />
                  <GlancesCard host={host.name} />
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="plan-heading">
        <div className="section-title-row">
          <h2 id="plan-heading" className="section-title">
            Pending changes on the hosts
          </h2>
          <a className="button button-primary" href={routeHref({ page: 'apply' })}>
            Preview apply
          </a>
        </div>
        {plan.isPending ? (
          <Loading label="Asking every host what it runs…" />
        ) : plan.isError ? (
          <ErrorState
            title="The hosts could not be compared with the config"
            error={plan.error}
            onRetry={() => void plan.refetch()}
          />
        ) : (
          <PlanSummary plan={plan.data} />
        )}
      </section>

      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading" className="section-title">
          Config compared with the state file
        </h2>
        {stacks.isPending ? (
          <Loading label="Comparing the config with the state file…" />
        ) : stacks.isError ? (
          <ErrorState
            title="Stacks could not be loaded"
            error={stacks.error}
            onRetry={() => void stacks.refetch()}
          />
        ) : (
          <PendingChanges stacks={stacks.data.stacks} orphans={stacks.data.orphans} />
        )}
      </section>
    </div>
  );
}

function PendingChanges({ stacks, orphans }: { stacks: StackSummary[]; orphans: Orphan[] }) {
  const migrations = stacks.filter((stack) => stack.placement === 'needs-migration');
  const missing = stacks.filter((stack) => stack.placement === 'not-deployed');
  const deployed = stacks.length - migrations.length - missing.length;

  return (
    <>
      <dl className="stat-row">
        <Stat label="Deployed as configured" value={deployed} tone="ok" />
        <Stat
          label="Not deployed"
          value={missing.length}
          tone={missing.length > 0 ? 'muted' : 'ok'}
        />
        <Stat
          label="Need migration"
          value={migrations.length}
          tone={migrations.length > 0 ? 'warn' : 'ok'}
        />
        <Stat label="Orphaned" value={orphans.length} tone={orphans.length > 0 ? 'danger' : 'ok'} />
      </dl>
      {migrations.length + missing.length + orphans.length === 0 ? (
        <p className="muted">The state file matches the config: apply has nothing to do.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Stacks the state file records elsewhere</caption>
            <thead>
              <tr>
                <th scope="col">Stack</th>
                <th scope="col">Change</th>
                <th scope="col">Recorded on</th>
                <th scope="col">Configured on</th>
              </tr>
            </thead>
            <tbody>
              {migrations.map((stack) => (
                <tr key={`m:${stack.name}`}>
                  <td>
                    <a href={routeHref({ page: 'stack', name: stack.name })}>{stack.name}</a>
                  </td>
                  <td>
                    <Badge tone="warn">Migrate</Badge>
                  </td>
                  <td>
                    <HostList hosts={stack.deployedHosts} />
                  </td>
                  <td>
                    <HostList hosts={stack.configuredHosts} />
                  </td>
                </tr>
              ))}
              {missing.map((stack) => (
                <tr key={`s:${stack.name}`}>
                  <td>
                    <a href={routeHref({ page: 'stack', name: stack.name })}>{stack.name}</a>
                  </td>
                  <td>
                    <Badge tone="muted">Start</Badge>
                  </td>
                  <td>
                    <HostList hosts={[]} />
                  </td>
                  <td>
                    <HostList hosts={stack.configuredHosts} />
                  </td>
                </tr>
              ))}
              {orphans.map((orphan) => (
                <tr key={`o:${orphan.name}`}>
                  <td>{orphan.name}</td>
                  <td>
                    <Badge tone="danger">Stop (orphan)</Badge>
                  </td>
                  <td>
                    <HostList hosts={orphan.hosts} />
                  </td>
                  <td>
                    <span className="muted">not in config</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Stat({ label, value, tone }: { label: string; value: number; tone: string }) {
  return (
    <div className={`stat stat-${tone}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function containerCount(status: HostStatus | undefined): string {
  if (status?.containers == null) return '—';
  return `${status.containers.running}/${status.containers.total}`;
}

function HostFacts({ status }: { status: HostStatus | undefined }) {
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
