import type { Command } from 'commander';
import type { Config } from '../../core/config/types';
import type { OperationContext } from '../../core/operations/context';
import { hostConfig } from '../../core/operations/context';
import type { CliContext } from '../context';
import { loadConfigOrExit } from '../context';
import { CliExit, ExitCode } from '../exit';
import { addSshOptions, withOperation } from '../operation-runner';
import type { SshOptions } from '../operation-runner';
import { HelpGroup } from '../program';

interface NetworkOptions extends SshOptions {
  config?: string;
  network: string;
  subnet: string;
  gateway: string;
}

/** Creates the bridge network on one host unless it exists; true when it exists afterwards. */
async function ensureNetwork(
  operation: OperationContext,
  context: CliContext,
  host: string,
  options: NetworkOptions,
): Promise<boolean> {
  const executor = operation.executors.forHost(hostConfig(operation, host));
  const inspect = await executor.run({
    argv: ['docker', 'network', 'inspect', options.network],
    signal: operation.signal,
  });
  if (inspect.end.type === 'error') {
    context.out.error(`[${host}] ${inspect.end.error.message} ${inspect.end.error.hint}`);
    return false;
  }
  if (inspect.success) {
    context.out.line(`[${host}] Network '${options.network}' already exists`);
    return true;
  }
  const create = await executor.run({
    argv: [
      'docker',
      'network',
      'create',
      '--driver',
      'bridge',
      '--subnet',
      options.subnet,
      '--gateway',
      options.gateway,
      options.network,
    ],
    signal: operation.signal,
  });
  if (create.success) {
    context.out.success(`[${host}] Created network '${options.network}'`);
    return true;
  }
  const reason =
    create.end.type === 'error' ? create.end.error.message : create.stderr.trim() || 'no output';
  context.out.error(`[${host}] Failed to create network: ${reason}`);
  return false;
}

function selectHosts(context: CliContext, config: Config, names: readonly string[]): string[] {
  if (names.length === 0) return [...config.hosts.keys()];
  const unknown = names.filter((name) => !config.hosts.has(name));
  if (unknown.length > 0) {
    for (const name of unknown) context.out.error(`Host ${name} not found in config`);
    throw new CliExit(ExitCode.failed);
  }
  return [...new Set(names)];
}

export function registerInitNetworkCommand(program: Command, context: CliContext): void {
  addSshOptions(
    program
      .command('init-network')
      .description('create a shared Docker bridge network on hosts that lack it')
      .helpGroup(HelpGroup.configuration)
      .argument('[hosts...]', 'hosts to set up (default: all)')
      .option('-n, --network <name>', 'network name', 'mynetwork')
      .option('-s, --subnet <cidr>', 'subnet of the network', '172.20.0.0/16')
      .option('-g, --gateway <ip>', 'gateway address in the subnet', '172.20.0.1')
      .option('-c, --config <path>', 'the config file to use instead of searching for one'),
  ).action(async (names: string[], options: NetworkOptions) => {
    const config = await loadConfigOrExit(context, options.config);
    const hosts = selectHosts(context, config, names);
    const outcomes = await withOperation(
      context,
      config,
      { ...options, prefix: true },
      ({ operation }) =>
        Promise.all(hosts.map((host) => ensureNetwork(operation, context, host, options))),
    );
    if (outcomes.some((ok) => !ok)) throw new CliExit(ExitCode.failed);
  });
}
