import { homedir, userInfo } from 'node:os';
import { resolve } from 'node:path';

import type { Command } from 'commander';

import {
  formatTraefikWarning,
  generateTraefikConfig,
  renderTraefikYaml,
  writeTraefikFile,
  type HostAddressResolver,
} from '../../core/traefik';
import type { Config } from '../../core/config/types';
import { resolveSshTarget } from '../../core/ssh/ssh-config';
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
        hostAddress: sshConfigAddress(config, context.env),
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

/**
 * Resolves each host to the `HostName` its `~/.ssh/config` entry gives, so a host configured by
 * an SSH alias gets an address Traefik can reach. Falls back to the configured address.
 */
function sshConfigAddress(config: Config, env: NodeJS.ProcessEnv): HostAddressResolver {
  return (name) => {
    const host = config.hosts.get(name);
    if (host === undefined) return name;
    const resolved = resolveSshTarget(host, {
      home: env['HOME'] ?? homedir(),
      localUser: env['USER'] ?? userInfo().username,
    });
    return resolved.ok ? resolved.target.hostname : host.address;
  };
}
