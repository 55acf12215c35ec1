import { Command, CommanderError } from 'commander';
import { registerApplyCommand } from './commands/apply';
import { registerCheckCommand } from './commands/check';
import { registerComposeCommand } from './commands/compose';
import { registerConfigCommand } from './commands/config';
import { registerInitNetworkCommand } from './commands/init-network';
import { registerLifecycleCommands } from './commands/lifecycle';
import { registerListCommand } from './commands/list';
import { registerMonitoringCommands } from './commands/monitoring';
import { registerRefreshCommand } from './commands/refresh';
import { registerStatsCommand } from './commands/stats';
import { registerServeCommand } from './commands/serve';
import { registerSshCommand } from './commands/ssh';
import { registerTraefikFileCommand } from './commands/traefik-file';
import { registerUpdatesCommand } from './commands/updates';
import type { CliContext } from './context';
import { CliExit, ExitCode } from './exit';
import { VERSION } from './version';

/** Help panels, in the order `cf --help` shows them. */
export const HelpGroup = {
  lifecycle: 'Lifecycle:',
  monitoring: 'Monitoring:',
  configuration: 'Configuration:',
  server: 'Server:',
} as const;

export function buildProgram(context: CliContext): Command {
  const program = new Command('cf')
    .description('Run Docker Compose stacks on several hosts over SSH, as compose-farm.yaml says.')
    .version(`cf (Compose Farm Desktop) ${VERSION}`, '-v, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand(false)
    .showSuggestionAfterError(true)
    // `cf compose STACK CMD ARGS` hands every option after CMD to docker compose.
    .enablePositionalOptions()
    .option('-c, --config <path>', 'the config file to use, for any command (also after it)')
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    });

  // `cf -c PATH list` and `cf list -c PATH` mean the same; the command's own option wins.
  program.hook('preAction', (root, command) => {
    const shared = root.opts<{ config?: string }>().config;
    if (shared !== undefined && command.getOptionValue('config') === undefined) {
      command.setOptionValue('config', shared);
    }
  });

  registerLifecycleCommands(program, context);
  registerApplyCommand(program, context);
  registerComposeCommand(program, context);
  registerMonitoringCommands(program, context);
  registerStatsCommand(program, context);
  registerListCommand(program, context);
  registerConfigCommand(program, context);
  registerRefreshCommand(program, context);
  registerInitNetworkCommand(program, context);
  registerServeCommand(program, context);
  registerCheckCommand(program, context);
  registerTraefikFileCommand(program, context);
  registerUpdatesCommand(program, context);
  registerSshCommand(program, context);
  return program;
}

/**
 * Runs the CLI on `argv` (without the node and script paths) and returns the exit code: 0 on
 * success, 1 when something failed, 2 for a usage error.
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const program = buildProgram(context);
  program.exitOverride();
  for (const command of program.commands) configureDeep(command, context);

  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.ok;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CliExit) return error.code;
    if (error instanceof CommanderError) {
      const isInformational =
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help';
      return isInformational ? ExitCode.ok : ExitCode.usage;
    }
    throw error;
  }
}

/** Subcommands do not inherit these settings from the program, so each one gets them. */
function configureDeep(command: Command, context: CliContext): void {
  command.exitOverride();
  command.configureOutput({
    writeOut: (text) => context.stdout.write(text),
    writeErr: (text) => context.stderr.write(text),
  });
  for (const child of command.commands) configureDeep(child, context);
}
