import { composeProjectName } from '../compose/project-name';
import { COMPOSE_FILE_NAMES } from '../compose/files';
import { stackDir } from '../config/types';
import type { ObservedDigest } from '../digest-log';
import { DIGEST_QUERY_COMMAND, parseDigestQueryOutput } from '../digest-log';
import type { DeployedState } from '../state/types';
import { deploymentHosts } from '../state/types';
import type { OperationContext } from './context';
import { hostConfig } from './context';
import { findComposeFiles } from '../compose/files';

/**
 * Asks each host that runs one of `stacks` (per the state) which image digests its containers
 * run, with one command per host. A host whose command fails adds nothing.
 */
export async function collectDigests(
  context: OperationContext,
  state: DeployedState,
  stacks: readonly string[],
): Promise<ObservedDigest[]> {
  const byHost = new Map<string, string[]>();
  for (const stack of stacks) {
    for (const host of deploymentHosts(state.get(stack) ?? [])) {
      if (!context.config.hosts.has(host)) continue;
      byHost.set(host, [...(byHost.get(host) ?? []), stack]);
    }
  }

  const composeFiles = new Map<string, string>();
  for (const stack of new Set([...byHost.values()].flat())) {
    const found = await findComposeFiles(stackDir(context.config, stack));
    composeFiles.set(
      stack,
      found.main ?? `${stackDir(context.config, stack)}/${COMPOSE_FILE_NAMES[0]}`,
    );
  }

  const perHost = await Promise.all(
    [...byHost].map(async ([host, names]) => {
      const result = await context.executors.forHost(hostConfig(context, host)).run({
        argv: ['sh', '-c', DIGEST_QUERY_COMMAND],
        timeoutMs: 30_000,
        signal: context.signal,
      });
      if (!result.success) return [];
      const projects = new Map(names.map((name) => [composeProjectName(name), name]));
      const observations = parseDigestQueryOutput(result.stdout, projects) ?? [];
      return observations.map((seen) => ({
        ...seen,
        host,
        composeFile: composeFiles.get(seen.stack) ?? '',
      }));
    }),
  );
  return perHost.flat();
}
