/**
 * The executor registry: one shared executor per configured host, local or over SSH, built
 * from the options the CLI or the app passes in (prompts, timeouts, home folder, SSH config).
 */
import { homedir, userInfo } from 'node:os';

import type { HostConfig } from '../config/types';
import type { ClientFactory, ConnectOptions } from '../ssh/connect';
import { SshConnection } from '../ssh/connection';
import { RemoteExecutor } from '../ssh/remote-executor';
import type { SshTarget } from '../ssh/ssh-config';
import { terminalLocale } from '../ssh/terminal-locale';
import { describeTarget, resolveSshTarget } from '../ssh/ssh-config';
import type { PasswordPrompt } from '../ssh/auth';
import { sshConfigError } from './errors';
import type { InterfaceAddresses } from './local-address';
import { isLocalAddress } from './local-address';
import type { PtySpawner } from './local';
import { LocalExecutor } from './local';
import type { Executors, ExecutorOptions, HostExecutor, Logger, Outcome } from './types';

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_KEEPALIVE_INTERVAL_MS = 15_000;
/** Two below sshd's default MaxSessions of 10, leaving room for the user's own sessions. */
export const DEFAULT_MAX_CHANNELS = 8;

const silentLogger: Logger = { debug() {}, info() {}, warn() {} };

/** The edges tests replace: the SSH client, the PTY spawner, the machine's addresses. */
export interface ExecutorEdges {
  readonly createClient?: ClientFactory;
  readonly spawnPty?: PtySpawner;
  readonly interfaceAddresses?: InterfaceAddresses;
  readonly localUser?: string;
  /** Checked after the user's known_hosts; `/etc/ssh/ssh_known_hosts` unless given. */
  readonly globalKnownHostsFiles?: readonly string[];
  /** Offered after the keys; only `cf ssh setup` passes one. */
  readonly askPassword?: PasswordPrompt;
}

export type AllExecutorOptions = ExecutorOptions & ExecutorEdges;

function sameHost(a: HostConfig, b: HostConfig): boolean {
  return a.address === b.address && a.user === b.user && a.port === b.port;
}

/** Builds the options for connecting to `host`, resolving it through the SSH config. */
export function connectOptionsFor(
  host: HostConfig,
  options: AllExecutorOptions,
  logger: Logger,
): Outcome<ConnectOptions> & { target?: SshTarget } {
  const home = options.home ?? homedir();
  const env = options.env ?? process.env;
  const localUser = options.localUser ?? env.USER ?? userInfo().username;
  const resolved = resolveSshTarget(host, {
    home,
    localUser,
    ...(options.sshConfigPath !== undefined ? { sshConfigPath: options.sshConfigPath } : {}),
    ...(options.systemSshConfigPath !== undefined
      ? { systemConfigPath: options.systemSshConfigPath }
      : {}),
  });
  if (!resolved.ok) {
    return { ok: false, error: sshConfigError(host.name, resolved.file, resolved.cause) };
  }
  return {
    ok: true,
    target: resolved.target,
    value: {
      host: host.name,
      target: resolved.target,
      createClient: options.createClient,
      home,
      env,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      keepaliveIntervalMs: options.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_INTERVAL_MS,
      acceptNewHostKeys: options.acceptNewHostKeys ?? false,
      confirmHostKey: options.confirmHostKey,
      askPassphrase: options.askPassphrase,
      askPassword: options.askPassword,
      globalKnownHostsFiles: options.globalKnownHostsFiles ?? ['/etc/ssh/ssh_known_hosts'],
      logger,
    },
  };
}

/** Creates an executor for one host, not shared; operations use the registry below. */
export function createHostExecutor(
  host: HostConfig,
  options: AllExecutorOptions = {},
): HostExecutor {
  const logger = options.logger?.(`ssh:${host.name}`) ?? silentLogger;
  if (isLocalAddress(host.address, options.interfaceAddresses)) {
    return new LocalExecutor(host.name, {
      env: options.env,
      commandTimeoutMs: options.commandTimeoutMs,
      spawnPty: options.spawnPty,
      logger: options.logger?.(`local:${host.name}`) ?? silentLogger,
    });
  }
  let description = `${host.user ? `${host.user}@` : ''}${host.address}${host.port ? `:${host.port}` : ''}`;
  const connection = new SshConnection(
    host.name,
    () => {
      const built = connectOptionsFor(host, options, logger);
      if (built.target) description = describeTarget(built.target);
      return built;
    },
    options.maxChannels ?? DEFAULT_MAX_CHANNELS,
    logger,
  );
  return new RemoteExecutor(host.name, {
    connection,
    describe: () => description,
    commandTimeoutMs: options.commandTimeoutMs,
    terminalEnv: terminalLocale(options.env ?? process.env),
    logger,
  });
}

/** Creates the registry: one shared executor per host name, replaced when its address, user or port changes. */
export function createExecutors(options: AllExecutorOptions = {}): Executors {
  const executors = new Map<string, { host: HostConfig; executor: HostExecutor }>();
  return {
    forHost(host) {
      const existing = executors.get(host.name);
      if (existing && sameHost(existing.host, host)) return existing.executor;
      if (existing) void existing.executor.close();
      const executor = createHostExecutor(host, options);
      executors.set(host.name, { host, executor });
      return executor;
    },
    async closeAll() {
      const all = [...executors.values()];
      executors.clear();
      await Promise.all(all.map(({ executor }) => executor.close()));
    },
  };
}
