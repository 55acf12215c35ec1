import type { Command } from 'commander';
import { executePlan, planFromHosts } from '../../core/operations/apply';
import type { ApplyPlan } from '../../core/plan/plan';
import { isPlanEmpty } from '../../core/plan/plan';
import { updateTraefikFile } from '../../core/operations/traefik-hook';
import type { OperationContext } from '../../core/operations/context';
import { preflight } from '../../core/operations/preflight';
import type { CliContext } from '../context';
import { loadConfigOrExit } from '../context';
import { CliExit, ExitCode } from '../exit';
import type { Output } from '../output';
import { addSshOptions, withOperation } from '../operation-runner';
import type { SshOptions } from '../operation-runner';
import { HelpGroup } from '../program';
import { PROBLEM_WORDS, reportResults } from '../render';

interface ApplyOptions extends SshOptions {
  config?: string;
  dryRun?: boolean;
  orphans?: boolean;
  strays?: boolean;
  full?: boolean;
  json?: boolean;
  yes?: boolean;
}

const START_REASONS = {
  'not-deployed': '',
  'not-running': ' (recorded but not running)',
  'previous-host-removed': ' (its previous host left the config)',
} as const;

/** One line per stack to start: its hosts, and why when it was not simply never started. */
function groupStarts(starts: ApplyPlan['starts']): string[] {
  const byStack = new Map<string, ApplyPlan['starts'][number][]>();
  for (const start of starts)
    byStack.set(start.stack, [...(byStack.get(start.stack) ?? []), start]);
  return [...byStack].map(([stack, own]) => {
    const reasons = new Set(own.map((start) => start.reason));
    const reason = reasons.size === 1 ? START_REASONS[own[0]?.reason ?? 'not-deployed'] : '';
    return `${stack} on ${own.map((start) => start.host).join(', ')}${reason}`;
  });
}

/**
 * Runs the preflight checks of every planned start and migration target, so that a dry run shows
 * what would fail before anything runs. Returns the number of steps that would fail.
 */
async function previewPreflight(
  out: Output,
  operation: OperationContext,
  plan: ApplyPlan,
): Promise<number> {
  const targets = [
    ...plan.migrations.map((migration) => ({ stack: migration.stack, host: migration.to })),
    ...plan.starts.map((start) => ({ stack: start.stack, host: start.host })),
  ];
  const checks = await Promise.all(
    targets.map((target) =>
      operation.limiter.run(target.host, async () => ({
        ...target,
        problems: await preflight(operation, target.stack, target.host),
      })),
    ),
  );
  const failing = checks.filter((check) => check.problems.length > 0);
  for (const check of failing) {
    out.warning(`${check.stack} will not start on ${check.host}:`);
    for (const problem of check.problems) {
      out.detail(`${PROBLEM_WORDS[problem.kind]}: ${problem.subject}`);
      out.detail(`  Hint: ${problem.fix}`);
    }
  }
  return failing.length;
}

/** Prints the plan in Compose Farm's sections, plus what could not be decided. */
export function printPlan(out: Output, plan: ApplyPlan): void {
  const section = (title: string, lines: readonly string[]) => {
    if (lines.length === 0) return;
    out.line(`${title} (${lines.length}):`);
    for (const line of lines) out.line(`  ${line}`);
  };

  section(
    'Orphaned stacks to stop',
    plan.orphans.map((orphan) => `${orphan.stack} on ${orphan.hosts.join(', ')}`),
  );
  section(
    'Stray stacks to stop',
    plan.strays.map(
      (stray) =>
        `${stray.stack} on ${stray.host} (should be on ${stray.configuredHosts.join(', ')})`,
    ),
  );
  section(
    'Stacks to migrate',
    plan.migrations.map((migration) => `${migration.stack}: ${migration.from} → ${migration.to}`),
  );
  if (plan.migrations.length > 0) {
    out.detail('Each move pulls and builds on the new host before it stops the old one.');
  }
  section('Stacks to start', groupStarts(plan.starts));
  section(
    'Stacks to refresh',
    plan.refreshes.map((refresh) => `${refresh.stack} on ${refresh.hosts.join(', ')}`),
  );

  // An error, not a warning: a host that could not be asked makes the run exit with 1.
  for (const host of plan.unreachableHosts) {
    out.error(`${host.host} could not be reached (${host.error}); its stacks are left as they are`);
  }
  for (const unknown of plan.unknown) {
    out.warning(
      `${unknown.stack}: nothing planned, because ${unknown.hosts.join(', ')} could not be asked`,
    );
  }
  for (const project of plan.unmanaged) {
    out.warning(
      `${project.host} runs compose project ${project.project}, which neither the config nor the state file knows (left alone)`,
    );
  }
}

export function registerApplyCommand(program: Command, context: CliContext): void {
  addSshOptions(
    program
      .command('apply')
      .alias('a')
      .description('make the hosts run what the config says: stop, move and start stacks')
      .helpGroup(HelpGroup.lifecycle),
  )
    .option('-n, --dry-run', 'show the plan and change nothing')
    .option('--no-orphans', 'leave stacks the config no longer lists running')
    .option('--no-strays', 'leave copies running on hosts outside their configured ones')
    .option('-f, --full', 'also run `up -d` on every stack that already runs where it should')
    .option('--json', 'with --dry-run: print the plan as JSON')
    .option('-y, --yes', 'apply without asking first (asked only on a terminal)')
    .option('-c, --config <path>', 'the config file to use instead of searching for one')
    .action(async (options: ApplyOptions) => {
      if (options.json && !options.dryRun) {
        context.out.error('--json works only with --dry-run');
        throw new CliExit(ExitCode.usage);
      }
      const config = await loadConfigOrExit(context, options.config);

      await withOperation(context, config, { ...options, prefix: true }, async ({ operation }) => {
        if (!options.json) context.out.line('Asking every host what it runs...');
        const { plan } = await planFromHosts(operation, {
          full: options.full === true,
          noOrphans: options.orphans === false,
          noStrays: options.strays === false,
        });

        // A host that could not be asked leaves the plan incomplete, so the run counts as failed
        // even when nothing else did.
        const incomplete = plan.unreachableHosts.length > 0 ? ExitCode.failed : ExitCode.ok;
        if (options.json) {
          context.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
          if (incomplete) throw new CliExit(incomplete);
          return;
        }
        printPlan(context.out, plan);
        if (isPlanEmpty(plan) && incomplete) {
          context.out.warning('Nothing to apply on the hosts that could be asked');
          throw new CliExit(incomplete);
        }
        if (isPlanEmpty(plan)) {
          context.out.success('Nothing to apply - reality matches config');
          return;
        }
        if (options.dryRun) {
          await previewPreflight(context.out, operation, plan);
          context.out.line('(dry-run: no changes made)');
          if (incomplete) throw new CliExit(incomplete);
          return;
        }

        if (context.interactive && !options.yes && context.confirm !== undefined) {
          const failing = await previewPreflight(context.out, operation, plan);
          const question =
            failing > 0
              ? `Apply this plan, although ${failing} step${failing === 1 ? '' : 's'} will fail? [y/N] `
              : 'Apply this plan? [y/N] ';
          if (!(await context.confirm(question))) {
            context.out.line('Cancelled: nothing was changed.');
            return;
          }
        }

        context.out.line();
        const results = await executePlan(operation, plan, async (phase, phaseResults) => {
          if (phase === 'migrations' || phase === 'starts' || phase === 'refreshes') {
            await updateTraefikFile(operation, phaseResults);
          }
        });
        const code = reportResults(context, results);
        // reportResults sums up two or more results; a plan of one step gets its own line.
        if (code === 0 && results.length === 1) context.out.success('The plan was applied');
        if (code !== 0 || incomplete) throw new CliExit(ExitCode.failed);
      });
    });
}
