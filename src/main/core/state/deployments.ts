import { isMultiHost } from '../config/types';
import type { Config } from '../config/types';
import { sortedHosts } from './format';
import type { DeployedState, Deployment } from './types';

/*
 * Pure changes to a deployed state, with Compose Farm's semantics. Each takes a state and
 * returns a new Map; the input is never modified.
 */

/** Returns the host a stack was deployed to: the single host, or the first of a list. */
export function getStackHost(state: DeployedState, stack: string): string | undefined {
  const deployment = state.get(stack);
  return typeof deployment === 'string' ? deployment : deployment?.[0];
}

/** Records a single-host stack as running on `host`, replacing whatever was recorded. */
export function setStackHost(state: DeployedState, stack: string, host: string): DeployedState {
  return new Map(state).set(stack, host);
}

/**
 * Records a stack as running on exactly `hosts`, kept as a sorted list. An empty list removes
 * the stack, since a stack deployed nowhere is not deployed.
 */
export function setMultiHostStack(
  state: DeployedState,
  stack: string,
  hosts: readonly string[],
): DeployedState {
  if (hosts.length === 0) return removeStack(state, stack);
  return new Map(state).set(stack, sortedHosts(hosts));
}

/**
 * Removes a stack. With `host`, removes only that host: a list loses the host, and the stack
 * is removed when no host is left. A single host is removed only when it equals `host`.
 * Unknown stacks are left as they are.
 */
export function removeStack(state: DeployedState, stack: string, host?: string): DeployedState {
  const deployment = state.get(stack);
  if (deployment === undefined) return state;

  const next = new Map(state);
  if (host === undefined) {
    next.delete(stack);
    return next;
  }
  if (typeof deployment === 'string') {
    if (deployment === host) next.delete(stack);
    return next;
  }

  const remaining = deployment.filter((candidate) => candidate !== host);
  if (remaining.length === 0) next.delete(stack);
  else next.set(stack, remaining);
  return next;
}

/**
 * Adds one host to a stack's deployment: an unknown stack gets the host alone, a list gains the
 * host if missing, and a different single host turns into a list of both.
 */
export function addStackHost(state: DeployedState, stack: string, host: string): DeployedState {
  const deployment = state.get(stack);
  if (deployment === undefined) return new Map(state).set(stack, host);
  if (typeof deployment === 'string') {
    if (deployment === host) return state;
    return new Map(state).set(stack, sortedHosts([deployment, host]));
  }
  if (deployment.includes(host)) return state;
  return new Map(state).set(stack, sortedHosts([...deployment, host]));
}

/** Returns the stacks recorded as deployed that the config no longer lists, with their hosts. */
export function orphanedStacks(config: Pick<Config, 'stacks'>, state: DeployedState) {
  const orphans = new Map<string, Deployment>();
  for (const [stack, deployment] of state) {
    if (!config.stacks.has(stack)) orphans.set(stack, deployment);
  }
  return orphans as ReadonlyMap<string, Deployment>;
}

/**
 * Lists the single-host stacks recorded on a host other than the configured one, in config
 * order. Stacks on several hosts never migrate.
 */
export function stacksNeedingMigration(
  config: Pick<Config, 'stacks'>,
  state: DeployedState,
): string[] {
  const stacks: string[] = [];
  for (const [name, stack] of config.stacks) {
    if (isMultiHost(stack)) continue;
    const recorded = getStackHost(state, name);
    if (recorded !== undefined && recorded !== stack.hosts[0]) stacks.push(name);
  }
  return stacks;
}

/** Lists the configured stacks with no deployment recorded, in config order. */
export function stacksNotInState(config: Pick<Config, 'stacks'>, state: DeployedState): string[] {
  return [...config.stacks.keys()].filter((stack) => !state.has(stack));
}
