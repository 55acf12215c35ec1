import type { KeyboardEvent } from 'react';
import { useMemo, useRef, useState } from 'react';
import type { LiveStack, StackSummary } from '../../../shared/contract';
import { useCall } from '../api/hooks';
import { HostList, PlacementBadge, placementLabel } from '../components/badges';
import { StackActions } from '../components/StackActions';
import { EmptyState, ErrorState, Loading } from '../components/states';
import { PlacementChips } from '../components/status';
import { CheckUpdatesButton, UpdateBadge } from '../monitoring/updates';
import { navigate, routeHref } from '../router';

type SortKey = 'name' | 'configured' | 'deployed' | 'placement';

const SORT_MARKS = { ascending: '▲', descending: '▼' } as const;

const COLUMNS: readonly { key: SortKey; label: string }[] = [
  { key: 'name', label: 'Stack' },
  { key: 'configured', label: 'Configured on' },
  { key: 'deployed', label: 'Recorded on' },
  { key: 'placement', label: 'State' },
];

const SORT_VALUE: Readonly<Record<SortKey, (stack: StackSummary) => string>> = {
  name: (stack) => stack.name,
  configured: (stack) => stack.configuredHosts.join(','),
  deployed: (stack) => stack.deployedHosts.join(','),
  placement: (stack) => placementLabel(stack.placement),
};

export function StacksView() {
  const stacks = useCall('stacks.list', {});
  const live = useCall('stacks.live', {});
  const liveByName = useMemo(
    () => new Map((live.data?.stacks ?? []).map((stack) => [stack.name, stack])),
    [live.data],
  );
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({
    key: 'name',
    ascending: true,
  });
  const body = useRef<HTMLTableSectionElement>(null);

  const rows = useMemo(() => {
    const text = filter.trim().toLowerCase();
    const all = stacks.data?.stacks ?? [];
    const shown = text === '' ? all : all.filter((stack) => matches(stack, text));
    const value = SORT_VALUE[sort.key];
    return [...shown].sort(
      (a, b) =>
        value(a).localeCompare(value(b)) * (sort.ascending ? 1 : -1) ||
        a.name.localeCompare(b.name),
    );
  }, [stacks.data, filter, sort]);

  // Up and down move between rows; Enter opens the stack.
  const onRowKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, name: string) => {
    const row = event.currentTarget;
    const target =
      event.key === 'ArrowDown'
        ? row.nextElementSibling
        : event.key === 'ArrowUp'
          ? row.previousElementSibling
          : null;
    if (target instanceof HTMLElement) {
      event.preventDefault();
      target.focus();
    } else if (event.key === 'Enter') {
      navigate({ page: 'stack', name });
    }
  };

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1>Stacks</h1>
          <p className="muted">
            Where each stack is configured to run, and where the state file says it runs.
          </p>
        </div>
        <input
          className="filter-input"
          type="search"
          placeholder="Filter by stack, host or state"
          aria-label="Filter stacks"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              (body.current?.firstElementChild as HTMLElement | null)?.focus();
            }
          }}
        />
      </header>

      <div className="bulk-bar" aria-label="Bulk actions">
        <span className="muted">
          {selected.size === 0
            ? 'Tick stacks to act on several at once.'
            : `${selected.size} selected`}
        </span>
        <StackActions stacks={[...selected]} />
        <CheckUpdatesButton />
        {live.isFetching && <span className="muted small">Asking the hosts…</span>}
        {live.data !== undefined && live.data.unreachableHosts.length > 0 && (
          <span className="notice notice-warn small">
            Unknown on {live.data.unreachableHosts.map((entry) => entry.host).join(', ')}
          </span>
        )}
      </div>

      {stacks.isPending ? (
        <Loading label="Loading stacks…" />
      ) : stacks.isError ? (
        <ErrorState
          title="Stacks could not be loaded"
          error={stacks.error}
          onRetry={() => void stacks.refetch()}
        />
      ) : stacks.data.stacks.length === 0 ? (
        <EmptyState title="No stacks configured">
          Add stacks under stacks: in the config.
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title="No stack matches">Nothing matches “{filter}”.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table table-rows">
            <caption className="visually-hidden">
              {rows.length} of {stacks.data.stacks.length} stacks
            </caption>
            <thead>
              <tr>
                <th scope="col" className="check-cell">
                  <input
                    type="checkbox"
                    aria-label="Select every shown stack"
                    checked={rows.length > 0 && rows.every((stack) => selected.has(stack.name))}
                    onChange={(event) =>
                      setSelected(
                        event.target.checked ? new Set(rows.map((stack) => stack.name)) : new Set(),
                      )
                    }
                  />
                </th>
                {COLUMNS.map((column) => {
                  const active = sort.key === column.key;
                  const direction = sort.ascending ? 'ascending' : 'descending';
                  return (
                    <th key={column.key} scope="col" aria-sort={active ? direction : 'none'}>
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() =>
                          setSort({ key: column.key, ascending: active ? !sort.ascending : true })
                        }
                      >
                        {column.label}
                        <span className="sort-mark" aria-hidden="true">
                          {active ? SORT_MARKS[direction] : ''}
                        </span>
                      </button>
                    </th>
                  );
                })}
                <th scope="col">Runs on</th>
                <th scope="col">Services</th>
                <th scope="col">Ports</th>
                <th scope="col">Updates</th>
              </tr>
            </thead>
            <tbody ref={body}>
              {rows.map((stack) => (
                <tr
                  key={stack.name}
                  tabIndex={0}
                  onKeyDown={(event) => onRowKeyDown(event, stack.name)}
                  onDoubleClick={() => navigate({ page: 'stack', name: stack.name })}
                >
                  <td className="check-cell">
                    <input
                      type="checkbox"
                      aria-label={`Select ${stack.name}`}
                      checked={selected.has(stack.name)}
                      onChange={() =>
                        setSelected((current) => {
                          const next = new Set(current);
                          if (next.has(stack.name)) next.delete(stack.name);
                          else next.add(stack.name);
                          return next;
                        })
                      }
                    />
                  </td>
                  <td>
                    <a href={routeHref({ page: 'stack', name: stack.name })} tabIndex={-1}>
                      {stack.name}
                    </a>
                    {stack.form === 'all' && <span className="muted small"> (all hosts)</span>}
                  </td>
                  <td>
                    <HostList hosts={stack.configuredHosts} />
                  </td>
                  <td>
                    <HostList hosts={stack.deployedHosts} />
                  </td>
                  <td>
                    <PlacementBadge placement={stack.placement} />
                  </td>
                  <LiveCells stack={liveByName.get(stack.name)} pending={live.isPending} />
                  <td>
                    <UpdateBadge stack={stack.name} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {stacks.data.orphans.length > 0 && (
            <p className="muted small table-note">
              Recorded but no longer configured:{' '}
              {stacks.data.orphans.map((orphan) => orphan.name).join(', ')}.
            </p>
          )}
        </div>
      )}
    </div>
  );
}

function matches(stack: StackSummary, text: string): boolean {
  return [
    stack.name,
    ...stack.configuredHosts,
    ...stack.deployedHosts,
    placementLabel(stack.placement),
  ]
    .join(' ')
    .toLowerCase()
    .includes(text);
}

/** Where the stack runs, each service's state and the published ports, from the hosts. */
function LiveCells({ stack, pending }: { stack: LiveStack | undefined; pending: boolean }) {
  if (stack === undefined) {
    const text = pending ? 'asking…' : '—';
    return (
      <>
        <td className="muted small">{text}</td>
        <td className="muted small">{text}</td>
        <td className="muted small">{text}</td>
      </>
    );
  }
  const containers = stack.hosts.flatMap((entry) =>
    entry.containers.map((container) => ({ ...container, host: entry.host })),
  );
  const multi = stack.hosts.length > 1;
  const ports = [...new Set(containers.flatMap((container) => splitPorts(container.ports)))];
  return (
    <>
      <td>
        <PlacementChips hosts={stack.hosts} />
      </td>
      <td className="small">
        {containers.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          containers.map((container) => (
            <div key={`${container.host}/${container.name}`} className="nowrap">
              <span className={`dot dot-${container.state}`} aria-hidden="true" />
              {container.service}
              {multi ? `@${container.host}` : ''} <span className="muted">{container.state}</span>
            </div>
          ))
        )}
      </td>
      <td className="mono small">
        {ports.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          ports.map((port) => (
            <div key={port} className="nowrap">
              {port}
            </div>
          ))
        )}
      </td>
    </>
  );
}

/** Docker lists ports as `0.0.0.0:8080->80/tcp, [::]:8080->80/tcp`; IPv6 twins are dropped. */
function splitPorts(ports: string): string[] {
  return ports
    .split(', ')
    .filter((port) => port !== '' && !port.startsWith('[::]'))
    .map((port) => port.replace(/^0\.0\.0\.0:/, ''));
}
