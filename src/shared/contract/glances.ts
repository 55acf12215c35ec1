import * as z from 'zod';
import { call, domain } from './define';
import { hostName } from './fields';

// Numbers are passed on as Glances reports them: a container's CPU can exceed 100 % on several
// cores, and one odd value must not hide every other host's stats.
const percent = z.number();
const bytes = z.number();

/** One host's load as its Glances reports it. */
export const hostStatsSchema = z.object({
  apiVersion: z.union([z.literal(3), z.literal(4)]),
  cpuPercent: percent,
  memoryPercent: percent,
  swapPercent: percent,
  memory: z.object({ totalBytes: bytes, usedBytes: bytes }).nullable(),
  load: z
    .object({
      min1: z.number(),
      min5: z.number(),
      min15: z.number(),
      cores: z.number().nullable(),
    })
    .nullable(),
  /** Use of `/`, or of the fullest file system when `/` is not listed. */
  diskPercent: percent.nullable(),
  /** Bytes per second over every interface except loopback. */
  network: z.object({ receivedPerSecond: bytes, sentPerSecond: bytes }).nullable(),
});
export type HostStatsView = z.infer<typeof hostStatsSchema>;

export const containerStatsSchema = z.object({
  name: z.string(),
  image: z.string(),
  /** Docker's state: running, exited, paused… */
  status: z.string(),
  /** Glances' wording, such as `3 days`; empty for a container that is not running. */
  uptime: z.string(),
  cpuPercent: percent.nullable(),
  memoryUsageBytes: bytes.nullable(),
  memoryLimitBytes: bytes.nullable(),
  memoryPercent: percent.nullable(),
  networkReceivedPerSecond: bytes.nullable(),
  networkSentPerSecond: bytes.nullable(),
});
export type ContainerStatsView = z.infer<typeof containerStatsSchema>;

/**
 * A host whose Glances could not be read, and the reason. `offline` is the usual state of a
 * host without Glances running and is shown as such, not as a failure of the app.
 */
export const glancesFailureSchema = z.object({
  host: z.string(),
  ok: z.literal(false),
  reason: z.enum(['offline', 'timeout', 'http', 'invalid-response']),
  message: z.string(),
});
export type GlancesFailureView = z.infer<typeof glancesFailureSchema>;

export const glancesHostResultSchema = z.discriminatedUnion('ok', [
  z.object({ host: z.string(), ok: z.literal(true), stats: hostStatsSchema }),
  glancesFailureSchema,
]);
export type GlancesHostResult = z.infer<typeof glancesHostResultSchema>;

export const glancesContainersResultSchema = z.discriminatedUnion('ok', [
  z.object({ host: z.string(), ok: z.literal(true), containers: z.array(containerStatsSchema) }),
  glancesFailureSchema,
]);
export type GlancesContainersResult = z.infer<typeof glancesContainersResultSchema>;

/** The hosts to read; every configured host when left out. */
const hostSelection = z.object({ hosts: z.array(hostName).min(1).max(1000).optional() }).strict();

/** `glances_stack` from the config; null means Glances is not set up and no host was contacted. */
const glancesStack = z.string().nullable();

export const glancesDomain = domain({
  calls: {
    hosts: call({
      request: hostSelection,
      response: z.object({
        glancesStack,
        checkedAt: z.string(),
        hosts: z.array(glancesHostResultSchema),
      }),
      cancellable: true,
      summary: 'CPU, memory, swap, load, disk and network of each host, from its Glances.',
    }),
    containers: call({
      request: hostSelection,
      response: z.object({
        glancesStack,
        checkedAt: z.string(),
        hosts: z.array(glancesContainersResultSchema),
      }),
      cancellable: true,
      summary: 'The containers on each host with their CPU, memory and network, from Glances.',
    }),
  },
  events: {},
});
