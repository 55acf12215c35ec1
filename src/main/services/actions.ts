import type { StackCommand } from '../../shared/contract';
import { failed, ok } from '../../shared/contract';
import type { StackConfig } from '../core/config/types';
import type { OperationContext } from '../core/operations/context';
import type { StackResult } from '../core/operations/events';
import { downStacks, runOnTargets, targetsOf } from '../core/operations/lifecycle';
import { updateTraefikFile } from '../core/operations/traefik-hook';
import { upStacks } from '../core/operations/up';
import type { ActionRegistry } from './action-registry';
import type { ConfigSession } from './config-session';
import type { Handlers } from './dispatcher';
import type { HostAccess } from './host-access';
import { selectStacks } from './stream-targets';

type ActionHandlers = Pick<
  Handlers,
  'actions.start' | 'actions.cancel' | 'actions.list' | 'actions.output'
>;

/** Each command as `cf` runs it, the Traefik file rewritten after those that move containers. */
const COMMANDS: Readonly<
  Record<StackCommand, (context: OperationContext, stacks: StackConfig[]) => Promise<StackResult[]>>
> = {
  up: (context, stacks) => withTraefik(context, upStacks(context, stacks)),
  down: (context, stacks) => withTraefik(context, downStacks(context, stacks)),
  update: (context, stacks) =>
    withTraefik(context, upStacks(context, stacks, { pull: true, build: true })),
  restart: (context, stacks) => runOnTargets(context, targetsOf(stacks), ['restart']),
  pull: (context, stacks) =>
    runOnTargets(context, targetsOf(stacks), ['pull', '--ignore-buildable']),
};

async function withTraefik(
  context: OperationContext,
  running: Promise<StackResult[]>,
): Promise<StackResult[]> {
  const results = await running;
  await updateTraefikFile(context, results);
  return results;
}

export function actionHandlers(
  session: ConfigSession,
  access: HostAccess,
  registry: ActionRegistry,
): ActionHandlers {
  return {
    'actions.start': async ({ command, stacks: names }) => {
      const farm = await session.farm();
      if (!farm.ok) return farm;
      const { config } = farm.value;
      const selected = selectStacks(config, names);
      if (!selected.ok) return selected;
      const unique = selected.value;
      const stacks = unique.map((name) => config.stacks.get(name) as StackConfig);
      const title =
        stacks.length === 1 ? `${command} ${unique[0]}` : `${command} ${stacks.length} stacks`;
      const started = registry.start({ kind: command, title, stacks: unique }, (emit, signal) =>
        COMMANDS[command](access.operationContext(farm.value, emit, signal), stacks),
      );
      return started.ok ? ok({ actionId: started.value }) : started;
    },

    'actions.cancel': async ({ actionId }) => {
      const cancelled = registry.cancel(actionId);
      if (cancelled === undefined) return notFound(actionId);
      return ok({ cancelled });
    },

    'actions.list': async () => ok({ actions: registry.list() }),

    'actions.output': async ({ actionId }) => {
      const output = registry.output(actionId);
      return output === undefined ? notFound(actionId) : ok(output);
    },
  };
}

function notFound(actionId: string) {
  return failed(
    'action-not-found',
    `No recent action has the id ${actionId}.`,
    'The app keeps the last 20 actions; older ones and those from before a restart are gone.',
  );
}
