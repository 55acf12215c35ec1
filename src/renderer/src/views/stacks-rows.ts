/** Filtering, sorting and change detection for the rows of the stacks table. */
import type { LiveStack, StackSummary } from '../../../shared/contract';
import { placementLabel } from '../components/badges';

export type SortKey = 'name' | 'configured' | 'deployed' | 'placement';

export interface Sort {
  readonly key: SortKey;
  readonly ascending: boolean;
}

const SORT_VALUE: Readonly<Record<SortKey, (stack: StackSummary) => string>> = {
  name: (stack) => stack.name,
  configured: (stack) => stack.configuredHosts.join(','),
  deployed: (stack) => stack.deployedHosts.join(','),
  placement: (stack) => placementLabel(stack.placement),
};

/** Returns the stacks whose name, hosts or state contain `filter`, in the order of `sort`. */
export function filterAndSort(
  stacks: readonly StackSummary[],
  filter: string,
  sort: Sort,
): StackSummary[] {
  const text = filter.trim().toLowerCase();
  const shown = text === '' ? stacks : stacks.filter((stack) => matches(stack, text));
  const value = SORT_VALUE[sort.key];
  return [...shown].sort(
    (a, b) =>
      value(a).localeCompare(value(b)) * (sort.ascending ? 1 : -1) || a.name.localeCompare(b.name),
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

const signatures = new WeakMap<LiveStack, string>();

/**
 * Returns a string that differs between two live stacks exactly when the table's live cells
 * would differ. Containers' uptime text is left out, because the table does not show it and it
 * changes on every response.
 */
export function liveSignature(stack: LiveStack | undefined): string {
  if (stack === undefined) return '';
  let signature = signatures.get(stack);
  if (signature === undefined) {
    signature = JSON.stringify(
      stack.hosts.map((entry) => [
        entry.host,
        entry.status,
        entry.configured,
        entry.containers.map((container) => [
          container.name,
          container.service,
          container.state,
          container.ports,
        ]),
      ]),
    );
    signatures.set(stack, signature);
  }
  return signature;
}

/** Docker lists ports as `0.0.0.0:8080->80/tcp, [::]:8080->80/tcp`; IPv6 twins are dropped. */
export function splitPorts(ports: string): string[] {
  return ports
    .split(', ')
    .filter((port) => port !== '' && !port.startsWith('[::]'))
    .map((port) => port.replace(/^0\.0\.0\.0:/, ''));
}
