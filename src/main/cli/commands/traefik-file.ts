import { resolve } from 'node:path';

import type { Command } from 'commander';

import {
  formatTraefikWarning,
  generateTraefikConfig,
  renderTraefikYaml,
  writeTraefikFile,
} from '../../core/traefik';
import { sshHostAddress } from '../../core/operations/host-address';
import type { CliContext } from '../context';
import { loadConfigOrExit } from '../context';
import { CliExit, ExitCode } from '../exit';
import { HelpGroup } from '../program';
import { selectStacks } from '../selection';

interface TraefikFileOptions {
  all?: boolean;
  output?: string;
  config?: string;
}

export function registerTraefikFileCommand(program: Command, context: CliContext): void {
  program
    .command('traefik-file')
    .description("write Traefik file-provider config for stacks on other hosts than Traefik's")
    .helpGroup(HelpGroup.configuration)
    .argument('[stacks...]', 'the stacks to include')
    .option('-a, --all', 'include every stack in the config')
    .option('-o, --output <path>', 'write to this file (only when it changes) instead of stdout')
    .option('-c, --config <path>', 'the config file to use instead of searching for one')
    .action(async (names: string[], options: TraefikFileOptions) => {
      const config = await loadConfigOrExit(context, options.config);
      const stacks = selectStacks(context, config, names, { all: options.all === true });
      const result = await generateTraefikConfig(config, {
        stacks: stacks.map((stack) => stack.name),
        env: context.env,
        hostAddress: sshHostAddress(config, context.env),
      });

      for (const warning of result.warnings) context.out.warning(formatTraefikWarning(warning));
      if (result.errors.length > 0) {
        for (const error of result.errors) context.out.error(error.message);
        context.out.detail('Nothing was written: fix the stacks above, or leave them out.');
        throw new CliExit(ExitCode.failed);
      }

      const output =
        options.output === undefined ? undefined : resolve(context.cwd, options.output);
      const text = renderTraefikYaml(result.config, output);
      if (output === undefined) {
        context.stdout.write(text);
        return;
      }
      let written: boolean;
      try {
        written = await writeTraefikFile(output, text);
      } catch (error) {
        context.out.error(error instanceof Error ? error.message : String(error));
        throw new CliExit(ExitCode.failed);
      }
      if (written) context.out.success(`Traefik config written to ${output}`);
      else context.out.success(`Traefik config unchanged: ${output}`);
    });
}
