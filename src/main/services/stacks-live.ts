import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { LiveStack, LiveStatus, StackFile, StackOnHost } from '../../shared/contract';
import { failed, ok } from '../../shared/contract';
import { loadStack } from '../core/compose';
import type { Config } from '../core/config/types';
import { refreshState } from '../core/operations/refresh';
import type { ContainerInfo, HostSnapshot } from '../core/operations/snapshot';
import { stackContainers, takeSnapshots, toDiscovery } from '../core/operations/snapshot';
import { readState, withStateLock, writeState } from '../core/state';
import type { ConfigSession } from './config-session';
import type { Handlers } from './dispatcher';
import type { HostAccess } from './host-access';

type LiveHandlers = Pick<Handlers, 'stacks.live' | 'stacks.files' | 'stacks.refreshState'>;

/** Files longer than this are shown up to here; compose files and .env are far smaller. */
const MAX_FILE_BYTES = 256 * 1024;

export function liveStackHandlers(session: ConfigSession, access: HostAccess): LiveHandlers {
  return {
    'stacks.live': async (_request, { signal }) => {
      const farm = await session.farm();
      if (!farm.ok) return farm;
      const { config } = farm.value;
      const snapshots = await takeSnapshots(config, access.executors(), config.hosts.keys(), {
        signal,
      });
      return ok({
        checkedAt: new Date().toISOString(),
        unreachableHosts: unreachableOf(snapshots),
        stacks: liveStacks(config, snapshots),
      });
    },

    'stacks.files': async ({ name }) => {
      const farm = await session.farm();
      if (!farm.ok) return farm;
      const { config } = farm.value;
      if (!config.stacks.has(name)) {
        return failed(
          'stack-not-found',
          `Stack ${name} is not in ${config.path}.`,
          'Check the name, or add the stack under stacks: in the config.',
          { stack: name },
        );
      }
      const model = await loadStack(config.composeDir, name, { env: access.env });
      const wanted: { path: string; kind: StackFile['kind'] }[] = [
        ...model.composeFiles.map((path) => ({ path, kind: 'compose' as const })),
        { path: join(model.stackDir, '.env'), kind: 'env' },
      ];
      const files: StackFile[] = [];
      for (const file of wanted) {
        const read = await readStart(file.path);
        if (read === undefined) continue;
        files.push({ ...file, ...read });
      }
      return ok({ files });
    },

    'stacks.refreshState': async (_request, { signal }) => {
      const farm = await session.farm();
      if (!farm.ok) return farm;
      const { config, statePath } = farm.value;
      const snapshots = await takeSnapshots(config, access.executors(), config.hosts.keys(), {
        signal,
      });
      signal.throwIfAborted();
      const discovery = toDiscovery(config, snapshots);
      // Computed under the lock, so an action writing the state meanwhile is not undone.
      const report = await withStateLock(statePath, async () => {
        const fresh = refreshState(config, await readState(statePath), discovery);
        if (fresh.changed) await writeState(statePath, fresh.state);
        return fresh;
      });
      const copy = (change: {
        stack: string;
        before: readonly string[];
        after: readonly string[];
      }) => ({
        stack: change.stack,
        before: [...change.before],
        after: [...change.after],
      });
      return ok({
        changed: report.changed,
        added: report.added.map(copy),
        moved: report.moved.map(copy),
        removed: report.removed.map(copy),
        unreachableHosts: report.unreachableHosts.map((entry) => ({ ...entry })),
      });
    },
  };
}

function unreachableOf(snapshots: ReadonlyMap<string, HostSnapshot>) {
  return [...snapshots.values()].flatMap((snapshot) =>
    snapshot.reachable ? [] : [{ host: snapshot.host, error: snapshot.error }],
  );
}

/** Every configured stack on its configured hosts and on any other host that runs it. */
export function liveStacks(
  config: Config,
  snapshots: ReadonlyMap<string, HostSnapshot>,
): LiveStack[] {
  return [...config.stacks.values()].map((stack) => {
    const hosts: StackOnHost[] = [];
    for (const host of config.hosts.keys()) {
      const snapshot = snapshots.get(host);
      const configured = stack.hosts.includes(host);
      const containers =
        snapshot === undefined ? [] : stackContainers(config, snapshot, stack.name);
      if (!configured && containers.length === 0) continue;
      const status: LiveStatus =
        snapshot === undefined || !snapshot.reachable ? 'unknown' : statusOf(containers);
      hosts.push({ host, configured, status, containers: containers.map(viewOf) });
    }
    return { name: stack.name, hosts };
  });
}

function statusOf(containers: readonly ContainerInfo[]): LiveStatus {
  const running = containers.filter((container) => container.state === 'running').length;
  if (running === 0) return 'stopped';
  return running === containers.length ? 'running' : 'partial';
}

function viewOf(container: ContainerInfo) {
  return {
    name: container.name,
    service: container.service,
    state: container.state,
    status: container.status,
    image: container.image,
    ports: container.ports,
  };
}

async function readStart(path: string): Promise<{ text: string; truncated: boolean } | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const truncated = bytesRead > MAX_FILE_BYTES;
    return {
      text: buffer.subarray(0, Math.min(bytesRead, MAX_FILE_BYTES)).toString('utf8'),
      truncated,
    };
  } finally {
    await handle.close();
  }
}
