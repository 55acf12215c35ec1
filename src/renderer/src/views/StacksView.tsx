import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { useCall } from '../api/hooks';
import { StackActions } from '../components/StackActions';
import { EmptyState, ErrorState, Loading } from '../components/states';
import { CheckUpdatesButton } from '../monitoring/updates';
import type { Sort } from './stacks-rows';
import { filterAndSort } from './stacks-rows';
import type { StacksTableHandle } from './StacksTable';
import { StacksTable } from './StacksTable';

const EMPTY_SELECTION_HINT = 'Tick stacks to act on several at once.';

export function StacksView() {
  const hintId = useId();
  const stacks = useCall('stacks.list', {});
  const live = useCall('stacks.live', {});
  const liveByName = useMemo(
    () => new Map((live.data?.stacks ?? []).map((stack) => [stack.name, stack])),
    [live.data],
  );
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<Sort>({ key: 'name', ascending: true });
  const table = useRef<StacksTableHandle>(null);

  const rows = useMemo(
    () => filterAndSort(stacks.data?.stacks ?? [], filter, sort),
    [stacks.data, filter, sort],
  );

  const toggle = useCallback((name: string) => {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  }, []);
  // Selecting all takes every stack the filter shows, rendered in the table or not.
  const selectAll = (all: boolean) =>
    setSelected(all ? new Set(rows.map((stack) => stack.name)) : new Set());

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
              table.current?.focusFirstRow();
            }
          }}
        />
      </header>

      <div className="bulk-bar" aria-label="Bulk actions">
        <span className="muted" id={hintId}>
          {selected.size === 0 ? EMPTY_SELECTION_HINT : `${selected.size} selected`}
        </span>
        <StackActions stacks={[...selected]} emptyHint={EMPTY_SELECTION_HINT} hintId={hintId} />
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
          <StacksTable
            ref={table}
            rows={rows}
            total={stacks.data.stacks.length}
            live={liveByName}
            livePending={live.isPending}
            selected={selected}
            onToggle={toggle}
            onSelectAll={selectAll}
            sort={sort}
            onSort={setSort}
          />
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
