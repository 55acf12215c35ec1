import type { Command } from 'commander';
import type { Config, HostConfig } from '../../core/config/types';
import type { ContainerStats, HostStatsResult } from '../../core/glances';
import { GlancesClient, fetchContainerStats, fetchHostStats } from '../../core/glances';
import { sshHostAddress } from '../../core/operations/host-address';
import type { HostSnapshot } from '../../core/operations/snapshot';
import { takeSnapshots } from '../../core/operations/snapshot';
import { readState } from '../../core/state/file';
import { stateFilePath } from '../../core/state/path';
import { deploymentHosts } from '../../core/state/types';
import type { CliContext } from '../context';
import { loadConfigOrExit } from '../context';
import { CliExit, ExitCode } from '../exit';
import { addSshOptions, withOperation } from '../operation-runner';
import type { SshOptions } from '../operation-runner';
import { HelpGroup } from '../program';
import { renderTable } from '../table';

interface StatsOptions extends SshOptions {
  config?: string;
  host?: string;
  live?: boolean;
  containers?: boolean;
}

/** `1.5 GiB`: binary units with one decimal, as Compose Farm prints sizes. */
export function formatBytes(bytes: number): string {
  const units = ['Bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} Bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

function percent(value: number | undefined): string {
  return value === undefined ? '-' : `${value.toFixed(1)}%`;
}

function glancesHosts(config: Config, hosts: readonly HostConfig[], env: NodeJS.ProcessEnv) {
  const address = sshHostAddress(config, env);
  return hosts.map((host) => ({ name: host.name, address: address(host.name) }));
}

function glancesClient(config: Config): GlancesClient {
  return new GlancesClient(
    config.glancesStack === null ? {} : { glancesStack: config.glancesStack },
  );
}

export function registerStatsCommand(program: Command, context: CliContext): void {
  addSshOptions(
    program
      .command('stats')
      .alias('s')
      .description('show hosts with their stacks; with Glances, their load and containers')
      .helpGroup(HelpGroup.monitoring)
      .option('-H, --host <host>', 'only this host')
      .option('-l, --live', 'also count the running containers on each host (asks each host)')
      .option(
        '-C, --containers',
        'list every container with CPU, memory and network (needs Glances)',
      )
      .option('-c, --config <path>', 'the config file to use instead of searching for one'),
  ).action(async (options: StatsOptions) => {
    const config = await loadConfigOrExit(context, options.config);
    if (options.host !== undefined && !config.hosts.has(options.host)) {
      context.out.error(`Host ${options.host} not found in config`);
      throw new CliExit(ExitCode.failed);
    }
    const hosts =
      options.host === undefined
        ? [...config.hosts.values()]
        : [config.hosts.get(options.host) as HostConfig];

    if (options.containers) {
      await printContainers(context, config, hosts, options);
      return;
    }
    await printHosts(context, config, hosts, options);
  });
}

async function printHosts(
  context: CliContext,
  config: Config,
  hosts: readonly HostConfig[],
  options: StatsOptions,
): Promise<void> {
  const state = await readState(stateFilePath(config));
  const { colors } = context.out;

  let running = new Map<string, HostSnapshot>();
  if (options.live) {
    running = await withOperation(context, config, { ...options, prefix: true }, ({ operation }) =>
      takeSnapshots(
        config,
        operation.executors,
        hosts.map((host) => host.name),
        operation.signal ? { signal: operation.signal } : {},
      ),
    );
  }
  let glances: HostStatsResult[] = [];
  if (config.glancesStack !== null) {
    glances = await fetchHostStats(glancesClient(config), glancesHosts(config, hosts, context.env));
  }

  const count = (value: number) => (value === 0 ? colors.dim('0') : String(value));
  const rows = hosts.map((host) => {
    const configured = [...config.stacks.values()].filter((stack) =>
      stack.hosts.includes(host.name),
    ).length;
    const recorded = [...state.values()].filter((deployment) =>
      deploymentHosts(deployment).includes(host.name),
    ).length;
    const row = [host.name, host.address, count(configured), count(recorded)];
    if (options.live) {
      const snapshot = running.get(host.name);
      row.push(
        snapshot?.reachable
          ? count(snapshot.containers.filter((container) => container.state === 'running').length)
          : colors.red('unreachable'),
      );
    }
    if (config.glancesStack !== null) {
      const found = glances.find((result) => result.host === host.name);
      if (found?.ok) {
        const load = found.stats.load;
        row.push(
          percent(found.stats.cpuPercent),
          percent(found.stats.memoryPercent),
          load === undefined ? '-' : load.min1.toFixed(2),
          percent(found.stats.diskPercent),
        );
      } else {
        row.push(
          colors.yellow(found?.reason === 'offline' ? 'Glances offline' : 'no stats'),
          '',
          '',
          '',
        );
      }
    }
    return row;
  });

  const columns = [
    { header: 'Host' },
    { header: 'Address' },
    { header: 'Configured', align: 'right' as const },
    { header: 'Recorded', align: 'right' as const },
    ...(options.live ? [{ header: 'Containers', align: 'right' as const }] : []),
    ...(config.glancesStack !== null
      ? [
          { header: 'CPU', align: 'right' as const },
          { header: 'Memory', align: 'right' as const },
          { header: 'Load', align: 'right' as const },
          { header: 'Disk', align: 'right' as const },
        ]
      : []),
  ];
  for (const line of renderTable(columns, rows, colors)) context.out.line(line);
  for (const result of glances) {
    if (!result.ok) context.out.warning(result.message);
  }
}

async function printContainers(
  context: CliContext,
  config: Config,
  hosts: readonly HostConfig[],
  options: StatsOptions,
): Promise<void> {
  if (config.glancesStack === null) {
    context.out.error('Glances not configured');
    context.out.detail(
      'Add `glances_stack: glances` to compose-farm.yaml and run Glances on every host.',
    );
    throw new CliExit(ExitCode.failed);
  }
  const results = await fetchContainerStats(
    glancesClient(config),
    glancesHosts(config, hosts, context.env),
  );
  // Compose labels name each container's stack and service; one `docker ps` per host.
  const snapshots = await withOperation(
    context,
    config,
    { ...options, prefix: true },
    ({ operation }) =>
      takeSnapshots(
        config,
        operation.executors,
        hosts.map((host) => host.name),
        operation.signal ? { signal: operation.signal } : {},
      ),
  );

  const rows: { stack: string; service: string; host: string; stats: ContainerStats }[] = [];
  for (const result of results) {
    if (!result.ok) {
      context.out.warning(result.message);
      continue;
    }
    const snapshot = snapshots.get(result.host);
    for (const stats of result.containers) {
      const known = snapshot?.reachable
        ? snapshot.containers.find((container) => container.name === stats.name)
        : undefined;
      rows.push({
        stack: known?.project ?? '',
        service: known?.service ?? '',
        host: result.host,
        stats,
      });
    }
  }
  if (rows.length === 0) {
    context.out.warning('No containers found');
    return;
  }
  rows.sort((a, b) => a.stack.localeCompare(b.stack) || a.service.localeCompare(b.service));

  const { colors } = context.out;
  const paint = (value: number | undefined, warn: number, bad: number) => {
    const text = percent(value);
    if (value === undefined) return text;
    if (value > bad) return colors.red(text);
    return value > warn ? colors.yellow(text) : text;
  };
  const lines = renderTable(
    [
      { header: 'Stack' },
      { header: 'Service' },
      { header: 'Host' },
      { header: 'Image' },
      { header: 'Status' },
      { header: 'Uptime' },
      { header: 'CPU', align: 'right' },
      { header: 'Memory', align: 'right' },
      { header: 'Net I/O', align: 'right' },
    ],
    rows.map(({ stack, service, host, stats }) => [
      stack,
      service,
      host,
      stats.image,
      stats.status === 'running' ? colors.green(stats.status) : colors.yellow(stats.status),
      stats.uptime,
      paint(stats.cpuPercent, 50, 80),
      stats.memoryUsageBytes === undefined
        ? '-'
        : `${formatBytes(stats.memoryUsageBytes)} ${paint(stats.memoryPercent, 70, 90)}`,
      stats.networkReceivedBytes === undefined
        ? '-'
        : `${formatBytes(stats.networkReceivedBytes)} / ${formatBytes(stats.networkSentBytes ?? 0)}`,
    ]),
    colors,
  );
  for (const line of lines) context.out.line(line);
}
