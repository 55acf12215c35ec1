import { composeProjectName } from '../compose/project-name';
import type { Config } from '../config/types';
import type { Discovery } from '../plan/discovery';
import type { DeployedState, Deployment } from '../state/types';
import { deploymentHosts } from '../state/types';
import { sortedHosts } from '../state/format';

export interface RefreshChange {
  readonly stack: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

/** The findings of `refresh` and the state file they lead to. */
export interface RefreshReport {
  readonly state: DeployedState;
  /** Stacks now recorded that were not before. */
  readonly added: readonly RefreshChange[];
  /** Stacks recorded on other hosts than before. */
  readonly moved: readonly RefreshChange[];
  /** Stacks no longer recorded because no host that could be asked runs them. */
  readonly removed: readonly RefreshChange[];
  /** Stacks kept as they were because a host they were on could not be asked. */
  readonly kept: readonly { readonly stack: string; readonly hosts: readonly string[] }[];
  readonly unreachableHosts: readonly { readonly host: string; readonly error: string }[];
  readonly changed: boolean;
}

export interface RefreshScope {
  /**
   * The stacks to refresh; every other entry of the state file stays as it is. Without it, every
   * configured stack is refreshed and entries of stacks the config no longer lists are kept only
   * while something still runs them.
   */
  readonly stacks?: readonly string[];
}

/**
 * Computes the state file that matches what the hosts run. A host that could not be asked
 * teaches nothing: every entry naming it is kept as it was, never read as "stopped".
 */
export function refreshState(
  config: Config,
  state: DeployedState,
  discovery: Discovery,
  scope: RefreshScope = {},
): RefreshReport {
  const unreachable = new Map<string, string>();
  for (const host of config.hosts.keys()) {
    const found = discovery.get(host);
    if (found === undefined) unreachable.set(host, 'not queried');
    else if (!found.reachable) unreachable.set(host, found.error);
  }
  const runningHosts = (stack: string): string[] => {
    const project = composeProjectName(stack);
    return [...config.hosts.keys()].filter((host) => {
      const found = discovery.get(host);
      return found?.reachable === true && found.projects.has(project);
    });
  };

  const requested = scope.stacks ?? [...config.stacks.keys()];
  const next = new Map<string, Deployment>(scope.stacks === undefined ? [] : state);
  const kept: { stack: string; hosts: string[] }[] = [];

  for (const name of requested) {
    const stack = config.stacks.get(name);
    const previous = deploymentHosts(state.get(name) ?? []);
    const unknownPrevious = previous.filter((host) => unreachable.has(host));
    const running = runningHosts(name);
    next.delete(name);

    if (stack !== undefined && stack.hosts.length > 1) {
      const hosts = [
        ...running.filter((host) => stack.hosts.includes(host)),
        ...unknownPrevious.filter((host) => stack.hosts.includes(host)),
      ];
      if (unknownPrevious.length > 0) kept.push({ stack: name, hosts: unknownPrevious });
      if (hosts.length > 0) next.set(name, sortedHosts([...new Set(hosts)]));
      continue;
    }

    const target = stack?.hosts[0];
    let host: string | undefined;
    if (target !== undefined && running.includes(target)) host = target;
    else host = running.find((candidate) => previous.includes(candidate)) ?? running[0];

    if (host === undefined && unknownPrevious.length > 0) {
      kept.push({ stack: name, hosts: unknownPrevious });
      next.set(name, state.get(name) as Deployment);
    } else if (host !== undefined) {
      next.set(name, host);
    }
  }

  if (scope.stacks === undefined) {
    // Stacks the config dropped stay recorded while a host runs them, so `apply` can stop them.
    for (const [name, deployment] of state) {
      if (config.stacks.has(name)) continue;
      const previous = deploymentHosts(deployment);
      const unknownPrevious = previous.filter((host) => unreachable.has(host));
      const still = [...runningHosts(name), ...unknownPrevious];
      if (unknownPrevious.length > 0) kept.push({ stack: name, hosts: unknownPrevious });
      if (still.length === 0) continue;
      next.set(
        name,
        typeof deployment === 'string' && still.length === 1
          ? (still[0] as string)
          : sortedHosts([...new Set(still)]),
      );
    }
  }

  const report = compareStates(state, next);
  return {
    state: next,
    ...report,
    kept,
    unreachableHosts: [...unreachable].map(([host, error]) => ({ host, error })),
  };
}

function compareStates(before: DeployedState, after: DeployedState) {
  const added: RefreshChange[] = [];
  const moved: RefreshChange[] = [];
  const removed: RefreshChange[] = [];

  for (const [stack, deployment] of after) {
    const now = deploymentHosts(deployment);
    const was = before.get(stack);
    if (was === undefined) {
      added.push({ stack, before: [], after: now });
    } else if (!sameHosts(deploymentHosts(was), now)) {
      moved.push({ stack, before: deploymentHosts(was), after: now });
    }
  }
  for (const [stack, deployment] of before) {
    if (!after.has(stack)) removed.push({ stack, before: deploymentHosts(deployment), after: [] });
  }
  const byName = (a: RefreshChange, b: RefreshChange) => a.stack.localeCompare(b.stack);
  return {
    added: added.sort(byName),
    moved: moved.sort(byName),
    removed: removed.sort(byName),
    changed: added.length + moved.length + removed.length > 0,
  };
}

function sameHosts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((host) => b.includes(host));
}
