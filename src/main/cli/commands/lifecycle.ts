import type { Command } from 'commander';
import type { StackConfig } from '../../core/config/types';
import { downStacks, runOnTargets, targetsOf } from '../../core/operations/lifecycle';
import { readState } from '../../core/state/file';
import { startOnHosts, startOne, upStacks } from '../../core/operations/up';
import { recordSingleHost } from '../../core/operations/state-changes';
import { stateFilePath } from '../../core/state/path';
import { planApply } from '../../core/plan/plan';
import { stopOrphans } from '../../core/operations/lifecycle';
import type { StackResult } from '../../core/operations/events';
import { updateTraefikFile } from '../../core/operations/traefik-hook';
import type { CliContext } from '../context';
import { loadConfigOrExit } from '../context';
import { CliExit, ExitCode } from '../exit';
import { addSshOptions, withOperation } from '../operation-runner';
import type { SshOptions } from '../operation-runner';
import { HelpGroup } from '../program';
import { reportResults } from '../render';
import { checkSelectionUsage, requireOneStackForService, selectStacks } from '../selection';

interface SelectOptions extends SshOptions {
  config?: string;
  all?: boolean;
  host?: string;
  service?: string;
}

function addSelectionOptions(command: Command, withService = true): Command {
  command
    .argument('[stacks...]', 'stack names; `.` is the current folder')
    .option('-a, --all', 'every stack in the config')
    .option('-H, --host <host>', 'the stacks on this host; multi-host stacks only there');
  if (withService) command.option('-s, --service <name>', 'only this service of the one stack');
  command.option('-c, --config <path>', 'the config file to use instead of searching for one');
  return addSshOptions(command);
}

interface Selected {
  readonly stacks: StackConfig[];
  readonly config: Awaited<ReturnType<typeof loadConfigOrExit>>;
}

async function select(
  context: CliContext,
  names: string[],
  options: SelectOptions,
): Promise<Selected> {
  checkSelectionUsage(context, names, options);
  const config = await loadConfigOrExit(context, options.config);
  const stacks = selectStacks(context, config, names, options);
  requireOneStackForService(context, stacks, options.service);
  return { stacks, config };
}

/** Tells whether lines need `[stack]` prefixes: not for one stack on one host. */
function needsPrefix(stacks: readonly StackConfig[], host?: string): boolean {
  if (stacks.length !== 1) return true;
  return host === undefined && (stacks[0] as StackConfig).hosts.length > 1;
}

function finish(context: CliContext, results: readonly StackResult[]): void {
  const code = reportResults(context, results);
  if (code !== 0) throw new CliExit(code);
}

export function registerLifecycleCommands(program: Command, context: CliContext): void {
  const up = addSelectionOptions(
    program
      .command('up')
      .description('start stacks where the config puts them, moving any that changed host')
      .helpGroup(HelpGroup.lifecycle),
  )
    .option('--pull', 'pull newer images before starting (docker compose up --pull always)')
    .option('--build', 'build images before starting');
  up.action(
    async (names: string[], options: SelectOptions & { pull?: boolean; build?: boolean }) => {
      const { stacks, config } = await select(context, names, options);
      const upOptions = { pull: options.pull === true, build: options.build === true };
      const results = await withOperation(
        context,
        config,
        { ...options, prefix: needsPrefix(stacks, options.host) },
        async ({ operation }) => {
          if (options.service !== undefined) {
            const stack = stacks[0] as StackConfig;
            const hosts = options.host === undefined ? stack.hosts : [options.host];
            return Promise.all(
              hosts.map((host) =>
                startOne(
                  operation,
                  stack.name,
                  host,
                  { ...upOptions, service: options.service },
                  stack.name,
                ),
              ),
            );
          }
          const started =
            options.host === undefined
              ? await upStacks(operation, stacks, upOptions)
              : await upOnHost(operation, stacks, options.host, upOptions);
          await updateTraefikFile(operation, started);
          return started;
        },
      );
      finish(context, results);
    },
  );

  registerUpdate(program, context);
  registerDown(program, context);

  const simple: [
    name: string,
    alias: string | undefined,
    description: string,
    args: (service?: string) => string[],
  ][] = [
    [
      'stop',
      undefined,
      'stop the containers of stacks without removing them',
      (s) => ['stop', ...(s === undefined ? [] : [s])],
    ],
    [
      'restart',
      'r',
      'restart the containers of stacks (docker compose restart)',
      (s) => ['restart', ...(s === undefined ? [] : [s])],
    ],
    [
      'pull',
      'p',
      'pull the images of stacks; services that build their image are skipped',
      (s) => ['pull', '--ignore-buildable', ...(s === undefined ? [] : [s])],
    ],
  ];
  for (const [name, alias, description, args] of simple) {
    const command = addSelectionOptions(
      program.command(name).description(description).helpGroup(HelpGroup.lifecycle),
    );
    if (alias !== undefined) command.alias(alias);
    command.action(async (names: string[], options: SelectOptions) => {
      const { stacks, config } = await select(context, names, options);
      const results = await withOperation(
        context,
        config,
        { ...options, prefix: needsPrefix(stacks, options.host) },
        ({ operation }) =>
          runOnTargets(operation, targetsOf(stacks, { host: options.host }), args(options.service)),
      );
      finish(context, results);
    });
  }
}

/**
 * `up --host H`: starts each selected stack on H only, after preflight there, without moving
 * anything. H is added to the state entry of each stack that started.
 */
async function upOnHost(
  operation: Parameters<typeof upStacks>[0],
  stacks: readonly StackConfig[],
  host: string,
  upOptions: { pull: boolean; build: boolean },
): Promise<StackResult[]> {
  const results = await Promise.all(
    stacks.map(async (stack) => {
      if (stack.hosts.length > 1) {
        const own = await startOnHosts(operation, stack, [host], upOptions);
        own.forEach((result) => operation.emit({ type: 'result', result }));
        return own;
      }
      const result = await operation.limiter.run(host, () =>
        startOne(operation, stack.name, host, upOptions, stack.name),
      );
      if (result.success) await recordSingleHost(operation, stack.name, host);
      operation.emit({ type: 'result', result });
      return [result];
    }),
  );
  return results.flat();
}

function registerUpdate(program: Command, context: CliContext): void {
  addSelectionOptions(
    program
      .command('update')
      .alias('u')
      .description('pull and build images, then recreate the containers that changed')
      .helpGroup(HelpGroup.lifecycle),
    false,
  ).action(async (names: string[], options: SelectOptions) => {
    const { stacks, config } = await select(context, names, options);
    const results = await withOperation(
      context,
      config,
      { ...options, prefix: needsPrefix(stacks, options.host) },
      async ({ operation }) => {
        const updated =
          options.host === undefined
            ? await upStacks(operation, stacks, { pull: true, build: true })
            : await upOnHost(operation, stacks, options.host, { pull: true, build: true });
        await updateTraefikFile(operation, updated);
        return updated;
      },
    );
    finish(context, results);
  });
}

function registerDown(program: Command, context: CliContext): void {
  addSelectionOptions(
    program
      .command('down')
      .description('stop and remove the containers of stacks')
      .helpGroup(HelpGroup.lifecycle),
    false,
  )
    .option('--orphaned', 'stop the stacks the state file lists but the config no longer does')
    .action(async (names: string[], options: SelectOptions & { orphaned?: boolean }) => {
      if (options.orphaned) {
        if (names.length > 0 || options.all || options.host !== undefined) {
          context.out.error('Cannot combine --orphaned with stacks, --all, or --host');
          throw new CliExit(ExitCode.usage);
        }
        const config = await loadConfigOrExit(context, options.config);
        const state = await readState(stateFilePath(config));
        const orphans = planApply(config, state, new Map()).orphans;
        if (orphans.length === 0) {
          context.out.success('No orphaned stacks to stop');
          return;
        }
        context.out.line(
          `Stopping ${orphans.length} orphaned stack(s): ${orphans.map((o) => o.stack).join(', ')}`,
        );
        const results = await withOperation(
          context,
          config,
          { ...options, prefix: true },
          ({ operation }) => stopOrphans(operation, orphans),
        );
        finish(context, results);
        return;
      }
      const { stacks, config } = await select(context, names, options);
      const results = await withOperation(
        context,
        config,
        { ...options, prefix: needsPrefix(stacks, options.host) },
        async ({ operation }) => {
          const stopped = await downStacks(operation, stacks, { host: options.host });
          await updateTraefikFile(operation, stopped);
          return stopped;
        },
      );
      finish(context, results);
    });
}
