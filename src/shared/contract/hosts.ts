import * as z from 'zod';
import { call, domain, event } from './define';
import { hostName, noArguments } from './fields';
import { appErrorSchema } from './result';

export const hostSummarySchema = z.object({
  name: z.string(),
  address: z.string(),
  /** Null when the config does not set it, so ~/.ssh/config or the OS user applies. */
  user: z.string().nullable(),
  /** Null when the config does not set it, so ~/.ssh/config or 22 applies. */
  port: z.number().int().nullable(),
  /** Stacks the config places on this host, including `all` and list stacks. */
  configuredStacks: z.array(z.string()),
  /** Stacks the state file records as running on this host. */
  deployedStacks: z.array(z.string()),
});
export type HostSummary = z.infer<typeof hostSummarySchema>;

/** How the host's SSH key compares with known_hosts; `local` for a host reached without SSH. */
export const hostKeyStateSchema = z.enum([
  'trusted',
  'accepted-new',
  'unknown',
  'changed',
  'revoked',
  'local',
  'not-checked',
]);
export type HostKeyState = z.infer<typeof hostKeyStateSchema>;

/** The key a host presented when it was not the one known_hosts lists (or none was listed). */
export const hostKeyDetailsSchema = z.object({
  keyType: z.string(),
  /** `SHA256:…` as OpenSSH prints it. */
  fingerprint: z.string(),
  /** For a changed key: what known_hosts lists, and where. */
  knownFingerprint: z.string().nullable(),
  knownHostsFile: z.string().nullable(),
  knownHostsLine: z.number().int().nullable(),
  removeCommand: z.string().nullable(),
});
export type HostKeyDetails = z.infer<typeof hostKeyDetailsSchema>;

export const hostStatusSchema = z.object({
  name: z.string(),
  /** `user@address:port` as connected, or `local`. */
  target: z.string(),
  local: z.boolean(),
  reachable: z.boolean(),
  authMethod: z.string().nullable(),
  hostKey: hostKeyStateSchema,
  hostKeyDetails: hostKeyDetailsSchema.nullable(),
  latencyMs: z.number().nullable(),
  /** Compose containers on the host; null when it could not be asked. */
  containers: z.object({ running: z.number().int(), total: z.number().int() }).nullable(),
  /** Why the host could not be reached or asked. */
  error: appErrorSchema.nullable(),
  /** ISO time of the check. */
  checkedAt: z.string(),
});
export type HostStatus = z.infer<typeof hostStatusSchema>;

/** How main would connect to a host, from compose-farm.yaml and ~/.ssh/config. */
export const hostConnectionSchema = z.object({
  name: z.string(),
  local: z.boolean(),
  sshConfigPath: z.string(),
  alias: z.string(),
  hostname: z.string(),
  port: z.number().int(),
  user: z.string(),
  identityFiles: z.array(z.string()),
  identitiesOnly: z.boolean(),
  useAgent: z.boolean(),
  knownHostsFiles: z.array(z.string()),
  /** `user@host:port` of each jump host, first hop first. */
  jumps: z.array(z.string()),
  connectTimeoutMs: z.number().nullable(),
});
export type HostConnection = z.infer<typeof hostConnectionSchema>;

/** `SHA256:` and 43 base64 characters, as OpenSSH prints a SHA-256 fingerprint. */
const fingerprint = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'a fingerprint looks like SHA256: and 43 characters');

export const hostsDomain = domain({
  calls: {
    list: call({
      request: noArguments,
      response: z.object({ hosts: z.array(hostSummarySchema) }),
      summary: 'Every configured host with the stacks configured and deployed on it.',
    }),
    status: call({
      request: z.object({ refresh: z.boolean().default(false) }).strict(),
      response: z.object({ hosts: z.array(hostStatusSchema) }),
      cancellable: true,
      summary: 'Connects to every host: reachability, login, host key, latency, containers.',
    }),
    connection: call({
      request: z.object({ name: hostName }).strict(),
      response: hostConnectionSchema,
      summary: "One host's connection settings as resolved from ~/.ssh/config.",
    }),
    trustHostKey: call({
      request: z.object({ name: hostName, fingerprint }).strict(),
      response: z.object({ knownHostsFile: z.string(), status: hostStatusSchema }),
      cancellable: true,
      summary: 'Adds the key a host presents to known_hosts, if it is the one the user saw.',
    }),
  },
  events: {
    statusChanged: event({
      payload: z.object({ host: z.string(), status: hostStatusSchema }),
      summary: 'A host went down, came back, or its host key state changed.',
    }),
  },
});
