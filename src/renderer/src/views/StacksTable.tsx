import type { Ref } from 'react';
import { memo, useImperativeHandle, useLayoutEffect, useMemo, useRef } from 'react';
import type { LiveStack, StackSummary } from '../../../shared/contract';
import { HostList, PlacementBadge } from '../components/badges';
import { useRovingGrid } from '../components/roving-grid';
import { PlacementChips } from '../components/status';
import { useWindowedRows } from '../components/windowed-rows';
import { UpdateBadge } from '../monitoring/updates';
import { navigate, routeHref } from '../router';
import type { Sort, SortKey } from './stacks-rows';
import { liveSignature, splitPorts } from './stacks-rows';

const SORT_MARKS = { ascending: '▲', descending: '▼' } as const;

const SORTABLE_COLUMNS: readonly { key: SortKey; label: string }[] = [
  { key: 'name', label: 'Stack' },
  { key: 'configured', label: 'Configured on' },
  { key: 'deployed', label: 'Recorded on' },
  { key: 'placement', label: 'State' },
];

/** The selection column, the sortable columns, then the live columns and updates. */
const COLUMN_COUNT = 1 + SORTABLE_COLUMNS.length + 4;

/** The header row's key. Stack names cannot contain a slash, so no stack has this key. */
const HEADER_KEY = '/header';

/** The stack name's cell, where the tab stop of a row rests unless Left or Right moved it. */
const NAME_CELL = 1;

/** A row of one service line with a chip, before any row is measured. */
const FALLBACK_ROW_HEIGHT = 42;

export interface StacksTableHandle {
  /** Moves keyboard focus to the first stack row. */
  focusFirstRow(): void;
}

export interface StacksTableProps {
  /** The stacks to show, filtered and sorted. */
  readonly rows: readonly StackSummary[];
  /** The number of configured stacks, for the table's caption. */
  readonly total: number;
  readonly live: ReadonlyMap<string, LiveStack>;
  /** True until the first response about what runs on the hosts. */
  readonly livePending: boolean;
  readonly selected: ReadonlySet<string>;
  /** Adds a stack to the selection or removes it. Pass the same function on every render. */
  readonly onToggle: (name: string) => void;
  /** Selects every shown stack (true) or none (false). */
  readonly onSelectAll: (all: boolean) => void;
  readonly sort: Sort;
  readonly onSort: (sort: Sort) => void;
  readonly ref?: Ref<StacksTableHandle>;
}

const scrollContainer = () => document.getElementById('content');

const openStack = (key: string) => {
  if (key !== HEADER_KEY) navigate({ page: 'stack', name: key });
};

/**
 * Renders the stacks as a WAI-ARIA grid: one tab stop, arrow keys between rows and the links of
 * a row, Enter to open, Space to select. Only the rows near the visible part of the page are
 * rendered, so the browser's find in page (Ctrl+F) does not see the others: the filter does.
 */
export function StacksTable(props: StacksTableProps) {
  const { rows, total, live, livePending, selected, onToggle, onSelectAll, sort, onSort } = props;
  const names = useMemo(() => rows.map((stack) => stack.name), [rows]);
  const rowKeys = useMemo(() => [HEADER_KEY, ...names], [names]);

  const toggleRow = (key: string) => {
    if (key !== HEADER_KEY) onToggle(key);
  };
  // The windowed rows know how many rows fit in view, but need the grid's active row first.
  const pageSize = useRef(1);
  const grid = useRovingGrid<HTMLTableElement>({
    rowKeys,
    firstRow: 1,
    entryCell: NAME_CELL,
    pageSize: () => pageSize.current,
    onOpen: openStack,
    onToggle: toggleRow,
  });
  const pinned = useMemo(
    () => (grid.activeKey === undefined ? [] : [grid.activeKey]),
    [grid.activeKey],
  );
  const body = useRef<HTMLTableSectionElement>(null);
  const windowed = useWindowedRows({
    keys: names,
    list: body,
    scrollContainer,
    pinned,
    fallbackHeight: FALLBACK_ROW_HEIGHT,
  });
  useLayoutEffect(() => {
    pageSize.current = windowed.pageSize;
  });

  useImperativeHandle(props.ref, () => ({
    focusFirstRow: () => {
      if (names[0] !== undefined) grid.focusRow(names[0]);
    },
  }));

  const allSelected = rows.length > 0 && rows.every((stack) => selected.has(stack.name));
  return (
    <table
      ref={grid.ref}
      className="table table-rows stacks-grid"
      role="grid"
      aria-rowcount={rows.length + 1}
      aria-multiselectable="true"
      {...grid.gridProps}
    >
      <caption className="visually-hidden">
        {rows.length} of {total} stacks
      </caption>
      <colgroup>
        <col className="col-check" />
        <col className="col-name" />
        <col className="col-hosts" />
        <col className="col-hosts" />
        <col className="col-state" />
        <col className="col-live" />
        <col className="col-services" />
        <col className="col-ports" />
        <col className="col-updates" />
      </colgroup>
      <thead>
        <tr data-row-key={HEADER_KEY} aria-rowindex={1}>
          <th scope="col" className="check-cell">
            <input
              type="checkbox"
              aria-label="Select every shown stack"
              checked={allSelected}
              onChange={(event) => onSelectAll(event.target.checked)}
            />
          </th>
          {SORTABLE_COLUMNS.map((column) => {
            const active = sort.key === column.key;
            const direction = sort.ascending ? 'ascending' : 'descending';
            return (
              <th key={column.key} scope="col" aria-sort={active ? direction : 'none'}>
                <button
                  type="button"
                  className="sort-button"
                  onClick={() =>
                    onSort({ key: column.key, ascending: active ? !sort.ascending : true })
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
        {windowed.segments.map((segment) => {
          if (segment.kind === 'gap') {
            return (
              <tr key={`/gap/${segment.from}`} className="table-spacer" aria-hidden="true">
                <td colSpan={COLUMN_COUNT} style={{ height: segment.height }} />
              </tr>
            );
          }
          const stack = rows[segment.index] as StackSummary;
          return (
            <StackRow
              key={stack.name}
              stack={stack}
              live={live.get(stack.name)}
              livePending={livePending}
              selected={selected.has(stack.name)}
              rowIndex={segment.index + 2}
              onToggle={onToggle}
              measure={windowed.measureRow}
            />
          );
        })}
      </tbody>
    </table>
  );
}

interface StackRowProps {
  readonly stack: StackSummary;
  readonly live: LiveStack | undefined;
  readonly livePending: boolean;
  readonly selected: boolean;
  /** The row's position in the grid, counting the header row as 1. */
  readonly rowIndex: number;
  readonly onToggle: (name: string) => void;
  readonly measure: (element: HTMLElement | null) => (() => void) | undefined;
}

/**
 * One stack. It renders again only when what it shows changes: a new response from the hosts that
 * leaves the stack's containers as they were (their uptime text aside) leaves the row alone.
 */
const StackRow = memo(function StackRow(props: StackRowProps) {
  const { stack, live, livePending, selected, rowIndex, onToggle, measure } = props;
  return (
    <tr
      ref={measure}
      data-row-key={stack.name}
      aria-rowindex={rowIndex}
      aria-selected={selected}
      onDoubleClick={() => navigate({ page: 'stack', name: stack.name })}
    >
      <td className="check-cell">
        <input
          type="checkbox"
          aria-label={`Select ${stack.name}`}
          checked={selected}
          onChange={() => onToggle(stack.name)}
        />
      </td>
      <td>
        <a
          className="stack-name"
          href={routeHref({ page: 'stack', name: stack.name })}
          title={stack.name}
        >
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
      <LiveCells stack={live} pending={livePending} />
      <td>
        <UpdateBadge stack={stack.name} />
      </td>
    </tr>
  );
}, sameRow);

function sameRow(before: StackRowProps, after: StackRowProps): boolean {
  return (
    before.stack === after.stack &&
    before.livePending === after.livePending &&
    before.selected === after.selected &&
    before.rowIndex === after.rowIndex &&
    before.onToggle === after.onToggle &&
    before.measure === after.measure &&
    liveSignature(before.live) === liveSignature(after.live)
  );
}

/** Renders where the stack runs, each service's state and the published ports. */
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
