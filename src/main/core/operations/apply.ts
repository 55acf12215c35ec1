import type { ApplyPlan, PlanOptions } from '../plan/plan';
import { planApply } from '../plan/plan';
import { readState } from '../state/file';
import type { DeployedState } from '../state/types';
import type { OperationContext } from './context';
import type { StackResult } from './events';
import { stopOrphans, stopStrays } from './lifecycle';
import type { UpOptions } from './migrate';
import { migrateStack } from './migrate';
import type { HostSnapshot } from './snapshot';
import { takeSnapshots, toDiscovery } from './snapshot';
import { startOnHosts, startOne } from './up';
import { recordSingleHost } from './state-changes';

export interface PlannedApply {
  readonly plan: ApplyPlan;
  readonly state: DeployedState;
  readonly snapshots: ReadonlyMap<string, HostSnapshot>;
}

/** Asks every host what it runs (one `docker ps` each) and plans what `apply` would do. */
export async function planFromHosts(
  context: OperationContext,
  options: PlanOptions = {},
): Promise<PlannedApply> {
  const [state, snapshots] = await Promise.all([
    readState(context.statePath),
    takeSnapshots(context.config, context.executors, context.config.hosts.keys(), {
      signal: context.signal,
    }),
  ]);
  const plan = planApply(context.config, state, toDiscovery(context.config, snapshots), options);
  return { plan, state, snapshots };
}

/** Names the phases so callers can show progress between them. */
export type ApplyPhase = 'orphans' | 'strays' | 'migrations' | 'starts' | 'refreshes';

/**
 * Carries out a plan in Compose Farm's order: stop orphans, stop strays, migrate, start what is
 * missing, then (with `full`) `up -d` what already runs. Each phase goes on even when a stack
 * of an earlier phase failed; a cancelled run stops between stacks.
 */
export async function executePlan(
  context: OperationContext,
  plan: ApplyPlan,
  onPhase: (phase: ApplyPhase, results: readonly StackResult[]) => void | Promise<void> = () => {},
): Promise<StackResult[]> {
  const results: StackResult[] = [];
  const phase = async (name: ApplyPhase, run: () => Promise<StackResult[]>) => {
    if (context.signal?.aborted) return;
    const phaseResults = await run();
    results.push(...phaseResults);
    await onPhase(name, phaseResults);
  };

  if (plan.orphans.length > 0) await phase('orphans', () => stopOrphans(context, plan.orphans));
  if (plan.strays.length > 0) await phase('strays', () => stopStrays(context, plan.strays));
  if (plan.migrations.length > 0) {
    await phase('migrations', async () => {
      const done: StackResult[] = [];
      for (const migration of plan.migrations) {
        if (context.signal?.aborted) break;
        const result = await migrateStack(context, migration.stack, migration.from, migration.to);
        context.emit({ type: 'result', result });
        done.push(result);
      }
      return done;
    });
  }
  if (plan.starts.length > 0) {
    await phase('starts', () =>
      startByStack(
        context,
        plan.starts.map((start) => ({ stack: start.stack, host: start.host })),
      ),
    );
  }
  if (plan.refreshes.length > 0) {
    await phase('refreshes', () =>
      startByStack(
        context,
        plan.refreshes.flatMap((refresh) =>
          refresh.hosts.map((host) => ({ stack: refresh.stack, host })),
        ),
      ),
    );
  }
  return results;
}

/** Starts stacks on the given hosts, grouped per stack so a multi-host stack is recorded once. */
async function startByStack(
  context: OperationContext,
  entries: readonly { stack: string; host: string }[],
  options: UpOptions = {},
): Promise<StackResult[]> {
  const byStack = new Map<string, string[]>();
  for (const entry of entries) {
    byStack.set(entry.stack, [...(byStack.get(entry.stack) ?? []), entry.host]);
  }

  const results = await Promise.all(
    [...byStack].map(async ([name, hosts]) => {
      const stack = context.config.stacks.get(name);
      if (stack === undefined) return [];
      if (stack.hosts.length > 1) {
        const own = await startOnHosts(context, stack, hosts, options);
        own.forEach((result) => context.emit({ type: 'result', result }));
        return own;
      }
      const host = hosts[0] as string;
      const result = await context.limiter.run(host, () =>
        startOne(context, name, host, options, name),
      );
      if (result.success) await recordSingleHost(context, name, host);
      context.emit({ type: 'result', result });
      return [result];
    }),
  );
  return results.flat();
}
