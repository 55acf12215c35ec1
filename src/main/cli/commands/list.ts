import type { Command } from 'commander';
import type { StackConfig } from '../../core/config/types';
import type { CliContext } from '../context';
import { loadConfigOrExit } from '../context';
import { HelpGroup } from '../program';
import { stacksOnHost } from '../selection';
import { renderTable } from '../table';

interface ListOptions {
  config?: string;
  host?: string;
  simple?: boolean;
}

/** Formats the assignment as written in the config: a host, `all`, or a list. */
export function describeAssignment(stack: StackConfig): string {
  return stack.form === 'all' ? 'all' : stack.hosts.join(', ');
}

export function registerListCommand(program: Command, context: CliContext): void {
  program
    .command('list')
    .alias('ls')
    .description('list the configured stacks and their hosts')
    .helpGroup(HelpGroup.monitoring)
    .option('-H, --host <host>', 'only stacks that run on this host (also `all` and list stacks)')
    .option('-s, --simple', 'print only the stack names, sorted, one per line')
    .option('-c, --config <path>', 'the config file to use instead of searching for one')
    .action(async (options: ListOptions) => {
      const config = await loadConfigOrExit(context, options.config);
      const stacks =
        options.host === undefined
          ? [...config.stacks.values()]
          : stacksOnHost(context, config, options.host);

      if (stacks.length === 0) {
        if (options.host !== undefined) {
          context.out.warning(`No stacks configured for host ${options.host}`);
        } else {
          context.out.warning('No stacks configured');
        }
        return;
      }
      if (options.simple) {
        for (const name of stacks.map((stack) => stack.name).sort()) context.out.line(name);
        return;
      }
      const rows = stacks.map((stack) => [stack.name, describeAssignment(stack)]);
      const lines = renderTable(
        [{ header: 'Stack' }, { header: 'Hosts' }],
        rows,
        context.out.colors,
      );
      for (const line of lines) context.out.line(line);
    });
}
