import { randomBytes } from 'node:crypto';
import type { ErrorCode, Failed, Result } from '../../shared/contract';
import { failed, ok } from '../../shared/contract';
import { loadStack } from '../core/compose';
import type { Config, HostConfig, StackConfig } from '../core/config';
import type { ExecError } from '../core/executor';

/** Returns a random stream id of 22 URL-safe characters, so one caller cannot guess another's. */
export function newStreamId(): string {
  return randomBytes(16).toString('base64url');
}

export function findHost(config: Config, host: string): Result<HostConfig> {
  const found = config.hosts.get(host);
  if (found !== undefined) return ok(found);
  return failed(
    'host-not-found',
    `Host ${host} is not in ${config.path}.`,
    `Choose one of: ${[...config.hosts.keys()].join(', ')}.`,
    { host },
  );
}

export function findStack(config: Config, stack: string): Result<StackConfig> {
  const found = config.stacks.get(stack);
  if (found !== undefined) return ok(found);
  return failed(
    'stack-not-found',
    `Stack ${stack} is not in ${config.path}.`,
    'Check the name, or add the stack under stacks: in the config.',
    { stack },
  );
}

/** Returns the named stacks in the order given, without repeats, or every configured stack. */
export function selectStacks(
  config: Config,
  names: readonly string[] | undefined,
): Result<string[]> {
  if (names === undefined) return ok([...config.stacks.keys()]);
  const unique = [...new Set(names)];
  const missing = unique.filter((name) => !config.stacks.has(name));
  if (missing.length > 0) {
    return failed(
      'stack-not-found',
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in ${config.path}.`,
      'Reload the stacks: the config may have changed since the page showed them.',
      { stack: missing[0] as string },
    );
  }
  return ok(unique);
}

/**
 * The one host of a stack a terminal runs on: the one asked for, which must be among the
 * stack's hosts, or its only host.
 */
export function pickStackHost(
  config: Config,
  stack: StackConfig,
  host: string | undefined,
): Result<HostConfig> {
  if (host === undefined) {
    const [only] = stack.hosts;
    if (stack.hosts.length === 1 && only !== undefined) return findHost(config, only);
    return failed(
      'invalid-request',
      `Stack ${stack.name} runs on ${stack.hosts.join(', ')}; a terminal runs on one of them.`,
      'Choose the host.',
      { stack: stack.name },
    );
  }
  if (!stack.hosts.includes(host)) {
    return failed(
      'host-not-found',
      `Stack ${stack.name} does not run on ${host}; its hosts are ${stack.hosts.join(', ')}.`,
      'Choose one of its hosts.',
      { stack: stack.name, host },
    );
  }
  return findHost(config, host);
}

/** Checks that the stack's compose files define `service`. */
export async function checkService(
  config: Config,
  stack: string,
  service: string,
  env: NodeJS.ProcessEnv,
): Promise<Failed | undefined> {
  const model = await loadStack(config.composeDir, stack, { env });
  const names = model.services.map((candidate) => candidate.name);
  if (names.includes(service)) return undefined;
  return failed(
    'invalid-request',
    `Stack ${stack} has no service ${service}.`,
    names.length === 0
      ? `No compose file of ${stack} defines services.`
      : `Its services are ${names.join(', ')}.`,
    { stack },
  );
}

const EXEC_ERROR_CODES: Readonly<Record<ExecError['code'], ErrorCode>> = {
  unreachable: 'host-unreachable',
  'auth-failed': 'auth-rejected',
  'host-key-unknown': 'host-key-unknown',
  'host-key-changed': 'host-key-changed',
  'host-key-revoked': 'host-key-changed',
  timeout: 'host-unreachable',
  cancelled: 'cancelled',
  'connection-lost': 'host-unreachable',
  'channel-refused': 'host-unreachable',
  'spawn-failed': 'internal',
  'ssh-config-invalid': 'invalid-request',
};

/** Converts the executor's error to the contract's, keeping its message and hint. */
export function fromExecError(error: ExecError, stack?: string): Failed {
  return failed(EXEC_ERROR_CODES[error.code], error.message, error.hint, {
    host: error.host,
    ...(stack === undefined ? {} : { stack }),
  });
}
