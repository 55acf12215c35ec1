import type { ReactNode } from 'react';
import type { ConfigView, Orphan, StackSummary } from '../../../shared/contract';
import { useCall } from '../api/hooks';
import { Badge, HostList } from '../components/badges';
import { DataTable } from '../components/DataTable';
import { HostCard, HostsState, useHosts } from '../components/hosts';
import { PlanSummary, Stat } from '../components/PlanSummary';
import { Section } from '../components/Section';
import { QueryState } from '../components/states';
import { routeHref } from '../router';

type LoadedConfig = Extract<ConfigView, { status: 'loaded' }>;

export function Dashboard({ config }: { config: LoadedConfig }) {
  const { hosts, statusOf } = useHosts();
  const stacks = useCall('stacks.list', {});
  const plan = useCall('apply.plan', { preflight: false });

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

      <Section title="Hosts">
        <HostsState hosts={hosts}>
          {(list) => (
            <ul className="card-grid">
              {list.map((host) => (
                <li key={host.name}>
                  <HostCard host={host} status={statusOf(host.name)} />
                </li>
              ))}
            </ul>
          )}
        </HostsState>
      </Section>

      <Section
        title="Pending changes on the hosts"
        actions={
          <a className="button button-primary" href={routeHref({ page: 'apply' })}>
            Preview apply
          </a>
        }
      >
        <QueryState
          query={plan}
          loading="Asking every host what it runs…"
          errorTitle="The hosts could not be compared with the config"
        >
          {(data) => <PlanSummary plan={data} />}
        </QueryState>
      </Section>

      <Section title="Config compared with the state file">
        <QueryState
          query={stacks}
          loading="Comparing the config with the state file…"
          errorTitle="Stacks could not be loaded"
        >
          {(data) => <PendingChanges stacks={data.stacks} orphans={data.orphans} />}
        </QueryState>
      </Section>
    </div>
  );
}
function PendingChanges({ stacks, orphans }: { stacks: StackSummary[]; orphans: Orphan[] }) {
  const migrations = stacks.filter((stack) => stack.placement === 'needs-migration');
  const missing = stacks.filter((stack) => stack.placement === 'not-deployed');
  const deployed = stacks.length - migrations.length - missing.length;
  const rowKeys = [
    ...migrations.map((stack) => `m:${stack.name}`),
    ...missing.map((stack) => `s:${stack.name}`),
    ...orphans.map((orphan) => `o:${orphan.name}`),
  ];

  return (
    <>
      <dl className="stat-row">
        <Stat label="Deployed as configured" value={deployed} tone="ok" />
        <Stat label="Not deployed" value={missing.length} tone="muted" />
        <Stat label="Need migration" value={migrations.length} tone="warn" />
        <Stat label="Orphaned" value={orphans.length} tone="danger" />
      </dl>
      {migrations.length + missing.length + orphans.length === 0 ? (
        <p className="muted">The state file matches the config: apply has nothing to do.</p>
      ) : (
        <DataTable
          label="Stacks the state file records elsewhere"
          columns={['Stack', 'Change', 'Recorded on', 'Configured on']}
          rowKeys={rowKeys}
        >
          {migrations.map((stack) => (
            <ChangeRow
              key={`m:${stack.name}`}
              rowKey={`m:${stack.name}`}
              stack={stack.name}
              change={<Badge tone="warn">Migrate</Badge>}
              recorded={stack.deployedHosts}
              configured={<HostList hosts={stack.configuredHosts} />}
            />
          ))}
          {missing.map((stack) => (
            <ChangeRow
              key={`s:${stack.name}`}
              rowKey={`s:${stack.name}`}
              stack={stack.name}
              change={<Badge tone="muted">Start</Badge>}
              recorded={[]}
              configured={<HostList hosts={stack.configuredHosts} />}
            />
          ))}
          {orphans.map((orphan) => (
            <ChangeRow
              key={`o:${orphan.name}`}
              rowKey={`o:${orphan.name}`}
              stack={orphan.name}
              change={<Badge tone="danger">Stop (orphan)</Badge>}
              recorded={orphan.hosts}
              linked={false}
              configured={<span className="muted">not in config</span>}
            />
          ))}
        </DataTable>
      )}
    </>
  );
}

/** Shows a stack whose state file entry differs from the config. An orphan has no page to link. */
function ChangeRow({
  rowKey,
  stack,
  change,
  recorded,
  configured,
  linked = true,
}: {
  rowKey: string;
  stack: string;
  change: ReactNode;
  recorded: readonly string[];
  configured: ReactNode;
  linked?: boolean;
}) {
  return (
    <tr data-row-key={rowKey}>
      <td>{linked ? <a href={routeHref({ page: 'stack', name: stack })}>{stack}</a> : stack}</td>
      <td>{change}</td>
      <td>
        <HostList hosts={recorded} />
      </td>
      <td>{configured}</td>
    </tr>
  );
}
