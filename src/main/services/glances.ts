import type {
  ContainerStatsView,
  GlancesContainersResult,
  GlancesHostResult,
  Result,
} from '../../shared/contract';
import { failed, ok } from '../../shared/contract';
import type { Config } from '../core/config/types';
import type {
  ContainerStats,
  ContainerStatsResult,
  GlancesHost,
  HostStatsResult,
} from '../core/glances';
import { GlancesClient, fetchContainerStats, fetchHostStats } from '../core/glances';
import type { ConfigSession } from './config-session';
import type { Handlers } from './dispatcher';
import type { HostAccess } from './host-access';

type GlancesHandlers = Pick<Handlers, 'glances.hosts' | 'glances.containers'>;

/**
 * Time allowed for each host. The window polls every few seconds while a page with stats is
 * shown, so a host that does not respond must not hold the next round back.
 */
export const GLANCES_TIMEOUT_MS = 4_000;

export function glancesHandlers(
  session: ConfigSession,
  access: HostAccess,
  timeoutMs = GLANCES_TIMEOUT_MS,
): GlancesHandlers {
  // Kept between calls: it remembers which API version each host's Glances speaks.
  let client: { stack: string; glances: GlancesClient } | undefined;
  const clientFor = (stack: string): GlancesClient => {
    if (client?.stack !== stack) {
      client = { stack, glances: new GlancesClient({ glancesStack: stack, timeoutMs }) };
    }
    return client.glances;
  };

  /** The config and the hosts to ask, or why not; `glancesStack` null means nothing to ask. */
  const prepare = async (
    names: readonly string[] | undefined,
  ): Promise<Result<{ glancesStack: string | null; hosts: GlancesHost[] }>> => {
    const farm = await session.farm();
    if (!farm.ok) return farm;
    const { config } = farm.value;
    const selected = selectHosts(config, names);
    if (!selected.ok) return selected;
    if (config.glancesStack === null) return ok({ glancesStack: null, hosts: [] });
    const address = access.hostAddress(config);
    return ok({
      glancesStack: config.glancesStack,
      hosts: selected.value.map((name) => ({ name, address: address(name) })),
    });
  };

  return {
    'glances.hosts': async ({ hosts: names }, { signal }) => {
      const prepared = await prepare(names);
      if (!prepared.ok) return prepared;
      const { glancesStack, hosts } = prepared.value;
      const results =
        glancesStack === null ? [] : await fetchHostStats(clientFor(glancesStack), hosts, signal);
      return ok({
        glancesStack,
        checkedAt: new Date().toISOString(),
        hosts: results.map(hostView),
      });
    },

    'glances.containers': async ({ hosts: names }, { signal }) => {
      const prepared = await prepare(names);
      if (!prepared.ok) return prepared;
      const { glancesStack, hosts } = prepared.value;
      const results =
        glancesStack === null
          ? []
          : await fetchContainerStats(clientFor(glancesStack), hosts, signal);
      return ok({
        glancesStack,
        checkedAt: new Date().toISOString(),
        hosts: results.map(containersView),
      });
    },
  };
}

function selectHosts(config: Config, names: readonly string[] | undefined): Result<string[]> {
  if (names === undefined) return ok([...config.hosts.keys()]);
  const missing = names.find((name) => !config.hosts.has(name));
  if (missing !== undefined) {
    return failed(
      'host-not-found',
      `Host ${missing} is not in ${config.path}.`,
      'Reload the page: the config may have changed since it showed the host.',
      { host: missing },
    );
  }
  return ok([...new Set(names)]);
}

function hostView(result: HostStatsResult): GlancesHostResult {
  if (!result.ok) return { ...result };
  const { stats } = result;
  return {
    host: result.host,
    ok: true,
    stats: {
      apiVersion: stats.apiVersion,
      cpuPercent: stats.cpuPercent,
      memoryPercent: stats.memoryPercent,
      swapPercent: stats.swapPercent,
      memory: stats.memory === undefined ? null : { ...stats.memory },
      load:
        stats.load === undefined
          ? null
          : {
              min1: stats.load.min1,
              min5: stats.load.min5,
              min15: stats.load.min15,
              cores: stats.load.cores ?? null,
            },
      diskPercent: stats.diskPercent ?? null,
      network: stats.network === undefined ? null : { ...stats.network },
    },
  };
}

function containersView(result: ContainerStatsResult): GlancesContainersResult {
  if (!result.ok) return { ...result };
  return { host: result.host, ok: true, containers: result.containers.map(containerView) };
}

function containerView(stats: ContainerStats): ContainerStatsView {
  return {
    name: stats.name,
    image: stats.image,
    status: stats.status,
    uptime: stats.uptime,
    cpuPercent: stats.cpuPercent ?? null,
    memoryUsageBytes: stats.memoryUsageBytes ?? null,
    memoryLimitBytes: stats.memoryLimitBytes ?? null,
    memoryPercent: stats.memoryPercent ?? null,
    networkReceivedPerSecond: stats.networkReceivedPerSecond ?? null,
    networkSentPerSecond: stats.networkSentPerSecond ?? null,
  };
}
