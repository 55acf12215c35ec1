import type { StackConfig } from '../config/types';
import { readState } from '../state/file';
import { getStackHost } from '../state/deployments';
import type { OperationContext } from './context';
import { exitCodeOf, runCompose } from './context';
import { upArguments } from './compose-command';
import type { StackResult } from './events';
import { failed, succeeded } from './events';
import type { UpOptions } from './migrate';
import { migrateStack } from './migrate';
import { preflight } from './preflight';
import { recordMultiHost, recordSingleHost } from './state-changes';

/**
 * Starts stacks where the config puts them. A single-host stack that the state file records on
 * another host is migrated; multi-host stacks start on each of their hosts. Stacks run in
 * parallel (bounded per host), migrations one at a time after the rest, and each result is
 * reported as it ends.
 */
export async function upStacks(
  context: OperationContext,
  stacks: readonly StackConfig[],
  options: UpOptions = {},
): Promise<StackResult[]> {
  const state = await readState(context.statePath);
  const simple: StackConfig[] = [];
  const multi: StackConfig[] = [];
  const migrations: { stack: StackConfig; from: string; to: string }[] = [];

  for (const stack of stacks) {
    const target = stack.hosts[0] as string;
    const recorded = getStackHost(state, stack.name);
    if (stack.hosts.length > 1) {
      multi.push(stack);
    } else if (recorded !== undefined && recorded !== target) {
      migrations.push({ stack, from: recorded, to: target });
    } else {
      simple.push(stack);
    }
  }

  const results: StackResult[] = [];
  const report = (result: StackResult) => {
    results.push(result);
    context.emit({ type: 'result', result });
    return result;
  };

  await Promise.all([
    ...simple.map((stack) =>
      context.limiter
        .run(stack.hosts[0] as string, () => startOnHost(context, stack, options))
        .then(report),
    ),
    ...multi.map(async (stack) => {
      const outcomes = await startOnHosts(context, stack, stack.hosts, options);
      outcomes.forEach(report);
    }),
  ]);

  for (const migration of migrations) {
    if (context.signal?.aborted) break;
    report(
      await migrateStack(context, migration.stack.name, migration.from, migration.to, options),
    );
  }
  return results;
}

/** Preflight, then `up -d` of a single-host stack on its configured host. */
async function startOnHost(
  context: OperationContext,
  stack: StackConfig,
  options: UpOptions,
): Promise<StackResult> {
  const host = stack.hosts[0] as string;
  const result = await startOne(context, stack.name, host, options, stack.name);
  if (result.success) await recordSingleHost(context, stack.name, host);
  return result;
}

/**
 * Starts a multi-host stack on the given hosts at once, each host on its own: a host that fails
 * preflight does not keep the others from starting. The state file gains every host that started.
 */
export async function startOnHosts(
  context: OperationContext,
  stack: StackConfig,
  hosts: readonly string[],
  options: UpOptions,
): Promise<StackResult[]> {
  const results = await Promise.all(
    hosts.map((host) =>
      context.limiter.run(host, () =>
        startOne(context, stack.name, host, options, `${stack.name}@${host}`),
      ),
    ),
  );
  const started = results.filter((result) => result.success).map((result) => result.host);
  await recordMultiHost(
    context,
    stack.name,
    started.filter((host): host is string => host !== null),
  );
  return results;
}

/** Preflight and `up -d` on one host, without touching the state file. */
export async function startOne(
  context: OperationContext,
  stack: string,
  host: string,
  options: UpOptions,
  label: string,
): Promise<StackResult> {
  if (context.signal?.aborted) return failed(stack, host, 130, { label, message: 'cancelled' });

  const problems = await preflight(context, stack, host);
  if (problems.length > 0) {
    context.emit({ type: 'preflight-failed', stack, host, problems });
    return failed(stack, host, 1, { label, message: 'preflight failed, nothing was started' });
  }
  const verb = options.pull || options.build ? 'Updating' : 'Starting';
  context.emit({ type: 'message', level: 'info', text: `${verb} on ${host}...`, stack, host });

  const result = await runCompose(context, stack, host, upArguments(options), { label });
  if (result.success) return succeeded(stack, host, label);
  return failed(stack, host, exitCodeOf(result), {
    label,
    ...(result.end.type === 'error' ? { error: result.end.error } : {}),
  });
}
