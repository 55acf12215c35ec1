import type { StackConfig } from '../config/types';
import { readState } from '../state/file';
import { deploymentHosts } from '../state/types';
import type { OrphanAction, StrayAction } from '../plan/plan';
import type { OperationContext } from './context';
import { exitCodeOf, runCompose } from './context';
import type { StackResult } from './events';
import { failed, succeeded } from './events';
import { recordStopped } from './state-changes';

export interface TargetOptions {
  /** Act only on this host; multi-host stacks keep running elsewhere. */
  readonly host?: string;
}

/** One stack on one host, with the label its output carries. */
export interface StackTarget {
  readonly stack: string;
  readonly host: string;
  readonly label: string;
}

/**
 * The hosts a command acts on for each stack: its configured hosts, or only `host` when given.
 * Multi-host stacks get `stack@host` labels so that their lines can be distinguished.
 */
export function targetsOf(
  stacks: readonly StackConfig[],
  options: TargetOptions = {},
): StackTarget[] {
  const targets: StackTarget[] = [];
  for (const stack of stacks) {
    const hosts = options.host === undefined ? stack.hosts : [options.host];
    const multi = stack.hosts.length > 1;
    for (const host of hosts) {
      if (!stack.hosts.includes(host)) continue;
      targets.push({
        stack: stack.name,
        host,
        label: multi ? `${stack.name}@${host}` : stack.name,
      });
    }
  }
  return targets;
}

/**
 * Runs `docker compose ARGS` for every target at once, bounded per host, and reports each
 * result as it ends. Used by stop, restart, pull, logs and the like.
 */
export async function runOnTargets(
  context: OperationContext,
  targets: readonly StackTarget[],
  args: readonly string[],
): Promise<StackResult[]> {
  return Promise.all(
    targets.map((target) =>
      context.limiter.run(target.host, async () => {
        const result = await runTarget(context, target, args);
        context.emit({ type: 'result', result });
        return result;
      }),
    ),
  );
}

async function runTarget(
  context: OperationContext,
  target: StackTarget,
  args: readonly string[],
): Promise<StackResult> {
  if (context.signal?.aborted) {
    return failed(target.stack, target.host, 130, { label: target.label, message: 'cancelled' });
  }
  const result = await runCompose(context, target.stack, target.host, args, {
    label: target.label,
  });
  if (result.success) return succeeded(target.stack, target.host, target.label);
  return failed(target.stack, target.host, exitCodeOf(result), {
    label: target.label,
    ...(result.end.type === 'error' ? { error: result.end.error } : {}),
  });
}

/**
 * Runs `docker compose down` for stacks, then removes each from the state file: a multi-host stack on
 * each host that stopped, a single-host stack once every host it was asked to stop on did.
 * Without a host filter, a stack is also stopped on the hosts the state file records it on
 * outside the config, so a stack waiting to move is not left running unrecorded.
 */
export async function downStacks(
  context: OperationContext,
  stacks: readonly StackConfig[],
  options: TargetOptions = {},
): Promise<StackResult[]> {
  const state = await readState(context.statePath);
  const targets = targetsOf(stacks, options);

  if (options.host === undefined) {
    for (const stack of stacks) {
      for (const host of deploymentHosts(state.get(stack.name) ?? [])) {
        const known = context.config.hosts.has(host);
        const listed = targets.some((t) => t.stack === stack.name && t.host === host);
        const label = stack.hosts.length > 1 ? `${stack.name}@${host}` : stack.name;
        if (known && !listed) targets.push({ stack: stack.name, host, label });
      }
    }
  }

  const results = await runOnTargets(context, targets, ['down']);

  for (const stack of stacks) {
    const own = results.filter((result) => result.stack === stack.name);
    if (stack.hosts.length > 1) {
      for (const result of own) {
        if (result.success && result.host !== null) {
          await recordStopped(context, stack.name, result.host);
        }
      }
    } else if (own.length > 0 && own.every((result) => result.success)) {
      await recordStopped(context, stack.name);
    }
  }
  return results;
}

/**
 * Stops stacks the config no longer lists on every host the state file records them on, and
 * removes each from the state file once all of its hosts stopped it. A host the config no
 * longer has cannot be reached, so such a stack stays recorded and its result fails.
 */
export async function stopOrphans(
  context: OperationContext,
  orphans: readonly OrphanAction[],
): Promise<StackResult[]> {
  const results: StackResult[] = [];
  await Promise.all(
    orphans.map(async (orphan) => {
      const own = await Promise.all(
        orphan.hosts.map((host) => stopOrphanOn(context, orphan.stack, host)),
      );
      results.push(...own);
      if (own.every((result) => result.success)) await recordStopped(context, orphan.stack);
    }),
  );
  return results;
}

async function stopOrphanOn(
  context: OperationContext,
  stack: string,
  host: string,
): Promise<StackResult> {
  const label = `${stack}@${host}`;
  if (!context.config.hosts.has(host)) {
    const result = failed(stack, host, 1, {
      label,
      message: `host ${host} is no longer in the config, so ${stack} cannot be stopped there`,
    });
    context.emit({
      type: 'message',
      level: 'warning',
      text: `${label}: host no longer in config, skipping`,
      stack,
      host,
    });
    context.emit({ type: 'result', result });
    return result;
  }
  const [result] = await runOnTargets(context, [{ stack, host, label }], ['down']);
  if (result?.success) {
    context.emit({ type: 'message', level: 'success', text: `${label}: stopped`, stack, host });
  }
  return result as StackResult;
}

/**
 * Stops copies of stacks running on hosts outside their configured ones. A host the state file
 * records the stack on is removed from it once the copy there stopped, as when a multi-host
 * stack leaves a host.
 */
export async function stopStrays(
  context: OperationContext,
  strays: readonly StrayAction[],
): Promise<StackResult[]> {
  const targets = strays.map((stray) => ({
    stack: stray.stack,
    host: stray.host,
    label: `${stray.stack}@${stray.host}`,
  }));
  const results = await runOnTargets(context, targets, ['down']);
  for (const result of results) {
    if (result.success) {
      if (result.host !== null) await recordStopped(context, result.stack, result.host);
      context.emit({
        type: 'message',
        level: 'success',
        text: `${result.label}: stopped (stray)`,
        stack: result.stack,
        ...(result.host === null ? {} : { host: result.host }),
      });
    }
  }
  return results;
}
