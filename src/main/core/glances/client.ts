import {
  readContainers,
  readDiskPercent,
  readLoad,
  readMemory,
  readNetworkRates,
  readQuicklook,
  type ContainerStats,
  type GlancesApiVersion,
  type HostStats,
} from './parse';

/** The default port of Glances' web server. */
export const GLANCES_PORT = 61208;

export interface GlancesHost {
  /** The host's name in the config, for messages. */
  readonly name: string;
  /** The address Glances listens at: the host's, or a container name on a shared network. */
  readonly address: string;
  /** Overrides the client's port for this host. */
  readonly port?: number;
}

export type GlancesFailureReason = 'offline' | 'timeout' | 'http' | 'invalid-response';

/** A host whose Glances could not be read. An offline Glances is a state, not an app error. */
export interface GlancesFailure {
  readonly host: string;
  readonly ok: false;
  readonly reason: GlancesFailureReason;
  readonly message: string;
}

export type HostStatsResult =
  { readonly host: string; readonly ok: true; readonly stats: HostStats } | GlancesFailure;

export type ContainerStatsResult =
  | { readonly host: string; readonly ok: true; readonly containers: readonly ContainerStats[] }
  | GlancesFailure;

export interface GlancesClientOptions {
  /** Defaults to Node's `fetch`. */
  readonly fetch?: typeof fetch;
  readonly port?: number;
  /** Time allowed for all the requests about one host; 10 seconds unless set. */
  readonly timeoutMs?: number;
  /** The `glances_stack` name, so messages can name what to start. */
  readonly glancesStack?: string;
}

class GlancesRequestError extends Error {
  constructor(
    readonly reason: GlancesFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads host and container stats from Glances' REST API. It requests version 4 first and falls
 * back to version 3 (what Debian 12 ships) when a host responds 404, and keeps the result per host.
 */
export class GlancesClient {
  private readonly fetch: typeof fetch;
  private readonly port: number;
  private readonly timeoutMs: number;
  private readonly glancesStack: string | undefined;
  private readonly versions = new Map<string, GlancesApiVersion>();

  constructor(options: GlancesClientOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.port = options.port ?? GLANCES_PORT;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.glancesStack = options.glancesStack;
  }

  /** Reads CPU, memory, swap, load, disk and network of one host. Rejects only when cancelled. */
  async hostStats(host: GlancesHost, signal?: AbortSignal): Promise<HostStatsResult> {
    const requestSignal = this.signalFor(signal);
    try {
      const version = await this.apiVersion(host, requestSignal);
      const optional = (plugin: string) =>
        this.get(host, version, plugin, requestSignal).catch(() => undefined);
      const [quicklook, load, memory, disk, network] = await Promise.all([
        this.get(host, version, 'quicklook', requestSignal),
        optional('load'),
        optional('mem'),
        optional('fs'),
        optional('network'),
      ]);

      const basics = readQuicklook(quicklook);
      if (basics === undefined) throw this.invalid(host, 'quicklook');
      const stats: HostStats = {
        apiVersion: version,
        ...basics,
        ...defined('load', readLoad(load)),
        ...defined('memory', readMemory(memory)),
        ...defined('diskPercent', readDiskPercent(disk)),
        ...defined('network', readNetworkRates(network)),
      };
      return { host: host.name, ok: true, stats };
    } catch (error) {
      return this.failure(host, error, signal);
    }
  }

  /** Reads the containers Glances lists on one host, with their CPU, memory and network use. */
  async containerStats(host: GlancesHost, signal?: AbortSignal): Promise<ContainerStatsResult> {
    const requestSignal = this.signalFor(signal);
    try {
      const version = await this.apiVersion(host, requestSignal);
      const plugin = version === 4 ? 'containers' : 'docker';
      const containers = readContainers(await this.get(host, version, plugin, requestSignal));
      if (containers === undefined) throw this.invalid(host, plugin);
      return { host: host.name, ok: true, containers };
    } catch (error) {
      return this.failure(host, error, signal);
    }
  }

  private baseUrl(host: GlancesHost): string {
    const address = host.address.includes(':') ? `[${host.address}]` : host.address;
    return `http://${address}:${host.port ?? this.port}`;
  }

  private async apiVersion(host: GlancesHost, signal: AbortSignal): Promise<GlancesApiVersion> {
    const known = this.versions.get(this.baseUrl(host));
    if (known !== undefined) return known;
    // Glances 3 fails `status` with HTTP 500 for clients that accept compressed responses, as
    // fetch does, so the plugin list is used to detect the version.
    for (const version of [4, 3] as const) {
      const path = `/api/${version}/pluginslist`;
      const response = await this.send(host, path, signal);
      await response.body?.cancel();
      if (response.ok) {
        this.versions.set(this.baseUrl(host), version);
        return version;
      }
      if (response.status !== 404) throw this.httpError(host, path, response);
    }
    throw new GlancesRequestError(
      'http',
      `${this.where(host)} serves neither API version 4 nor 3: check that port ${this.port} ` +
        'is Glances in web server mode (glances -w).',
    );
  }

  private async get(
    host: GlancesHost,
    version: GlancesApiVersion,
    plugin: string,
    signal: AbortSignal,
  ): Promise<unknown> {
    const path = `/api/${version}/${plugin}`;
    const response = await this.send(host, path, signal);
    if (!response.ok) {
      await response.body?.cancel();
      throw this.httpError(host, path, response);
    }
    try {
      return (await response.json()) as unknown;
    } catch (error) {
      if (isAbort(error)) throw error;
      throw this.invalid(host, plugin);
    }
  }

  private async send(host: GlancesHost, path: string, signal: AbortSignal): Promise<Response> {
    try {
      return await this.fetch(`${this.baseUrl(host)}${path}`, { signal });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new GlancesRequestError(
        'offline',
        `${this.where(host)} is offline (${networkReason(error)}): ${this.startHint(host)}.`,
      );
    }
  }

  private signalFor(signal: AbortSignal | undefined): AbortSignal {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  }

  private failure(host: GlancesHost, error: unknown, signal: AbortSignal | undefined) {
    if (signal?.aborted) throw error;
    if (error instanceof Error && error.name === 'TimeoutError') {
      return {
        host: host.name,
        ok: false as const,
        reason: 'timeout' as const,
        message:
          `${this.where(host)} did not answer within ${this.timeoutMs / 1000} s: the host may ` +
          'be overloaded or a firewall drops the port.',
      };
    }
    if (error instanceof GlancesRequestError) {
      return { host: host.name, ok: false as const, reason: error.reason, message: error.message };
    }
    const message = error instanceof Error ? error.message : String(error);
    return {
      host: host.name,
      ok: false as const,
      reason: 'invalid-response' as const,
      message: `${this.where(host)}: ${message}`,
    };
  }

  private where(host: GlancesHost): string {
    return `Glances on ${host.name} (${this.baseUrl(host)})`;
  }

  private startHint(host: GlancesHost): string {
    return this.glancesStack === undefined
      ? `start Glances in web server mode on ${host.name}`
      : `start the ${this.glancesStack} stack on ${host.name} (cf up ${this.glancesStack})`;
  }

  private httpError(host: GlancesHost, path: string, response: Response): GlancesRequestError {
    return new GlancesRequestError(
      'http',
      `${this.where(host)} answered HTTP ${response.status} ${response.statusText} to ${path}: ` +
        'check its version and its log.',
    );
  }

  private invalid(host: GlancesHost, plugin: string): GlancesRequestError {
    return new GlancesRequestError(
      'invalid-response',
      `${this.where(host)} sent ${plugin} data in an unknown shape: check that it is ` +
        'Glances 3 or 4.',
    );
  }
}

/** Fetches host stats from every host at once; results keep the order of `hosts`. */
export function fetchHostStats(
  client: GlancesClient,
  hosts: readonly GlancesHost[],
  signal?: AbortSignal,
): Promise<HostStatsResult[]> {
  return Promise.all(hosts.map((host) => client.hostStats(host, signal)));
}

/** Fetches container stats from every host at once; results keep the order of `hosts`. */
export function fetchContainerStats(
  client: GlancesClient,
  hosts: readonly GlancesHost[],
  signal?: AbortSignal,
): Promise<ContainerStatsResult[]> {
  return Promise.all(hosts.map((host) => client.containerStats(host, signal)));
}

/** Tells whether a request ended by its timeout or by its caller, rather than by the network. */
function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
