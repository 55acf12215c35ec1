import { COMPOSE_FILE_NAMES } from '../compose/files';
import type { Config } from '../config/types';
import { stackDir } from '../config/types';
import { displayCommand } from '../executor/shell-quote';
import type { CommandSpec } from '../executor/types';

/**
 * A shell script that runs `docker compose "$@"` only when the current folder contains a compose
 * file. Without one, docker compose would climb to the parent folder and act on a file lying in
 * `compose_dir`, under another project name, so the script fails instead.
 */
const GUARDED_COMPOSE = [
  `for f in ${COMPOSE_FILE_NAMES.join(' ')}; do`,
  '  if [ -f "$f" ]; then exec docker compose "$@"; fi',
  'done',
  `echo "no compose file in $(pwd) on this host (looked for ${COMPOSE_FILE_NAMES.join(', ')})" >&2`,
  'exit 1',
].join('\n');

/** Builds the `docker compose` arguments of `up`, as Compose Farm does. */
export function upArguments(options: {
  pull?: boolean;
  build?: boolean;
  service?: string;
}): string[] {
  const args = ['up', '-d'];
  if (options.pull) args.push('--pull', 'always');
  if (options.build) args.push('--build');
  if (options.service !== undefined) args.push(options.service);
  return args;
}

/** `docker compose ARGS`, quoted as a shell needs it, as shown to the user before it runs. */
export function composeDisplay(args: readonly string[]): string {
  return displayCommand(['docker', 'compose', ...args]);
}

/**
 * Builds the command spec that runs `docker compose ARGS` in a stack's folder on a host. The folder is
 * the same path on every host; compose finds the file there, so no `-f` is passed.
 */
export function composeSpec(
  config: Config,
  stack: string,
  args: readonly string[],
  extra: Omit<CommandSpec, 'argv' | 'cwd'> = {},
): CommandSpec {
  return {
    description: composeDisplay(args),
    ...extra,
    argv: ['sh', '-c', GUARDED_COMPOSE, 'compose-farm', ...args],
    cwd: stackDir(config, stack),
  };
}
