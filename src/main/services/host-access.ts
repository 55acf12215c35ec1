import { setMaxListeners } from 'node:events';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Config, HostConfig } from '../core/config/types';
import { createExecutors } from '../core/executor';
import type { Executors, Logger as ExecutorLogger } from '../core/executor';
import { HostLimiter } from '../core/operations/context';
import type { OperationContext } from '../core/operations/context';
import type { EmitEvent } from '../core/operations/events';
import type { SshTarget } from '../core/ssh/ssh-config';
import { resolveSshTarget } from '../core/ssh/ssh-config';
import type { Farm } from './config-session';
import type { Logger } from './log';
import { silentLogger } from './log';

export interface HostAccessOptions {
  readonly env: NodeJS.ProcessEnv;
  /** The folder holding `.ssh`; the OS home unless given. */
  readonly home?: string;
  readonly log?: Logger;
}

/**
 * The one set of SSH connections the app keeps, shared by every call, poll and action. It is
 * built without prompts: an unknown or changed host key comes back as a typed error that the
 * window shows, and the user trusts a key through `hosts.trustHostKey`.
 */
export class HostAccess {
  #executors: Executors | undefined;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  readonly #log: Logger;

  constructor(options: HostAccessOptions) {
    this.env = options.env;
    this.home = options.home ?? options.env.HOME ?? homedir();
    this.#log = options.log ?? silentLogger;
  }

  get sshConfigPath(): string {
    return join(this.home, '.ssh', 'config');
  }

  get localUser(): string {
    return this.env.USER ?? userInfo().username;
  }

  executors(): Executors {
    this.#executors ??= createExecutors({
      home: this.home,
      env: this.env,
      acceptNewHostKeys: false,
      logger: (component) => executorLogger(this.#log, component),
    });
    return this.#executors;
  }

  resolve(host: HostConfig): ReturnType<typeof resolveSshTarget> {
    return resolveSshTarget(host, { home: this.home, localUser: this.localUser });
  }

  /** The address other machines reach a host at: its SSH config HostName, else the config's. */
  hostAddress(config: Config): (host: string) => string {
    return (name) => {
      const host = config.hosts.get(name);
      if (host === undefined) return name;
      const resolved = this.resolve(host);
      return resolved.ok ? resolved.target.hostname : host.address;
    };
  }

  /** What every core operation needs, for one call or action. */
  operationContext(farm: Farm, emit: EmitEvent, signal: AbortSignal): OperationContext {
    // Every command of a large farm listens for the one abort.
    setMaxListeners(0, signal);
    return {
      config: farm.config,
      executors: this.executors(),
      emit,
      signal,
      statePath: farm.statePath,
      env: this.env,
      limiter: new HostLimiter(),
      hostAddress: this.hostAddress(farm.config),
    };
  }

  /** Closes every connection; the next call connects again with fresh settings. */
  async reset(): Promise<void> {
    const executors = this.#executors;
    this.#executors = undefined;
    await executors?.closeAll();
  }
}

export function describeJump(target: SshTarget): string {
  return `${target.user}@${target.hostname}:${target.port}`;
}

function executorLogger(log: Logger, component: string): ExecutorLogger {
  return {
    debug: (message) => log.debug(`${component}: ${message}`),
    info: (message) => log.debug(`${component}: ${message}`),
    warn: (message) => log.warn(`${component}: ${message}`),
  };
}
