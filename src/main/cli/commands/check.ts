import type { Command } from 'commander';
import { discoverStackFolders, formatIssue, loadStack } from '../../core/compose';
import { isDirectory } from '../../core/compose/files';
import type { StackModel } from '../../core/compose';
import type { Config, StackConfig } from '../../core/config/types';
import { orphanedStacks, readState, stateFilePath } from '../../core/state';
import { deploymentHosts } from '../../core/state/types';
import type { CliContext } from '../context';
import { loadConfigOrExit } from '../context';
import { CliExit, ExitCode } from '../exit';
import type { Output } from '../output';
import { HelpGroup } from '../program';
import { selectStacks } from '../selection';
import { addSshOptions, withOperation } from '../operation-runner';
import type { SshOptions } from '../operation-runner';
import { checkHosts, printHostCheck } from './check-hosts';

interface CheckOptions extends SshOptions {
  config?: string;
  local?: boolean;
  json?: boolean;
}

/** Findings of the local checks. */
export interface LocalCheckReport {
  /** `compose_dir` does not exist on this machine, so no stack folder can be read here. */
  readonly composeDirMissing: boolean;
  readonly unmanagedFolders: readonly string[];
  readonly stacksWithoutComposeFile: readonly string[];
  readonly models: readonly StackModel[];
  readonly orphans: ReadonlyMap<string, readonly string[]>;
}

/**
 * Compares the config with the disk and the state file: stack folders without a config entry,
 * stacks without a compose file, compose files docker compose would reject, and orphans.
 */
export async function checkLocal(
  config: Config,
  stacks: readonly StackConfig[],
): Promise<LocalCheckReport> {
  const composeDirMissing = !(await isDirectory(config.composeDir));
  const onDisk = await discoverStackFolders(config.composeDir);
  const unmanagedFolders = onDisk.filter((name) => !config.stacks.has(name));
  const models = await Promise.all(stacks.map((stack) => loadStack(config.composeDir, stack.name)));
  const stacksWithoutComposeFile = models
    .filter((model) => model.composeFiles.length === 0)
    .map((model) => model.stack);

  const state = await readState(stateFilePath(config));
  const orphans = new Map<string, readonly string[]>();
  for (const [stack, deployment] of orphanedStacks(config, state)) {
    orphans.set(stack, deploymentHosts(deployment));
  }
  return { composeDirMissing, unmanagedFolders, stacksWithoutComposeFile, models, orphans };
}

/** Writes the report and returns the number of errors in it. */
export function printLocalCheck(out: Output, report: LocalCheckReport): number {
  let errors = 0;

  if (report.unmanagedFolders.length > 0) {
    out.warning(`Unmanaged (on disk but not in config, ${report.unmanagedFolders.length}):`);
    for (const name of report.unmanagedFolders) out.detail(`+ ${name}`);
  }
  if (report.composeDirMissing && report.models.length > 0) {
    errors += 1;
    out.error(`compose_dir ${report.models[0]?.composeDir} does not exist on this machine`);
    out.detail('Mount the share that holds the stack folders, or fix compose_dir in the config.');
  } else if (report.stacksWithoutComposeFile.length > 0) {
    errors += report.stacksWithoutComposeFile.length;
    out.error(`In config but no compose file (${report.stacksWithoutComposeFile.length}):`);
    for (const name of report.stacksWithoutComposeFile) out.detail(`- ${name}`);
  }
  if (
    !report.composeDirMissing &&
    report.unmanagedFolders.length === 0 &&
    report.stacksWithoutComposeFile.length === 0
  ) {
    out.success('Config matches disk');
  }

  const withFiles = report.models.filter((model) => model.composeFiles.length > 0);
  const composeErrors = withFiles.flatMap((model) =>
    model.errors.map((issue) => formatIssue(model.stack, issue)),
  );
  const composeWarnings = withFiles.flatMap((model) =>
    model.warnings.map((issue) => formatIssue(model.stack, issue)),
  );
  for (const warning of composeWarnings) out.warning(warning);
  if (composeErrors.length > 0) {
    errors += composeErrors.length;
    out.error(`Compose files docker compose would reject (${composeErrors.length}):`);
    for (const line of composeErrors) out.detail(line);
  } else if (withFiles.length > 0) {
    out.success(`Compose files readable (${withFiles.length} stacks)`);
  }

  if (report.orphans.size > 0) {
    errors += report.orphans.size;
    out.error(`Orphaned stacks (in state but not in config, ${report.orphans.size}):`);
    for (const [stack, hosts] of report.orphans) out.detail(`- ${stack} on ${hosts.join(', ')}`);
    out.detail('Hint: run `cf apply` to stop them, or `cf down --orphaned`');
  }
  return errors;
}

export function registerCheckCommand(program: Command, context: CliContext): void {
  addSshOptions(
    program
      .command('check')
      .alias('ck')
      .description('check the config, the compose files and what each host needs before starting')
      .helpGroup(HelpGroup.configuration)
      .argument(
        '[stacks...]',
        'stacks to check, each against every host (default: all, on their hosts)',
      )
      .option('--local', 'check only local files, without contacting the hosts')
      .option('--json', 'print the host checks as JSON')
      .option('-c, --config <path>', 'the config file to use instead of searching for one'),
  ).action(async (names: string[], options: CheckOptions) => {
    const config = await loadConfigOrExit(context, options.config);
    const stacks = selectStacks(
      context,
      config,
      names,
      {},
      { defaultToAll: true, allowDot: false },
    );

    const report = await checkLocal(config, stacks);
    let errors = options.json ? 0 : printLocalCheck(context.out, report);
    if (!options.local) {
      const hostReport = await withOperation(
        context,
        config,
        { ...options, prefix: true },
        ({ operation }) => checkHosts(operation, stacks, { everyHost: names.length > 0 }),
      );
      if (options.json) {
        context.stdout.write(`${JSON.stringify({ local: report, hosts: hostReport }, null, 2)}\n`);
        errors += hostReport.unreachable.length + hostReport.problems.length;
        errors += report.stacksWithoutComposeFile.length + report.orphans.size;
      } else {
        errors += printHostCheck(context.out, hostReport, names.length > 0);
      }
    }
    if (errors > 0) throw new CliExit(ExitCode.failed);
  });
}
