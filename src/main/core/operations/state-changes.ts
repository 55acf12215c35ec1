import type { DeployedState } from '../state/types';
import { deploymentHosts } from '../state/types';
import { removeStack, setMultiHostStack, setStackHost } from '../state/deployments';
import { updateState } from '../state/update';
import type { OperationContext } from './context';

/** Applies one change to the state file under its lock and emits `state-changed` when it wrote. */
export async function changeState(
  context: OperationContext,
  change: (current: DeployedState) => DeployedState,
): Promise<void> {
  const { wrote } = await updateState(context.statePath, change);
  if (wrote) context.emit({ type: 'state-changed' });
}

/** Records a single-host stack as running on `host`. */
export function recordSingleHost(context: OperationContext, stack: string, host: string) {
  return changeState(context, (state) => setStackHost(state, stack, host));
}

/**
 * Records that a multi-host stack now runs on `started` hosts too. Hosts already recorded stay:
 * a failed start elsewhere proves nothing about whether the stack still runs there.
 */
export function recordMultiHost(
  context: OperationContext,
  stack: string,
  started: readonly string[],
) {
  if (started.length === 0) return Promise.resolve();
  return changeState(context, (state) => {
    const previous = deploymentHosts(state.get(stack) ?? []);
    return setMultiHostStack(state, stack, [...new Set([...previous, ...started])]);
  });
}

/** Forgets a stack on one host (multi-host) or entirely (single-host, or no host given). */
export function recordStopped(context: OperationContext, stack: string, host?: string) {
  return changeState(context, (state) => removeStack(state, stack, host));
}
