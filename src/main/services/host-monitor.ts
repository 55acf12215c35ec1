import type { HostStatus } from '../../shared/contract';
import type { Config } from '../core/config/types';
import type { ConfigSession } from './config-session';
import type { EventHub } from './events';
import type { HostAccess } from './host-access';
import { checkHost, statusDiffers } from './host-status';
import type { Logger } from './log';
import { silentLogger } from './log';

export const POLL_INTERVAL_MS = 15_000;

export interface HostMonitorOptions {
  readonly session: ConfigSession;
  readonly access: HostAccess;
  readonly events: EventHub;
  readonly log?: Logger;
  readonly intervalMs?: number;
}

/**
 * Keeps the last status of every host and checks them again every 15 s while a window listens
 * for events, announcing a host that went down, came back or changed its key. The renderer never
 * polls: it reloads its queries when this announces a change.
 */
export class HostMonitor {
  readonly #statuses = new Map<string, HostStatus>();
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<HostStatus[]> | undefined;
  readonly #log: Logger;
  readonly #unwatch: () => void;

  constructor(private readonly options: HostMonitorOptions) {
    this.#log = options.log ?? silentLogger;
    this.#unwatch = options.events.watchListeners((count) => {
      if (count > 0) this.#start();
      else this.#stop();
    });
  }

  /** Every host's status: the last one if it is recent, else a check of every host now. */
  async statuses(options: { refresh: boolean; signal?: AbortSignal }): Promise<HostStatus[]> {
    const farm = await this.options.session.farm();
    if (!farm.ok) throw new Error(farm.error.message);
    const { config } = farm.value;
    const fresh = [...config.hosts.keys()].every((name) => {
      const known = this.#statuses.get(name);
      return known !== undefined && Date.now() - Date.parse(known.checkedAt) < POLL_INTERVAL_MS;
    });
    if (fresh && !options.refresh) return this.#inOrder(config);
    return this.checkAll(config, options.signal);
  }

  /** Checks every host of `config` at once; a round already running is joined, not repeated. */
  checkAll(config: Config, signal?: AbortSignal): Promise<HostStatus[]> {
    this.#round ??= (async () => {
      try {
        const executors = this.options.access.executors();
        const statuses = await Promise.all(
          [...config.hosts.values()].map((host) => checkHost(executors, host, signal)),
        );
        for (const status of statuses) this.record(status);
        return statuses;
      } finally {
        this.#round = undefined;
      }
    })();
    return this.#round;
  }

  /** Stores a status and announces it when the host went down, came back or its key changed. */
  record(status: HostStatus): void {
    const before = this.#statuses.get(status.name);
    this.#statuses.set(status.name, status);
    if (statusDiffers(before, status)) {
      this.#log.info(`${status.name} is now ${status.reachable ? 'reachable' : 'unreachable'}`);
      this.options.events.emit('hosts.statusChanged', { host: status.name, status });
    }
  }

  /** Forgets every status, as when the config changed and hosts may be other machines. */
  forget(): void {
    this.#statuses.clear();
  }

  dispose(): void {
    this.#stop();
    this.#unwatch();
  }

  #inOrder(config: Config): HostStatus[] {
    return [...config.hosts.keys()].flatMap((name) => {
      const status = this.#statuses.get(name);
      return status === undefined ? [] : [status];
    });
  }

  #start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.#poll(), this.options.intervalMs ?? POLL_INTERVAL_MS);
    this.#timer.unref();
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #poll(): Promise<void> {
    try {
      const farm = await this.options.session.farm();
      if (farm.ok) await this.checkAll(farm.value.config);
    } catch (error) {
      this.#log.error('Checking the hosts failed', error);
    }
  }
}
