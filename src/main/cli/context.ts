import { resolve } from 'node:path';
import type { Config } from '../core/config/types';
import type { Executors } from '../core/executor/types';
import { findConfigFile, formatConfigProblem, loadConfig } from '../core/config';
import type { ConfigProblem } from '../core/config';
import { CliExit, ExitCode } from './exit';
import type { Output, TextSink } from './output';

/** The surroundings every command receives: its output streams, environment and executors. */
export interface CliContext {
  readonly out: Output;
  /** The raw streams behind `out`, for help text and file contents printed as they are. */
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Whether a person can answer a question on the terminal. */
  readonly interactive: boolean;
  /** Asks a yes/no question on the terminal; only used when `interactive`. */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** Makes the executors that reach the hosts; tests point it at the lab. */
  readonly createExecutors?: (options: ExecutorRequest) => Promise<Executors>;
}

export interface ExecutorRequest {
  /** Trust keys of hosts never seen before without asking. */
  readonly acceptNewHostKeys: boolean;
  /** A person can be asked about unknown host keys and passphrases on the terminal. */
  readonly interactive: boolean;
}

export function reportProblems(out: Output, problems: readonly ConfigProblem[]): void {
  for (const problem of problems) {
    const [first, ...rest] = formatConfigProblem(problem).split('\n');
    out.error(first ?? '');
    for (const line of rest) out.detail(line.trim());
  }
}

/** Finds and loads the config, or writes every problem to stderr and ends with exit code 1. */
export async function loadConfigOrExit(
  context: CliContext,
  explicitPath?: string,
): Promise<Config> {
  const found = findConfigFile({ explicitPath, cwd: context.cwd, env: context.env });
  if (!found.ok) {
    reportProblems(context.out, [found.problem]);
    throw new CliExit(ExitCode.failed);
  }
  warnIfConfigVariableIgnored(context, found.path, explicitPath);
  const loaded = await loadConfig(found.path);
  if (!loaded.ok) {
    context.out.error(`Invalid config: ${found.path}`);
    reportProblems(context.out, loaded.problems);
    throw new CliExit(ExitCode.failed);
  }
  for (const warning of loaded.warnings) {
    context.out.warning(formatConfigProblem(warning));
  }
  return loaded.config;
}

/**
 * `CF_CONFIG` counts only when it names a regular file, as in Compose Farm; otherwise the search
 * goes on. A typo there would silently switch to another farm, so that is said out loud.
 */
export function warnIfConfigVariableIgnored(
  context: CliContext,
  used: string,
  explicitPath: string | undefined,
): void {
  const variable = context.env.CF_CONFIG;
  if (explicitPath !== undefined || variable === undefined || variable === '') return;
  if (resolve(context.cwd, variable) === used) return;
  context.out.warning(`CF_CONFIG=${variable} is not a file, so ${used} is used instead`);
}
