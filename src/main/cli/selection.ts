import { basename } from 'node:path';
import type { Config, StackConfig } from '../core/config/types';
import { closestName } from '../core/config/suggest';
import type { CliContext } from './context';
import { CliExit, ExitCode } from './exit';

/**
 * Returns the stacks configured for `host`, including `all` and list stacks. Ends the command when the
 * host is not in the config.
 */
export function stacksOnHost(context: CliContext, config: Config, host: string): StackConfig[] {
  if (!config.hosts.has(host)) {
    context.out.error(`Host ${host} not found in config`);
    context.out.detail(`Known hosts: ${[...config.hosts.keys()].join(', ') || '(none)'}`);
    throw new CliExit(ExitCode.failed);
  }
  return [...config.stacks.values()].filter((stack) => stack.hosts.includes(host));
}

export interface SelectionOptions {
  readonly all?: boolean;
  readonly host?: string;
}

export interface SelectionRules {
  /** Select every stack when nothing is named, as `ps` and `refresh` do. */
  readonly defaultToAll?: boolean;
  /** Accept `.` as the name of the current folder. */
  readonly allowDot?: boolean;
}

/**
 * Checks that `--all` is used alone: stack names and `--host` may be combined (the named stacks,
 * on that host only), but `--all` with either is ambiguous. Runs before the config is loaded, so
 * a usage mistake is reported even when the config is broken.
 */
export function checkSelectionUsage(
  context: CliContext,
  names: readonly string[],
  options: SelectionOptions,
): void {
  if (options.all === true && (names.length > 0 || options.host !== undefined)) {
    context.out.error('Use only one of: stack names, --all, or --host');
    context.out.detail('Stack names may be combined with --host to act on that host only.');
    throw new CliExit(ExitCode.usage);
  }
}

/**
 * Resolves the stacks a command acts on, following Compose Farm's rules: names (with `.` for the
 * current folder), `--all`, or `--host` (every stack whose hosts include it). Unknown names end
 * the command with one error per name.
 */
export function selectStacks(
  context: CliContext,
  config: Config,
  names: readonly string[],
  options: SelectionOptions,
  rules: SelectionRules = {},
): StackConfig[] {
  checkSelectionUsage(context, names, options);

  if (options.host !== undefined && names.length > 0) {
    return namedStacksOnHost(
      context,
      config,
      resolveNames(context, config, names, rules),
      options.host,
    );
  }
  if (options.host !== undefined) {
    const stacks = stacksOnHost(context, config, options.host);
    if (stacks.length === 0) {
      context.out.warning(`No stacks configured for host ${options.host}`);
      throw new CliExit(ExitCode.ok);
    }
    return stacks;
  }
  if (options.all === true || (names.length === 0 && rules.defaultToAll === true)) {
    return [...config.stacks.values()];
  }
  if (names.length === 0) {
    context.out.error('Specify stacks or use --all / --host');
    throw new CliExit(ExitCode.usage);
  }

  return resolveNames(context, config, names, rules);
}

/** Resolves the named stacks (`.` too); ends the command with one error per unknown name. */
function resolveNames(
  context: CliContext,
  config: Config,
  names: readonly string[],
  rules: SelectionRules,
): StackConfig[] {
  const resolved = names.map((name) =>
    name === '.' && rules.allowDot !== false ? basename(context.cwd) : name,
  );
  const unknown = resolved.filter((name) => !config.stacks.has(name));
  if (unknown.length > 0) {
    for (const name of unknown) {
      const fromDot = names.includes('.') && name === basename(context.cwd);
      const what = fromDot ? `${name} (the current folder)` : name;
      const close = closestName(name, config.stacks.keys());
      const suggestion = close === undefined ? '' : ` (did you mean ${close}?)`;
      context.out.error(`Stack ${what} not found in config file ${config.path}${suggestion}`);
    }
    context.out.detail('Hint: Add the stack to compose-farm.yaml or use --all');
    throw new CliExit(ExitCode.failed);
  }
  return [...new Set(resolved)].map((name) => config.stacks.get(name) as StackConfig);
}

/** The named stacks, each of which must be configured for `host`. */
function namedStacksOnHost(
  context: CliContext,
  config: Config,
  stacks: readonly StackConfig[],
  host: string,
): StackConfig[] {
  if (!config.hosts.has(host)) {
    context.out.error(`Host ${host} not found in config`);
    throw new CliExit(ExitCode.failed);
  }
  const elsewhere = stacks.filter((stack) => !stack.hosts.includes(host));
  if (elsewhere.length > 0) {
    for (const stack of elsewhere) {
      context.out.error(
        `Stack ${stack.name} is not configured for host ${host} (configured: ${stack.hosts.join(', ')})`,
      );
    }
    throw new CliExit(ExitCode.failed);
  }
  return [...stacks];
}

/** `--service` names a service of one stack, so it needs exactly one selected stack. */
export function requireOneStackForService(
  context: CliContext,
  stacks: readonly StackConfig[],
  service: string | undefined,
): void {
  if (service !== undefined && stacks.length !== 1) {
    context.out.error('--service requires exactly one stack');
    throw new CliExit(ExitCode.usage);
  }
}
