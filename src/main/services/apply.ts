import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { PlanAction, PlanPreflight, StateView } from '../../shared/contract';
import { failed, ok } from '../../shared/contract';
import { projectState } from '../../shared/plan-state';
import type { Config } from '../core/config/types';
import { executePlan, planFromHosts } from '../core/operations/apply';
import { checkRequirements } from '../core/operations/preflight';
import { updateTraefikFile } from '../core/operations/traefik-hook';
import type { ApplyPlan } from '../core/plan/plan';
import type { DeployedState } from '../core/state';
import { deploymentHosts, sortedHosts } from '../core/state';
import type { ActionRegistry } from './action-registry';
import type { ConfigSession } from './config-session';
import type { Handlers } from './dispatcher';
import type { HostAccess } from './host-access';

type ApplyHandlers = Pick<Handlers, 'apply.plan' | 'apply.run'>;

/** A previewed plan may run for this long; after that the hosts may have changed. */
const PLAN_LIFETIME_MS = 15 * 60_000;
/** Plans kept per caller and kind. A window requests quick plans often and previews seldom. */
const KEPT_PLANS = 8;
/** Callers whose plans are kept; each window connection is one caller. */
const KEPT_CALLERS = 32;

interface StoredPlan {
  readonly plan: ApplyPlan;
  readonly actions: readonly PlanAction[];
  /** The config the plan was made from, to reject a run after the config changed. */
  readonly configKey: string;
  /** Hashes of the config and state files, to reject a run after either file changed. */
  readonly files: FileFingerprint;
  readonly createdAt: number;
}

interface FileFingerprint {
  readonly config: string;
  readonly state: string;
}

export function applyHandlers(
  session: ConfigSession,
  access: HostAccess,
  registry: ActionRegistry,
): ApplyHandlers {
  // Plans by caller and kind, so that quick dashboard plans never push out a previewed one.
  const plansByCaller = new Map<string, Map<string, StoredPlan>>();
  const findPlan = (planId: string) => {
    for (const plans of plansByCaller.values()) {
      const stored = plans.get(planId);
      if (stored !== undefined) return { plans, stored };
    }
    return undefined;
  };
  const keepPlan = (caller: string, planId: string, stored: StoredPlan) => {
    const plans = plansByCaller.get(caller) ?? new Map<string, StoredPlan>();
    plansByCaller.delete(caller);
    plansByCaller.set(caller, plans);
    plans.set(planId, stored);
    for (const old of [...plans.keys()].slice(0, Math.max(0, plans.size - KEPT_PLANS))) {
      plans.delete(old);
    }
    const callers = [...plansByCaller.keys()];
    for (const old of callers.slice(0, Math.max(0, callers.length - KEPT_CALLERS))) {
      plansByCaller.delete(old);
    }
  };

  return {
    'apply.plan': async ({ full, preflight }, { signal, scope }) => {
      const farm = await session.farm();
      if (!farm.ok) return farm;
      const { config } = farm.value;
      // Taken before the hosts are queried, so that a change during the query expires the plan.
      const files = await fingerprint(config.path, farm.value.statePath);
      const context = access.operationContext(farm.value, () => undefined, signal);
      const { plan, state } = await planFromHosts(context, { full });
      const actions = planActions(config, plan);

      const unreachable = new Set(plan.unreachableHosts.map((entry) => entry.host));
      const targets = actions.flatMap((action) =>
        action.kind === 'start'
          ? [{ stack: action.stack, host: action.host }]
          : action.kind === 'migration'
            ? [{ stack: action.stack, host: action.to }]
            : [],
      );
      const checks: PlanPreflight[] = preflight
        ? await Promise.all(
            targets
              .filter((target) => !unreachable.has(target.host))
              .map((target) =>
                context.limiter.run(target.host, async () => ({
                  ...target,
                  problems: (
                    await checkRequirements(context, target.stack, target.host)
                  ).problems.map((problem) => ({ ...problem })),
                })),
              ),
          )
        : [];
      signal.throwIfAborted();

      const planId = `plan-${randomBytes(6).toString('hex')}`;
      keepPlan(`${scope}\0${preflight ? 'preview' : 'quick'}`, planId, {
        plan,
        actions,
        configKey: configKey(config),
        files,
        createdAt: Date.now(),
      });

      const stateBefore = stateView(state);
      return ok({
        planId,
        createdAt: new Date().toISOString(),
        actions,
        preflight: checks,
        preflightChecked: preflight,
        stateBefore,
        stateAfter: projectState(stateBefore, actions),
        duplicates: plan.duplicates.map((entry) => ({
          stack: entry.stack,
          hosts: [...entry.hosts],
        })),
        unknown: plan.unknown.map((entry) => ({ stack: entry.stack, hosts: [...entry.hosts] })),
        unreachableHosts: plan.unreachableHosts.map((entry) => ({ ...entry })),
        unmanaged: plan.unmanaged.map((entry) => ({ ...entry })),
      });
    },

    'apply.run': async ({ planId, actionIds }) => {
      const found = findPlan(planId);
      if (found === undefined || Date.now() - found.stored.createdAt > PLAN_LIFETIME_MS) {
        found?.plans.delete(planId);
        return expired(`The plan ${planId} is unknown or older than 15 minutes.`);
      }
      const { plans, stored } = found;
      const farm = await session.farm();
      if (!farm.ok) return farm;
      if (configKey(farm.value.config) !== stored.configKey) {
        plans.delete(planId);
        return expired('compose-farm.yaml changed after this plan was made.');
      }
      const files = await fingerprint(farm.value.config.path, farm.value.statePath);
      if (files.config !== stored.files.config) {
        plans.delete(planId);
        return expired(`${farm.value.config.path} changed after this plan was made.`);
      }
      if (files.state !== stored.files.state) {
        plans.delete(planId);
        return expired(
          `${farm.value.statePath} changed after this plan was made, as when another apply or cf command ran.`,
        );
      }
      const chosen = new Set(actionIds);
      const unknown = actionIds.filter((id) => !stored.actions.some((action) => action.id === id));
      if (unknown.length > 0) {
        return failed(
          'invalid-request',
          `The plan ${planId} has no action ${unknown.slice(0, 3).join(', ')}.`,
          'Preview the apply again and choose among its actions.',
        );
      }
      const subset = subsetOf(stored.plan, chosen);
      const stacks = [
        ...new Set(stored.actions.filter((a) => chosen.has(a.id)).map((a) => a.stack)),
      ];
      const count = chosen.size;
      const started = registry.start(
        { kind: 'apply', title: `apply ${count} ${count === 1 ? 'action' : 'actions'}`, stacks },
        (emit, signal) => {
          const context = access.operationContext(farm.value, emit, signal);
          return executePlan(context, subset, async (phase, results) => {
            if (phase === 'migrations' || phase === 'starts' || phase === 'refreshes') {
              await updateTraefikFile(context, results);
            }
          });
        },
      );
      // A plan runs once. One rejected because a stack was busy stays for another try.
      if (started.ok) plans.delete(planId);
      return started.ok ? ok({ actionId: started.value }) : started;
    },
  };
}

function expired(message: string) {
  return failed('plan-expired', message, 'Preview the apply again, then confirm.');
}

/** The plan's steps in the order apply runs them, each with an id the window can send back. */
export function planActions(config: Config, plan: ApplyPlan): PlanAction[] {
  return [
    ...plan.orphans.map((orphan): PlanAction => ({
      id: `orphan:${orphan.stack}`,
      kind: 'orphan',
      stack: orphan.stack,
      hosts: [...orphan.hosts],
      removedHosts: [...orphan.removedHosts],
    })),
    ...plan.strays.map((stray): PlanAction => ({
      id: `stray:${stray.stack}@${stray.host}`,
      kind: 'stray',
      stack: stray.stack,
      host: stray.host,
      configuredHosts: [...stray.configuredHosts],
    })),
    ...plan.migrations.map((migration): PlanAction => ({
      id: `migration:${migration.stack}`,
      kind: 'migration',
      ...migration,
    })),
    ...plan.starts.map((start): PlanAction => ({
      id: `start:${start.stack}@${start.host}`,
      kind: 'start',
      ...start,
      multiHost: (config.stacks.get(start.stack)?.hosts.length ?? 1) > 1,
    })),
    ...plan.refreshes.map((refresh): PlanAction => ({
      id: `refresh:${refresh.stack}`,
      kind: 'refresh',
      stack: refresh.stack,
      hosts: [...refresh.hosts],
    })),
  ];
}

function subsetOf(plan: ApplyPlan, chosen: ReadonlySet<string>): ApplyPlan {
  return {
    ...plan,
    orphans: plan.orphans.filter((orphan) => chosen.has(`orphan:${orphan.stack}`)),
    strays: plan.strays.filter((stray) => chosen.has(`stray:${stray.stack}@${stray.host}`)),
    migrations: plan.migrations.filter((migration) => chosen.has(`migration:${migration.stack}`)),
    starts: plan.starts.filter((start) => chosen.has(`start:${start.stack}@${start.host}`)),
    refreshes: plan.refreshes.filter((refresh) => chosen.has(`refresh:${refresh.stack}`)),
  };
}

function stateView(state: DeployedState): StateView {
  return Object.fromEntries(
    [...state].map(([stack, deployment]) => [stack, sortedHosts(deploymentHosts(deployment))]),
  );
}

function configKey(config: Config): string {
  return JSON.stringify({
    composeDir: config.composeDir,
    hosts: [...config.hosts.values()],
    stacks: [...config.stacks.values()].map((stack) => [stack.name, stack.hosts]),
  });
}

/** Hashes the config and state files; a missing file hashes as empty. */
async function fingerprint(configPath: string, statePath: string): Promise<FileFingerprint> {
  const hash = async (path: string) => {
    const text = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    });
    return createHash('sha256').update(text).digest('hex');
  };
  const [config, state] = await Promise.all([hash(configPath), hash(statePath)]);
  return { config, state };
}
