import type { ApplyPlanView, PlanAction } from '../../../shared/contract';
import { routeHref } from '../router';
import { Badge, HostList } from './badges';
import { DataTable } from './DataTable';

/** Each kind of plan step with its badge, in the order apply runs them. */
export const ACTION_KINDS: Readonly<Record<PlanAction['kind'], { label: string; tone: string }>> = {
  orphan: { label: 'Stop (orphan)', tone: 'danger' },
  stray: { label: 'Stop (stray)', tone: 'danger' },
  migration: { label: 'Migrate', tone: 'warn' },
  start: { label: 'Start', tone: 'info' },
  refresh: { label: 'Refresh', tone: 'muted' },
};

export function describeAction(action: PlanAction): { from: string[]; to: string[] } {
  switch (action.kind) {
    case 'orphan':
      return { from: action.hosts, to: [] };
    case 'stray':
      return { from: [action.host], to: action.configuredHosts };
    case 'migration':
      return { from: [action.from], to: [action.to] };
    case 'start':
      return { from: [], to: [action.host] };
    case 'refresh':
      return { from: action.hosts, to: action.hosts };
  }
}

/** Counts and a table of what apply would do, as found on the hosts, for the dashboard. */
export function PlanSummary({ plan }: { plan: ApplyPlanView }) {
  const count = (kind: PlanAction['kind']) =>
    plan.actions.filter((action) => action.kind === kind).length;
  const rowKeys = [
    ...plan.actions.map((action) => action.id),
    ...plan.unknown.map((entry) => `unknown:${entry.stack}`),
    ...plan.unmanaged.map((entry) => `unmanaged:${entry.host}/${entry.project}`),
  ];
  return (
    <>
      <dl className="stat-row">
        <Stat label="Orphans" value={count('orphan')} tone="danger" />
        <Stat label="Strays" value={count('stray')} tone="danger" />
        <Stat label="Migrations" value={count('migration')} tone="warn" />
        <Stat label="Missing" value={count('start')} tone="muted" />
        <Stat label="Unknown" value={plan.unknown.length} tone="warn" />
        <Stat label="Unmanaged" value={plan.unmanaged.length} tone="muted" />
      </dl>
      {plan.unreachableHosts.length > 0 && (
        <p className="notice notice-warn">
          Not asked: {plan.unreachableHosts.map((entry) => entry.host).join(', ')}. Their stacks
          count as unknown, never as stopped.
        </p>
      )}
      {plan.actions.length + plan.unknown.length + plan.unmanaged.length === 0 ? (
        <p className="muted">Every host runs what the config says: apply has nothing to do.</p>
      ) : (
        <DataTable
          label="Pending changes"
          columns={['Stack', 'Change', 'Runs on', 'Should run on']}
          rowKeys={rowKeys}
        >
          {plan.actions.map((action) => {
            const { from, to } = describeAction(action);
            return (
              <tr key={action.id} data-row-key={action.id}>
                <td>
                  <a href={routeHref({ page: 'stack', name: action.stack })}>{action.stack}</a>
                </td>
                <td>
                  <Badge tone={ACTION_KINDS[action.kind].tone}>
                    {ACTION_KINDS[action.kind].label}
                  </Badge>
                </td>
                <td>
                  <HostList hosts={from} />
                </td>
                <td>
                  <HostList hosts={to} />
                </td>
              </tr>
            );
          })}
          {plan.unknown.map((entry) => (
            <tr key={`unknown:${entry.stack}`} data-row-key={`unknown:${entry.stack}`}>
              <td>
                <a href={routeHref({ page: 'stack', name: entry.stack })}>{entry.stack}</a>
              </td>
              <td>
                <Badge tone="unknown">Unknown</Badge>
              </td>
              <td colSpan={2} className="muted">
                {entry.hosts.join(', ')} could not be asked
              </td>
            </tr>
          ))}
          {plan.unmanaged.map((entry) => (
            <tr
              key={`unmanaged:${entry.host}/${entry.project}`}
              data-row-key={`unmanaged:${entry.host}/${entry.project}`}
            >
              <td className="mono">{entry.project}</td>
              <td>
                <Badge tone="muted">Unmanaged</Badge>
              </td>
              <td>
                <HostList hosts={[entry.host]} />
              </td>
              <td className="muted">
                Not in the config or the state file, so apply leaves it alone
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

/** Shows a count with a coloured edge: `tone` while it is above zero, the ok colour at zero. */
export function Stat({ label, value, tone }: { label: string; value: number; tone: string }) {
  return (
    <div className={`stat stat-${value > 0 ? tone : 'ok'}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
