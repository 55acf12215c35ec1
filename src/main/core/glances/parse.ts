/**
 * Readers for the JSON of Glances' REST API, versions 4 and 3. Both name most fields alike; where
 * they differ (network rates, container fields) both spellings are read.
 */

export type GlancesApiVersion = 3 | 4;

export interface LoadAverage {
  readonly min1: number;
  readonly min5: number;
  readonly min15: number;
  /** Logical CPUs, to read the load against; absent when Glances leaves it out. */
  readonly cores?: number;
}

export interface NetworkRates {
  /** Bytes per second received over all interfaces except loopback. */
  readonly receivedPerSecond: number;
  readonly sentPerSecond: number;
}

export interface HostStats {
  readonly apiVersion: GlancesApiVersion;
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  readonly swapPercent: number;
  readonly memory?: { readonly totalBytes: number; readonly usedBytes: number };
  readonly load?: LoadAverage;
  /** Use of the `/` file system, or of the fullest one when `/` is not listed. */
  readonly diskPercent?: number;
  readonly network?: NetworkRates;
}

export interface ContainerStats {
  readonly name: string;
  readonly id?: string;
  readonly image: string;
  /** Docker's state: `running`, `exited`, `paused`… */
  readonly status: string;
  /** Glances' wording, such as `3 days`; empty when the container is not running. */
  readonly uptime: string;
  readonly cpuPercent?: number;
  readonly memoryUsageBytes?: number;
  readonly memoryLimitBytes?: number;
  readonly memoryPercent?: number;
  /** Bytes received and sent since the container started. */
  readonly networkReceivedBytes?: number;
  readonly networkSentBytes?: number;
  readonly networkReceivedPerSecond?: number;
  readonly networkSentPerSecond?: number;
  readonly ports?: string;
  /** `docker` or `podman`, from Glances 4. */
  readonly engine?: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Reads `quicklook`: CPU, memory and swap in percent. `undefined` when the shape is wrong. */
export function readQuicklook(
  body: unknown,
): Pick<HostStats, 'cpuPercent' | 'memoryPercent' | 'swapPercent'> | undefined {
  if (!isObject(body)) return undefined;
  const cpuPercent = numberOf(body['cpu']);
  const memoryPercent = numberOf(body['mem']);
  if (cpuPercent === undefined || memoryPercent === undefined) return undefined;
  return { cpuPercent, memoryPercent, swapPercent: numberOf(body['swap']) ?? 0 };
}

export function readLoad(body: unknown): LoadAverage | undefined {
  if (!isObject(body)) return undefined;
  const min1 = numberOf(body['min1']);
  const min5 = numberOf(body['min5']);
  const min15 = numberOf(body['min15']);
  if (min1 === undefined || min5 === undefined || min15 === undefined) return undefined;
  const cores = numberOf(body['cpucore']);
  return { min1, min5, min15, ...(cores === undefined ? {} : { cores }) };
}

export function readMemory(body: unknown): HostStats['memory'] {
  if (!isObject(body)) return undefined;
  const totalBytes = numberOf(body['total']);
  const usedBytes = numberOf(body['used']);
  if (totalBytes === undefined || usedBytes === undefined) return undefined;
  return { totalBytes, usedBytes };
}

/** Reads `fs`: the use of `/`, or of the fullest file system when `/` is not mounted there. */
export function readDiskPercent(body: unknown): number | undefined {
  if (!Array.isArray(body)) return undefined;
  const systems = body.filter(isObject);
  const root = systems.find((system) => system['mnt_point'] === '/');
  if (root !== undefined) return numberOf(root['percent']);
  const percents = systems.map((system) => numberOf(system['percent'])).filter(isNumber);
  return percents.length === 0 ? undefined : Math.max(...percents);
}

/**
 * Reads `network` into rates summed over every interface but loopback. Glances 4 gives rates
 * per second; Glances 3 gives the bytes since its previous update and that update's age.
 */
export function readNetworkRates(body: unknown): NetworkRates | undefined {
  if (!Array.isArray(body)) return undefined;
  let receivedPerSecond = 0;
  let sentPerSecond = 0;
  for (const item of body.filter(isObject)) {
    if ((textOf(item['interface_name']) ?? 'lo').startsWith('lo')) continue;
    const received = numberOf(item['bytes_recv_rate_per_sec']);
    const sent = numberOf(item['bytes_sent_rate_per_sec']);
    if (received !== undefined || sent !== undefined) {
      receivedPerSecond += received ?? 0;
      sentPerSecond += sent ?? 0;
      continue;
    }
    const seconds = numberOf(item['time_since_update']);
    if (seconds === undefined || seconds <= 0) continue;
    receivedPerSecond += (numberOf(item['rx']) ?? 0) / seconds;
    sentPerSecond += (numberOf(item['tx']) ?? 0) / seconds;
  }
  return { receivedPerSecond, sentPerSecond };
}

/**
 * Reads the container list: Glances 4's `containers` (a list) or Glances 3's `docker` (an
 * object with `containers`, or `{}` when it cannot reach docker).
 */
export function readContainers(body: unknown): ContainerStats[] | undefined {
  const list = Array.isArray(body) ? body : isObject(body) ? (body['containers'] ?? []) : undefined;
  if (!Array.isArray(list)) return undefined;
  return list.filter(isObject).flatMap((item) => {
    const container = readContainer(item);
    return container === undefined ? [] : [container];
  });
}

function readContainer(item: Json): ContainerStats | undefined {
  const name = textOf(item['name']);
  if (name === undefined) return undefined;
  const cpu = isObject(item['cpu']) ? item['cpu'] : {};
  const memory = isObject(item['memory']) ? item['memory'] : {};
  const network = isObject(item['network']) ? item['network'] : {};
  const rawImage = item['image'] ?? item['Image'];
  const image = Array.isArray(rawImage) ? textOf(rawImage[0]) : textOf(rawImage);

  // Glances 3's `memory_usage` leaves out the page cache, so it is preferred over `memory.usage`.
  const memoryUsageBytes = numberOf(item['memory_usage']) ?? numberOf(memory['usage']);
  const memoryLimitBytes = numberOf(memory['limit']);
  const memoryPercent =
    memoryUsageBytes !== undefined && memoryLimitBytes !== undefined && memoryLimitBytes > 0
      ? (memoryUsageBytes / memoryLimitBytes) * 100
      : undefined;

  const fields: Partial<Record<keyof ContainerStats, unknown>> = {
    id: textOf(item['id']) ?? textOf(item['Id']),
    cpuPercent: numberOf(item['cpu_percent']) ?? numberOf(cpu['total']),
    memoryUsageBytes,
    memoryLimitBytes,
    memoryPercent,
    networkReceivedBytes: numberOf(network['cumulative_rx']),
    networkSentBytes: numberOf(network['cumulative_tx']),
    networkReceivedPerSecond: numberOf(item['network_rx']),
    networkSentPerSecond: numberOf(item['network_tx']),
    ports: textOf(item['ports']),
    engine: textOf(item['engine']),
  };
  const present = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  );
  return {
    name,
    image: image ?? '',
    status: textOf(item['status']) ?? textOf(item['Status']) ?? 'unknown',
    uptime: textOf(item['uptime']) ?? textOf(item['Uptime']) ?? '',
    ...present,
  };
}

function isNumber(value: number | undefined): value is number {
  return value !== undefined;
}
