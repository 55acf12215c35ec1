import { composeProjectName } from '../compose/project-name';
import type { Config, StackConfig } from '../config/types';
import type { DeployedState } from '../state/types';
import { deploymentHosts } from '../state/types';
import type { Discovery } from './discovery';

/** A stack in the state file that the config no longer lists: `down` on every host it was on. */
export interface OrphanAction {
  readonly stack: string;
  readonly hosts: readonly string[];
  /** Hosts among `hosts` that the config no longer lists, so nothing can be run there. */
  readonly removedHosts: readonly string[];
}

/** A stack found running on a host outside its configured hosts: `down` there. */
export interface StrayAction {
  readonly stack: string;
  readonly host: string;
  readonly configuredHosts: readonly string[];
}

/** A single-host stack found running on more than one host. */
export interface Duplicate {
  readonly stack: string;
  readonly hosts: readonly string[];
}

/**
 * A single-host stack running on `from` that the config puts on `to`: prepare `to`, stop it on
 * `from`, start it on `to`.
 */
export interface MigrationAction {
  readonly stack: string;
  readonly from: string;
  readonly to: string;
}

/** The reason a stack is started on a host. */
export type StartReason =
  /** The state file does not list the stack there: it was never started by this tool. */
  | 'not-deployed'
  /** The state file lists it there but the host does not run it (stopped or removed by hand). */
  | 'not-running'
  /** The state file puts it on a host the config no longer has, so it cannot be stopped there. */
  | 'previous-host-removed';

export interface StartAction {
  readonly stack: string;
  readonly host: string;
  readonly reason: StartReason;
}

/** With `full`: `up -d` again on a stack that already runs where it should. */
export interface RefreshAction {
  readonly stack: string;
  readonly hosts: readonly string[];
}

/**
 * A stack whose placement cannot be decided because a host it runs on, or may run on, could not
 * be asked. Nothing is planned for it on those hosts.
 */
export interface UnknownStack {
  readonly stack: string;
  readonly hosts: readonly string[];
}

export interface UnreachableHost {
  readonly host: string;
  readonly error: string;
}

/** A compose project running on a host that neither the config nor the state file lists. */
export interface UnmanagedProject {
  readonly host: string;
  readonly project: string;
}

/**
 * The actions of `apply`, in the order it carries them out: orphans, strays, migrations, starts, refreshes.
 * `duplicates`, `unknown`, `unreachableHosts` and `unmanaged` are findings to report, not actions.
 */
export interface ApplyPlan {
  readonly orphans: readonly OrphanAction[];
  readonly strays: readonly StrayAction[];
  readonly migrations: readonly MigrationAction[];
  readonly starts: readonly StartAction[];
  readonly refreshes: readonly RefreshAction[];
  readonly duplicates: readonly Duplicate[];
  readonly unknown: readonly UnknownStack[];
  readonly unreachableHosts: readonly UnreachableHost[];
  readonly unmanaged: readonly UnmanagedProject[];
}

export interface PlanOptions {
  /** Also `up -d` every stack that already runs where it should. */
  readonly full?: boolean;
  /** Leave orphaned stacks alone. */
  readonly noOrphans?: boolean;
  /** Leave stray copies alone. */
  readonly noStrays?: boolean;
}

/**
 * Compares the config with what each host really runs (and, where a host could not be asked,
 * with the state file) and returns the actions that make the hosts match the config. Hosts are
 * compared as sets, so a different order in a list is no change.
 */
export function planApply(
  config: Config,
  state: DeployedState,
  discovery: Discovery,
  options: PlanOptions = {},
): ApplyPlan {
  const unreachableHosts = findUnreachableHosts(config, discovery);
  const unreachable = new Set(unreachableHosts.map((entry) => entry.host));

  const strays: StrayAction[] = [];
  const migrations: MigrationAction[] = [];
  const starts: StartAction[] = [];
  const refreshes: RefreshAction[] = [];
  const duplicates: Duplicate[] = [];
  const unknown: UnknownStack[] = [];

  for (const stack of config.stacks.values()) {
    const running = findRunningHosts(config, stack, discovery);
    const stateHosts = deploymentHosts(state.get(stack.name) ?? []);
    const configured = new Set(stack.hosts);

    for (const host of running) {
      if (!configured.has(host)) {
        strays.push({ stack: stack.name, host, configuredHosts: stack.hosts });
      }
    }

    if (stack.hosts.length === 1 && running.length > 1) {
      duplicates.push({ stack: stack.name, hosts: running });
    }

    const decision =
      stack.hosts.length === 1
        ? planSingleHost(config, stack, running, stateHosts, unreachable)
        : planMultiHost(stack, running, stateHosts, unreachable);

    if (decision.migration) {
      migrations.push(decision.migration);
      // The migration stops the stack on its old host, so that host is not also a stray.
      removeStray(strays, stack.name, decision.migration.from);
    }
    starts.push(...decision.starts);
    if (decision.unknownHosts.length > 0) {
      unknown.push({ stack: stack.name, hosts: decision.unknownHosts });
    }
    if (options.full && !decision.migration) {
      const hosts = stack.hosts.filter((host) => running.includes(host));
      if (hosts.length > 0) refreshes.push({ stack: stack.name, hosts });
    }
  }

  return {
    orphans: options.noOrphans ? [] : findOrphans(config, state),
    strays: options.noStrays ? [] : strays,
    migrations,
    starts,
    refreshes,
    duplicates,
    unknown,
    unreachableHosts,
    unmanaged: findUnmanaged(config, state, discovery),
  };
}

/** True when the plan contains no action (findings such as unreachable hosts do not count). */
export function isPlanEmpty(plan: ApplyPlan): boolean {
  return (
    plan.orphans.length === 0 &&
    plan.strays.length === 0 &&
    plan.migrations.length === 0 &&
    plan.starts.length === 0 &&
    plan.refreshes.length === 0
  );
}

interface StackDecision {
  readonly migration: MigrationAction | null;
  readonly starts: readonly StartAction[];
  readonly unknownHosts: readonly string[];
}

function planSingleHost(
  config: Config,
  stack: StackConfig,
  running: readonly string[],
  stateHosts: readonly string[],
  unreachable: ReadonlySet<string>,
): StackDecision {
  const target = stack.hosts[0] as string;
  const none = { migration: null, starts: [], unknownHosts: [] };

  if (unreachable.has(target)) {
    return { ...none, unknownHosts: [target] };
  }
  if (running.includes(target)) {
    return none;
  }

  // Not on its target but running elsewhere: move it from the host the state file names, or
  // else the first in config order. Any further copies stay strays.
  if (running.length > 0) {
    const from = running.find((host) => stateHosts.includes(host)) ?? (running[0] as string);
    return { ...none, migration: { stack: stack.name, from, to: target } };
  }

  // The state file may name a host that cannot be asked: the stack may still run there, and
  // starting it on the target would make a second copy.
  const unreachableStateHosts = stateHosts.filter((host) => unreachable.has(host));
  if (unreachableStateHosts.length > 0) {
    return { ...none, unknownHosts: unreachableStateHosts };
  }

  let reason: StartReason = 'not-deployed';
  if (stateHosts.includes(target)) {
    reason = 'not-running';
  } else if (stateHosts.some((host) => !config.hosts.has(host))) {
    reason = 'previous-host-removed';
  }
  return { ...none, starts: [{ stack: stack.name, host: target, reason }] };
}

function planMultiHost(
  stack: StackConfig,
  running: readonly string[],
  stateHosts: readonly string[],
  unreachable: ReadonlySet<string>,
): StackDecision {
  const starts: StartAction[] = [];
  const unknownHosts: string[] = [];

  for (const host of stack.hosts) {
    if (unreachable.has(host)) {
      unknownHosts.push(host);
    } else if (!running.includes(host)) {
      const reason = stateHosts.includes(host) ? 'not-running' : 'not-deployed';
      starts.push({ stack: stack.name, host, reason });
    }
  }
  return { migration: null, starts, unknownHosts };
}

/** Lists the hosts, in config order, whose running projects include the stack's project. */
function findRunningHosts(config: Config, stack: StackConfig, discovery: Discovery): string[] {
  const project = composeProjectName(stack.name);
  const running: string[] = [];
  for (const host of config.hosts.keys()) {
    const found = discovery.get(host);
    if (found?.reachable && found.projects.has(project)) running.push(host);
  }
  return running;
}

function findUnreachableHosts(config: Config, discovery: Discovery): UnreachableHost[] {
  const result: UnreachableHost[] = [];
  for (const host of config.hosts.keys()) {
    const found = discovery.get(host);
    if (found === undefined) {
      result.push({ host, error: 'not queried' });
    } else if (!found.reachable) {
      result.push({ host, error: found.error });
    }
  }
  return result;
}

function findOrphans(config: Config, state: DeployedState): OrphanAction[] {
  const orphans: OrphanAction[] = [];
  for (const [stack, deployment] of state) {
    if (config.stacks.has(stack)) continue;
    const hosts = deploymentHosts(deployment);
    const removedHosts = hosts.filter((host) => !config.hosts.has(host));
    orphans.push({ stack, hosts, removedHosts });
  }
  return orphans.sort((a, b) => a.stack.localeCompare(b.stack));
}

function findUnmanaged(
  config: Config,
  state: DeployedState,
  discovery: Discovery,
): UnmanagedProject[] {
  const known = new Set<string>();
  for (const stack of config.stacks.keys()) known.add(composeProjectName(stack));
  for (const stack of state.keys()) known.add(composeProjectName(stack));

  const unmanaged: UnmanagedProject[] = [];
  for (const host of config.hosts.keys()) {
    const found = discovery.get(host);
    if (!found?.reachable) continue;
    for (const project of [...found.projects].sort()) {
      if (!known.has(project)) unmanaged.push({ host, project });
    }
  }
  return unmanaged;
}

function removeStray(strays: StrayAction[], stack: string, host: string): void {
  const index = strays.findIndex((stray) => stray.stack === stack && stray.host === host);
  if (index >= 0) strays.splice(index, 1);
}
