import type { Command } from 'commander';

import { formatIssue, loadStack } from '../../core/compose';
import {
  RegistryClient,
  checkImageUpdates,
  defaultDockerConfigPath,
  dockerConfigCredentials,
  runningDigestsOf,
  serviceImages,
  type ImageUpdate,
} from '../../core/registry';
import { collectDigests } from '../../core/operations/digests';
import { readState } from '../../core/state/file';
import { stateFilePath } from '../../core/state/path';
import { addSshOptions, withOperation } from '../operation-runner';
import type { SshOptions } from '../operation-runner';
import type { CliContext } from '../context';
import { loadConfigOrExit } from '../context';
import { CliExit, ExitCode } from '../exit';
import { HelpGroup } from '../program';
import { selectStacks } from '../selection';
import { renderTable } from '../table';

interface UpdatesOptions extends SshOptions {
  hosts?: boolean;
  all?: boolean;
  host?: string;
  json?: boolean;
  config?: string;
}

export function registerUpdatesCommand(program: Command, context: CliContext): void {
  addSshOptions(
    program
      .command('updates')
      .description('list newer image tags in the registries, without pulling anything')
      .helpGroup(HelpGroup.monitoring)
      .argument('[stacks...]', 'the stacks to check (default: all)')
      .option('-a, --all', 'check every stack in the config')
      .option('-H, --host <host>', 'check the stacks that run on this host')
      .option('--json', 'print the results as JSON')
      .option(
        '--no-hosts',
        'do not ask the hosts which digests they run (skips the moved-tag check)',
      )
      .option('-c, --config <path>', 'the config file to use instead of searching for one'),
  ).action(async (names: string[], options: UpdatesOptions) => {
    const config = await loadConfigOrExit(context, options.config);
    const stacks = selectStacks(context, config, names, options, { defaultToAll: true });
    const models = await Promise.all(
      stacks.map((stack) => loadStack(config.composeDir, stack.name, { env: context.env })),
    );
    for (const model of models) {
      for (const issue of model.errors) context.out.warning(formatIssue(model.stack, issue));
    }

    const client = new RegistryClient({
      credentials: dockerConfigCredentials(defaultDockerConfigPath(context.env), context.env),
    });
    const running =
      options.hosts === false
        ? []
        : await withOperation(
            context,
            config,
            { ...options, prefix: true },
            async ({ operation }) =>
              collectDigests(
                operation,
                await readState(stateFilePath(config)),
                stacks.map((stack) => stack.name),
              ),
          );
    const results = await checkImageUpdates(
      client,
      models.flatMap((model) => serviceImages(model, runningDigestsOf(model, running))),
    );

    if (options.json) context.stdout.write(`${JSON.stringify(results.map(toJson), null, 2)}\n`);
    else printTable(context, results);

    const failed = results.filter((result) => result.error !== undefined);
    if (!options.json) for (const result of failed) context.out.error(result.error ?? '');
    if (failed.length > 0) throw new CliExit(ExitCode.failed);
  });
}

function toJson(result: ImageUpdate) {
  return {
    stack: result.stack,
    service: result.service,
    image: result.image,
    newerTags: result.newerTags,
    registryDigest: result.registryDigest ?? null,
    tagMoved: result.tagMoved ?? null,
    error: result.error ?? null,
  };
}

function printTable(context: CliContext, results: readonly ImageUpdate[]): void {
  if (results.length === 0) {
    context.out.warning('No services with an image to check');
    return;
  }
  const { colors } = context.out;
  const rows = results.map((result) => {
    let newer = colors.dim('up to date');
    if (result.error !== undefined) newer = colors.red('check failed');
    else if (result.newerTags.length > 0) newer = colors.yellow(result.newerTags.join(', '));
    const moved = result.tagMoved === true ? colors.yellow('tag moved') : '';
    return [result.stack, result.service, result.image, newer, moved];
  });
  const columns = [
    { header: 'Stack' },
    { header: 'Service' },
    { header: 'Image' },
    { header: 'Newer tags' },
    { header: '' },
  ];
  for (const line of renderTable(columns, rows, colors)) context.out.line(line.trimEnd());
}
