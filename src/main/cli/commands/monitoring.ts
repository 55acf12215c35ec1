import type { Command } from 'commander';
import type { StackConfig } from '../../core/config/types';
import { runOnTargets, targetsOf } from '../../core/operations/lifecycle';
import type { ContainerInfo, HostSnapshot } from '../../core/operations/snapshot';
import { stackContainers, takeSnapshots } from '../../core/operations/snapshot';
import type { CliContext } from '../context';
import { loadConfigOrExit } from '../context';
import { CliExit, ExitCode } from '../exit';
import { addSshOptions, withOperation } from '../operation-runner';
import type { SshOptions } from '../operation-runner';
import { HelpGroup } from '../program';
import { reportResults } from '../render';
import { checkSelectionUsage, requireOneStackForService, selectStacks } from '../selection';
import { renderTable } from '../table';

interface MonitorOptions extends SshOptions {
  config?: string;
  all?: boolean;
  host?: string;
  service?: string;
}

/** One row of `cf ps`: a container of a selected stack, or a stack with none. */
export interface PsRow {
  readonly stack: string;
  readonly host: string;
  readonly service: string;
  readonly container: string;
  readonly state: string;
  readonly status: string;
  readonly image: string;
  readonly ports: string;
}

/** Lists the containers of the selected stacks per host, from one `docker ps` on each host. */
export function psRows(
  config: Parameters<typeof stackContainers>[0],
  stacks: readonly StackConfig[],
  snapshots: ReadonlyMap<string, HostSnapshot>,
  options: { host?: string; service?: string },
): PsRow[] {
  const rows: PsRow[] = [];
  for (const stack of stacks) {
    const hosts = options.host === undefined ? [...config.hosts.keys()] : [options.host];
    for (const host of hosts) {
      const snapshot = snapshots.get(host);
      if (snapshot === undefined) continue;
      if (!snapshot.reachable) {
        if (stack.hosts.includes(host)) {
          rows.push(emptyRow(stack.name, host, 'unknown', `host unreachable: ${snapshot.error}`));
        }
        continue;
      }
      const containers = stackContainers(config, snapshot, stack.name).filter(
        (container) => options.service === undefined || container.service === options.service,
      );
      for (const container of containers) rows.push(containerRow(stack.name, host, container));
      if (containers.length === 0 && stack.hosts.includes(host)) {
        rows.push(emptyRow(stack.name, host, 'stopped', 'no containers'));
      }
    }
  }
  return rows;
}

function containerRow(stack: string, host: string, container: ContainerInfo): PsRow {
  return {
    stack,
    host,
    service: container.service,
    container: container.name,
    state: container.state,
    status: container.status,
    image: container.image,
    ports: container.ports,
  };
}

function emptyRow(stack: string, host: string, state: string, status: string): PsRow {
  return { stack, host, service: '', container: '', state, status, image: '', ports: '' };
}

export function registerMonitoringCommands(program: Command, context: CliContext): void {
  addSshOptions(
    program
      .command('ps')
      .description('show the containers of stacks on every host (one docker ps per host)')
      .helpGroup(HelpGroup.monitoring)
      .argument('[stacks...]', 'stack names (default: all)')
      .option('-a, --all', 'every stack (the default)')
      .option('-H, --host <host>', 'only this host')
      .option('-s, --service <name>', 'only this service')
      .option('--json', 'print the rows as JSON')
      .option('-c, --config <path>', 'the config file to use instead of searching for one'),
  ).action(async (names: string[], options: MonitorOptions & { json?: boolean }) => {
    checkSelectionUsage(context, names, options);
    const config = await loadConfigOrExit(context, options.config);
    const stacks = selectStacks(context, config, names, options, { defaultToAll: true });
    const hosts = options.host === undefined ? [...config.hosts.keys()] : [options.host];

    await withOperation(context, config, { ...options, prefix: true }, async ({ operation }) => {
      const snapshots = await takeSnapshots(config, operation.executors, hosts, {
        signal: operation.signal,
      });
      const rows = psRows(config, stacks, snapshots, options);
      const unreachable = [...snapshots.values()].filter((snapshot) => !snapshot.reachable);

      if (options.json) {
        context.stdout.write(`${JSON.stringify({ rows, unreachable }, null, 2)}\n`);
      } else {
        const { colors } = context.out;
        const paintState = (state: string) =>
          state === 'running'
            ? colors.green(state)
            : state === 'unknown'
              ? colors.yellow(state)
              : colors.red(state);
        const lines = renderTable(
          [
            { header: 'Stack' },
            { header: 'Host' },
            { header: 'Service' },
            { header: 'Container' },
            { header: 'State' },
            { header: 'Status' },
            { header: 'Ports' },
          ],
          rows.map((row) => [
            row.stack,
            row.host,
            row.service,
            row.container,
            paintState(row.state),
            row.status,
            row.ports,
          ]),
          colors,
        );
        for (const line of lines) context.out.line(line);
        for (const snapshot of unreachable) {
          if (!snapshot.reachable) {
            context.out.error(`${snapshot.host} could not be reached: ${snapshot.error}`);
          }
        }
      }
      if (unreachable.length > 0) throw new CliExit(ExitCode.failed);
    });
  });

  addSshOptions(
    program
      .command('logs')
      .alias('l')
      .description('show the logs of stacks, prefixed by stack (and host)')
      .helpGroup(HelpGroup.monitoring)
      .argument('[stacks...]', 'stack names; `.` is the current folder')
      .option('-a, --all', 'every stack')
      .option('-H, --host <host>', 'only this host')
      .option('-s, --service <name>', 'only this service of the one stack')
      .option('-f, --follow', 'keep printing new lines until Ctrl+C')
      .option('-n, --tail <lines>', 'lines per container (default: 100 for one stack, else 20)')
      .option('-c, --config <path>', 'the config file to use instead of searching for one'),
  ).action(
    async (names: string[], options: MonitorOptions & { follow?: boolean; tail?: string }) => {
      checkSelectionUsage(context, names, options);
      const config = await loadConfigOrExit(context, options.config);
      const stacks = selectStacks(context, config, names, options);
      requireOneStackForService(context, stacks, options.service);
      const many = options.all === true || options.host !== undefined || stacks.length > 1;
      const tail = options.tail ?? (many ? '20' : '100');
      if (!/^(\d+|all)$/.test(tail)) {
        context.out.error(`--tail must be a number of lines or "all", not "${tail}"`);
        throw new CliExit(ExitCode.usage);
      }
      const args = ['logs', '--tail', tail];
      if (options.follow) args.push('-f');
      if (options.service !== undefined) args.push(options.service);

      const results = await withOperation(
        context,
        config,
        { ...options, prefix: true },
        ({ operation }) => runOnTargets(operation, targetsOf(stacks, { host: options.host }), args),
      );
      // Log lines are the result; a closing summary would only mix into them, unless something failed.
      if (options.follow || results.every((result) => result.success)) return;
      throw new CliExit(reportResults(context, results));
    },
  );
}
