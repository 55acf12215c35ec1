import { basename } from 'node:path';
import type { Command } from 'commander';
import { composeSpec } from '../../core/operations/compose-command';
import { exitCodeOf, hostConfig, runCompose } from '../../core/operations/context';
import type { CliContext } from '../context';
import { loadConfigOrExit } from '../context';
import { CliExit, ExitCode } from '../exit';
import { addSshOptions, withOperation } from '../operation-runner';
import type { SshOptions } from '../operation-runner';
import { HelpGroup } from '../program';
import { runInTerminal } from '../raw-terminal';

interface ComposeOptions extends SshOptions {
  config?: string;
  host?: string;
}

export function registerComposeCommand(program: Command, context: CliContext): void {
  addSshOptions(
    program
      .command('compose')
      .alias('c')
      .description('run any docker compose command for a stack on its host')
      .helpGroup(HelpGroup.lifecycle)
      .argument('<stack>', 'the stack; `.` is the current folder')
      .argument('<command>', 'the docker compose command, such as ps, top, exec or config')
      .argument('[args...]', 'its arguments, passed on unchanged')
      .option('-H, --host <host>', 'the host, required for a stack on several hosts')
      .option('-c, --config <path>', 'the config file to use instead of searching for one')
      .passThroughOptions()
      .addHelpText(
        'after',
        '\nOptions of cf go before the stack; everything after the command goes to docker compose.\nExamples: cf compose web logs -f --tail 10, cf compose web exec app sh',
      ),
  ).action(async (name: string, command: string, args: string[], options: ComposeOptions) => {
    const config = await loadConfigOrExit(context, options.config);
    const stackName = name === '.' ? basename(context.cwd) : name;
    const stack = config.stacks.get(stackName);
    if (stack === undefined) {
      context.out.error(`Stack ${stackName} not found in config file ${config.path}`);
      context.out.detail('Hint: Add the stack to compose-farm.yaml');
      throw new CliExit(ExitCode.failed);
    }

    let host = options.host;
    if (host === undefined) {
      if (stack.hosts.length > 1) {
        context.out.error(`Stack ${stack.name} runs on multiple hosts: ${stack.hosts.join(', ')}`);
        context.out.detail(
          `Name the host before the stack, since everything after the command goes to docker compose: cf compose --host ${stack.hosts[0]} ${stack.name} ${command}`,
        );
        throw new CliExit(ExitCode.failed);
      }
      host = stack.hosts[0] as string;
    } else if (!stack.hosts.includes(host)) {
      context.out.error(
        `Stack ${stack.name} is not configured for host ${host} (configured: ${stack.hosts.join(', ')})`,
      );
      throw new CliExit(ExitCode.failed);
    }
    const target = host;
    const composeArgs = [command, ...args];

    const code = await withOperation(
      context,
      config,
      { ...options, prefix: false },
      async ({ operation }) => {
        if (context.interactive) {
          const spec = composeSpec(config, stack.name, composeArgs);
          return runInTerminal(
            context,
            operation.executors.forHost(hostConfig(operation, target)),
            {
              argv: spec.argv,
              ...(spec.cwd === undefined ? {} : { cwd: spec.cwd }),
            },
          );
        }
        const result = await runCompose(operation, stack.name, target, composeArgs);
        if (result.end.type === 'error') {
          context.out.error(`${result.end.error.message} ${result.end.error.hint}`);
        }
        return exitCodeOf(result);
      },
    );
    if (code !== 0) throw new CliExit(code);
  });
}
