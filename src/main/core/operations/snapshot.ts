import { composeProjectName } from '../compose/project-name';
import type { Config, HostConfig } from '../config/types';
import type { ExecError, Executors } from '../executor/types';
import type { Discovery, HostDiscovery } from '../plan/discovery';

/** A container of a compose project, as one `docker ps -a` on its host reports it. */
export interface ContainerInfo {
  readonly id: string;
  readonly name: string;
  /** Docker's state word: `running`, `exited`, `created`, `paused`, `restarting`, `dead`. */
  readonly state: string;
  /** Docker's status text, such as `Up 3 minutes` or `Exited (0) 2 hours ago`. */
  readonly status: string;
  readonly image: string;
  readonly ports: string;
  /** `com.docker.compose.project` */
  readonly project: string;
  /** `com.docker.compose.service` */
  readonly service: string;
  /** `com.docker.compose.project.working_dir`: the folder compose ran in. */
  readonly workingDir: string;
  readonly createdAt: string;
}

/** The containers one host runs, or the reason it could not be asked. */
export type HostSnapshot =
  | {
      readonly host: string;
      readonly reachable: true;
      readonly containers: readonly ContainerInfo[];
    }
  | {
      readonly host: string;
      readonly reachable: false;
      readonly error: string;
      readonly cause?: ExecError;
    };

/**
 * Every field is written as JSON by docker's template engine, so names and labels with tabs,
 * quotes or commas arrive intact, one container per line.
 */
const PS_FORMAT =
  '{"id":{{json .ID}},"name":{{json .Names}},"state":{{json .State}},' +
  '"status":{{json .Status}},"image":{{json .Image}},"ports":{{json .Ports}},' +
  '"project":{{json (.Label "com.docker.compose.project")}},' +
  '"service":{{json (.Label "com.docker.compose.service")}},' +
  '"workingDir":{{json (.Label "com.docker.compose.project.working_dir")}},' +
  '"createdAt":{{json .CreatedAt}}}';

export const SNAPSHOT_ARGV: readonly string[] = [
  'docker',
  'ps',
  '--all',
  '--no-trunc',
  '--filter',
  'label=com.docker.compose.project',
  '--format',
  PS_FORMAT,
];

/** Parses the output of SNAPSHOT_ARGV; lines that are not a container object are skipped. */
export function parseSnapshot(stdout: string): ContainerInfo[] {
  const containers: ContainerInfo[] = [];
  for (const line of stdout.split('\n')) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    try {
      const value = JSON.parse(text) as Record<string, unknown>;
      containers.push({
        id: String(value.id ?? ''),
        name: String(value.name ?? ''),
        state: String(value.state ?? ''),
        status: String(value.status ?? ''),
        image: String(value.image ?? ''),
        ports: String(value.ports ?? ''),
        project: String(value.project ?? ''),
        service: String(value.service ?? ''),
        workingDir: String(value.workingDir ?? ''),
        createdAt: String(value.createdAt ?? ''),
      });
    } catch {
      // A line that is not JSON (a docker warning) describes no container.
    }
  }
  return containers;
}

export interface SnapshotOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Asks one host for its compose containers with a single `docker ps`. */
export async function takeSnapshot(
  executors: Executors,
  host: HostConfig,
  options: SnapshotOptions = {},
): Promise<HostSnapshot> {
  const result = await executors.forHost(host).run({
    argv: SNAPSHOT_ARGV,
    timeoutMs: options.timeoutMs ?? 20_000,
    signal: options.signal,
    label: host.name,
  });
  if (result.end.type === 'error') {
    return {
      host: host.name,
      reachable: false,
      error: result.end.error.message,
      cause: result.end.error,
    };
  }
  if (!result.success) {
    const reason = result.stderr.trim().split('\n').pop() ?? '';
    const code = result.end.type === 'exit' ? `exit code ${result.end.code}` : result.end.signal;
    return {
      host: host.name,
      reachable: false,
      error: `docker ps failed on ${host.name} (${code})${reason === '' ? '' : `: ${reason}`}`,
    };
  }
  return { host: host.name, reachable: true, containers: parseSnapshot(result.stdout) };
}

/** Asks every given host at once; a slow or dead host does not hold up the others. */
export async function takeSnapshots(
  config: Config,
  executors: Executors,
  hostNames: Iterable<string> = config.hosts.keys(),
  options: SnapshotOptions = {},
): Promise<Map<string, HostSnapshot>> {
  const names = [...hostNames];
  const snapshots = await Promise.all(
    names.map((name) => {
      const host = config.hosts.get(name);
      if (host === undefined) throw new Error(`host ${name} is not in the config`);
      return takeSnapshot(executors, host, options);
    }),
  );
  return new Map(snapshots.map((snapshot) => [snapshot.host, snapshot]));
}

/**
 * Lists, per host, the project names that have a running container, for the plan. A container counts
 * for a stack when its project label is the stack's compose project name, or when compose ran
 * it in the stack's folder under another project name.
 */
export function toDiscovery(
  config: Config,
  snapshots: ReadonlyMap<string, HostSnapshot>,
): Discovery {
  const discovery = new Map<string, HostDiscovery>();
  for (const [host, snapshot] of snapshots) {
    if (!snapshot.reachable) {
      discovery.set(host, { reachable: false, error: snapshot.error });
      continue;
    }
    const projects = new Set<string>();
    for (const container of snapshot.containers) {
      if (container.state !== 'running') continue;
      projects.add(projectOfContainer(config, container));
    }
    discovery.set(host, { reachable: true, projects });
  }
  return discovery;
}

/**
 * Returns the compose project name a container counts under: its label, unless its working folder is a
 * configured stack's folder, in which case that stack's project name.
 */
export function projectOfContainer(config: Config, container: ContainerInfo): string {
  const root = config.composeDir.replace(/\/+$/, '');
  if (container.workingDir.startsWith(`${root}/`)) {
    const folder = container.workingDir.slice(root.length + 1);
    if (config.stacks.has(folder)) return composeProjectName(folder);
  }
  return container.project;
}

/** Lists the containers of one stack in a host snapshot. */
export function stackContainers(
  config: Config,
  snapshot: HostSnapshot,
  stack: string,
): ContainerInfo[] {
  if (!snapshot.reachable) return [];
  const project = composeProjectName(stack);
  return snapshot.containers.filter(
    (container) => projectOfContainer(config, container) === project,
  );
}
