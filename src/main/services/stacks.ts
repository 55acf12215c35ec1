import type { Orphan, ServiceSummary, StackIssue, StackSummary } from '../../shared/contract';
import { failed, ok } from '../../shared/contract';
import type { ServiceModel, VolumeMount } from '../core/compose';
import { formatPublished, loadStack } from '../core/compose';
import type { Config } from '../core/config';
import type { DeployedState } from '../core/state';
import {
  deploymentHosts,
  orphanedStacks,
  stacksNeedingMigration,
  stacksNotInState,
} from '../core/state';
import type { ConfigSession } from './config-session';
import type { Handlers } from './dispatcher';

type StackHandlers = Pick<Handlers, 'stacks.list' | 'stacks.get'>;

export function stackHandlers(session: ConfigSession, env: NodeJS.ProcessEnv): StackHandlers {
  return {
    'stacks.list': async () => {
      const farm = await session.farm();
      if (!farm.ok) return farm;
      const { config, state } = farm.value;
      const orphans: Orphan[] = [...orphanedStacks(config, state)].map(([name, deployment]) => ({
        name,
        hosts: [...deploymentHosts(deployment)],
      }));
      return ok({ stacks: summarizeStacks(config, state), orphans });
    },

    'stacks.get': async ({ name }, { signal }) => {
      const farm = await session.farm();
      if (!farm.ok) return farm;
      const { config, state } = farm.value;
      const summary = summarizeStacks(config, state).find((stack) => stack.name === name);
      if (summary === undefined) {
        return failed(
          'stack-not-found',
          `Stack ${name} is not in ${config.path}.`,
          'Check the name, or add the stack under stacks: in the config.',
          { stack: name },
        );
      }

      const model = await loadStack(config.composeDir, name, { env });
      signal.throwIfAborted();
      const issues: StackIssue[] = [
        ...model.errors.map((issue) => ({ severity: 'error' as const, ...issueFields(issue) })),
        ...model.warnings.map((issue) => ({ severity: 'warning' as const, ...issueFields(issue) })),
      ];
      return ok({
        ...summary,
        stackDir: model.stackDir,
        composeFiles: [...model.composeFiles],
        projectName: model.projectName,
        services: model.services.map(summarizeService),
        issues,
      });
    },
  };
}

/** Lists every configured stack in config order, compared with the state file. */
export function summarizeStacks(config: Config, state: DeployedState): StackSummary[] {
  const migrating = new Set(stacksNeedingMigration(config, state));
  const missing = new Set(stacksNotInState(config, state));
  return [...config.stacks.values()].map((stack) => {
    const deployment = state.get(stack.name);
    return {
      name: stack.name,
      form: stack.form,
      configuredHosts: [...stack.hosts],
      deployedHosts: deployment === undefined ? [] : [...deploymentHosts(deployment)],
      placement: migrating.has(stack.name)
        ? 'needs-migration'
        : missing.has(stack.name)
          ? 'not-deployed'
          : 'deployed',
    };
  });
}

function summarizeService(service: ServiceModel): ServiceSummary {
  return {
    name: service.name,
    image: service.image ?? null,
    build: service.build,
    ports: service.ports.map((port) => {
      const target = `${port.target}/${port.protocol}`;
      if (port.published === undefined) return target;
      const host = port.hostIp === undefined ? '' : `${port.hostIp}:`;
      return `${host}${formatPublished(port.published)}:${target}`;
    }),
    mounts: service.volumes.map(describeMount),
    restart: service.restart ?? null,
  };
}

function describeMount(mount: VolumeMount): string {
  const source = 'source' in mount && mount.source !== undefined ? mount.source : '(anonymous)';
  const readOnly = 'readOnly' in mount && mount.readOnly ? ':ro' : '';
  return `${source}:${mount.target}${readOnly}`;
}

function issueFields(issue: { code: string; message: string; file?: string; line?: number }) {
  return {
    code: issue.code,
    message: issue.message,
    file: issue.file ?? null,
    line: issue.line ?? null,
  };
}
