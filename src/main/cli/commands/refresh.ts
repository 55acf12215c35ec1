import type { Command } from 'commander';
import { planApply } from '../../core/plan/plan';
import { refreshState } from '../../core/operations/refresh';
import type { RefreshReport } from '../../core/operations/refresh';
import { takeSnapshots, toDiscovery } from '../../core/operations/snapshot';
import { readState } from '../../core/state/file';
import { writeState } from '../../core/state/file';
import { withStateLock } from '../../core/state/lock';
import { digestLogPath, recordDigests } from '../../core/digest-log';
import { collectDigests } from '../../core/operations/digests';
import { stateFilePath } from '../../core/state/path';
import type { CliContext } from '../context';
import { loadConfigOrExit } from '../context';
import { CliExit, ExitCode } from '../exit';
import type { Output } from '../output';
import { addSshOptions, withOperation } from '../operation-runner';
import type { SshOptions } from '../operation-runner';
import { HelpGroup } from '../program';
import { checkSelectionUsage, selectStacks } from '../selection';

interface RefreshOptions extends SshOptions {
  config?: string;
  logPath?: string;
  all?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

function printReport(out: Output, report: RefreshReport): void {
  const section = (title: string, lines: readonly string[]) => {
    if (lines.length === 0) return;
    out.line(`${title} (${lines.length}):`);
    for (const line of lines) out.line(`  ${line}`);
  };
  section(
    'New stacks found',
    report.added.map((change) => `+ ${change.stack} on ${change.after.join(', ')}`),
  );
  section(
    'Stacks on different hosts',
    report.moved.map(
      (change) => `~ ${change.stack}: ${change.before.join(', ')} → ${change.after.join(', ')}`,
    ),
  );
  section(
    'Stacks no longer running',
    report.removed.map((change) => `- ${change.stack} (was on ${change.before.join(', ')})`),
  );
  if (!report.changed && report.unreachableHosts.length === 0) {
    out.success('State is already in sync.');
  } else if (!report.changed) {
    out.warning('State unchanged, but not every host could be asked.');
  }

  for (const host of report.unreachableHosts) {
    out.error(`${host.host} could not be reached: ${host.error}`);
  }
  for (const kept of report.kept) {
    out.warning(
      `${kept.stack}: left as recorded on ${kept.hosts.join(', ')}, which could not be asked`,
    );
  }
}

export function registerRefreshCommand(program: Command, context: CliContext): void {
  addSshOptions(
    program
      .command('refresh')
      .alias('rf')
      .description('update the state file from what the hosts really run (changes no host)')
      .helpGroup(HelpGroup.configuration),
  )
    .argument('[stacks...]', 'refresh only these stacks and keep the other entries')
    .option('-a, --all', 'refresh every stack (the default)')
    .option('-n, --dry-run', 'show what would change and write nothing')
    .option('--json', 'with --dry-run: print the report as JSON')
    .option(
      '-l, --log-path <path>',
      'the image digest log (default: dockerfarm-log.toml beside the config)',
    )
    .option('-c, --config <path>', 'the config file to use instead of searching for one')
    .action(async (names: string[], options: RefreshOptions) => {
      checkSelectionUsage(context, names, options);
      const config = await loadConfigOrExit(context, options.config);
      const stacks = selectStacks(context, config, names, options, { defaultToAll: true });
      const partial = names.length > 0 && !options.all;
      const statePath = stateFilePath(config);

      await withOperation(context, config, { ...options, prefix: true }, async ({ operation }) => {
        const snapshots = await takeSnapshots(config, operation.executors, config.hosts.keys(), {
          signal: operation.signal,
        });
        const discovery = toDiscovery(config, snapshots);
        const scope = partial ? { stacks: stacks.map((stack) => stack.name) } : {};

        const state = await readState(statePath);
        const report = refreshState(config, state, discovery, scope);
        const incomplete = report.unreachableHosts.length > 0;

        if (options.json) {
          const json = { ...report, state: Object.fromEntries(report.state) };
          context.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
          if (incomplete) throw new CliExit(ExitCode.failed);
          return;
        }
        printReport(context.out, report);

        const plan = planApply(config, report.state, discovery);
        if (plan.strays.length > 0 || plan.duplicates.length > 0) {
          for (const stray of plan.strays) {
            context.out.warning(
              `${stray.stack} also runs on ${stray.host} (configured: ${stray.configuredHosts.join(', ')})`,
            );
          }
          context.out.detail('Run `cf apply` to stop stray copies.');
        }

        if (options.dryRun) {
          context.out.line('(dry-run: no changes made)');
        } else if (report.changed) {
          // Computed again under the lock, so a change made meanwhile by the app is not lost.
          await withStateLock(statePath, async () => {
            const current = await readState(statePath);
            const fresh = refreshState(config, current, discovery, scope);
            await writeState(statePath, fresh.state);
            context.out.success(`State updated: ${fresh.state.size} stacks tracked.`);
          });
        }
        if (!options.dryRun) {
          const logPath = options.logPath ?? digestLogPath(config.path);
          const observed = await collectDigests(
            operation,
            report.state,
            stacks.map((s) => s.name),
          );
          if (observed.length === 0) {
            context.out.warning('No image digests were captured');
          } else {
            await recordDigests(logPath, observed, config.composeDir);
            context.out.success(`Digests written to ${logPath}`);
          }
        }
        if (incomplete) throw new CliExit(ExitCode.failed);
      });
    });
}
