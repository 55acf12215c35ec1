import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { findConfigFile, userConfigPath } from '../../core/config';
import type { CliContext } from '../context';
import { loadConfigOrExit, reportProblems, warnIfConfigVariableIgnored } from '../context';
import { CliExit, ExitCode } from '../exit';
import { HelpGroup } from '../program';
import { CONFIG_TEMPLATE } from '../../core/config/template';

interface PathOptions {
  config?: string;
}

function addPathOption(command: Command): Command {
  return command
    .option('-c, --config <path>', 'the config file to use instead of searching for one')
    .option('-p, --path <path>', 'same as --config');
}

function explicitPath(options: PathOptions & { path?: string }): string | undefined {
  return options.config ?? options.path;
}

export function registerConfigCommand(program: Command, context: CliContext): void {
  const config = program
    .command('config')
    .description('find, show, check or create compose-farm.yaml')
    .helpGroup(HelpGroup.configuration);

  addPathOption(
    config.command('path').description('print the path of the config file in use'),
  ).action((options: PathOptions & { path?: string }) => {
    const explicit = explicitPath(options);
    if (explicit !== undefined) {
      context.out.line(resolve(context.cwd, explicit));
      return;
    }
    const found = findConfigFile({ cwd: context.cwd, env: context.env });
    if (!found.ok) {
      reportProblems(context.out, [found.problem]);
      throw new CliExit(ExitCode.failed);
    }
    warnIfConfigVariableIgnored(context, found.path, undefined);
    context.out.line(found.path);
  });

  addPathOption(config.command('show').description('print the config file'))
    .option('-r, --raw', 'print the file as it is, without the path and line numbers')
    .action(async (options: PathOptions & { path?: string; raw?: boolean }) => {
      const found = findConfigFile({
        explicitPath: explicitPath(options),
        cwd: context.cwd,
        env: context.env,
      });
      if (!found.ok) {
        reportProblems(context.out, [found.problem]);
        context.out.detail('Run `cf config init` to create one.');
        throw new CliExit(ExitCode.failed);
      }
      const text = await readFile(found.path, 'utf8');
      if (options.raw) {
        context.stdout.write(text);
        return;
      }
      const { colors } = context.out;
      context.out.line(`Config file: ${found.path}`);
      context.out.line();
      const lines = text.replace(/\n$/, '').split('\n');
      const width = String(lines.length).length;
      lines.forEach((line, index) => {
        context.out.line(`${colors.dim(String(index + 1).padStart(width))}  ${line}`);
      });
    });

  addPathOption(
    config.command('validate').description('check the config file and count hosts and stacks'),
  ).action(async (options: PathOptions & { path?: string }) => {
    const loaded = await loadConfigOrExit(context, explicitPath(options));
    context.out.success(`Valid config: ${loaded.path}`);
    context.out.line(`  Hosts: ${loaded.hosts.size}`);
    context.out.line(`  Stacks: ${loaded.stacks.size}`);
  });

  addPathOption(
    config
      .command('init')
      .description('write a commented example config (default: the user config folder)'),
  )
    .option('-f, --force', 'overwrite an existing file without asking')
    .action(async (options: PathOptions & { path?: string; force?: boolean }) => {
      const explicit = explicitPath(options);
      const target =
        explicit !== undefined
          ? resolve(context.cwd, explicit)
          : userConfigPath({ env: context.env });

      if (!options.force && (await exists(target))) {
        const overwrite = await confirm(context, `${target} exists. Overwrite it? [y/N] `);
        if (!overwrite) {
          context.out.error(`Config file already exists: ${target}`);
          context.out.detail('Pass --force to overwrite it, or --config PATH to write elsewhere.');
          throw new CliExit(ExitCode.failed);
        }
      }
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, CONFIG_TEMPLATE, 'utf8');
      context.out.success(`Config file created at: ${target}`);
      context.out.line('Edit its hosts and stacks, then run `cf config validate`.');
    });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Asks a yes/no question on the terminal; without one, the answer is no. */
async function confirm(context: CliContext, question: string): Promise<boolean> {
  if (!context.interactive || context.confirm === undefined) return false;
  return context.confirm(question);
}
