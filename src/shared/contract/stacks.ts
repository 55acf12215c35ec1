import * as z from 'zod';
import { call, domain, event } from './define';
import { noArguments, stackName } from './fields';

/**
 * The state file compared with the config for one stack: recorded on the configured hosts, not
 * recorded at all, or recorded elsewhere so that apply would move it.
 */
export const placementSchema = z.enum(['deployed', 'not-deployed', 'needs-migration']);
export type Placement = z.infer<typeof placementSchema>;

export const stackSummarySchema = z.object({
  name: z.string(),
  /** The form of the hosts entry in the config: one host, a list, or `all`. */
  form: z.enum(['single', 'list', 'all']),
  configuredHosts: z.array(z.string()),
  deployedHosts: z.array(z.string()),
  placement: placementSchema,
});
export type StackSummary = z.infer<typeof stackSummarySchema>;

/** A stack the state file records but the config no longer names; apply would stop it. */
export const orphanSchema = z.object({ name: z.string(), hosts: z.array(z.string()) });
export type Orphan = z.infer<typeof orphanSchema>;

export const serviceSummarySchema = z.object({
  name: z.string(),
  image: z.string().nullable(),
  build: z.boolean(),
  /** Published ports as compose writes them, such as `8080:80/tcp`. */
  ports: z.array(z.string()),
  /** Mounts as `source:target`, with `:ro` for read-only binds. */
  mounts: z.array(z.string()),
  restart: z.string().nullable(),
});
export type ServiceSummary = z.infer<typeof serviceSummarySchema>;

export const stackIssueSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
  file: z.string().nullable(),
  line: z.number().int().nullable(),
});
export type StackIssue = z.infer<typeof stackIssueSchema>;

export const stackDetailSchema = stackSummarySchema.extend({
  stackDir: z.string(),
  composeFiles: z.array(z.string()),
  projectName: z.string(),
  services: z.array(serviceSummarySchema),
  issues: z.array(stackIssueSchema),
});
export type StackDetail = z.infer<typeof stackDetailSchema>;

/** A compose container of a stack on one host, as `docker ps` reports it. */
export const containerSchema = z.object({
  name: z.string(),
  service: z.string(),
  /** Docker's state word: running, exited, created, paused, restarting, dead. */
  state: z.string(),
  /** Docker's status text, such as `Up 3 minutes`. */
  status: z.string(),
  image: z.string(),
  ports: z.string(),
});
export type ContainerView = z.infer<typeof containerSchema>;

/**
 * What a host runs of a stack. `unknown` means the host could not be asked, which says nothing
 * about the stack; it is never shown as stopped.
 */
export const liveStatusSchema = z.enum(['running', 'partial', 'stopped', 'unknown']);
export type LiveStatus = z.infer<typeof liveStatusSchema>;

export const stackOnHostSchema = z.object({
  host: z.string(),
  configured: z.boolean(),
  status: liveStatusSchema,
  containers: z.array(containerSchema),
});
export type StackOnHost = z.infer<typeof stackOnHostSchema>;

export const liveStackSchema = z.object({
  name: z.string(),
  /** Configured hosts, and any other host that runs a container of the stack. */
  hosts: z.array(stackOnHostSchema),
});
export type LiveStack = z.infer<typeof liveStackSchema>;

export const stackFileSchema = z.object({
  path: z.string(),
  kind: z.enum(['compose', 'env']),
  text: z.string(),
  /** True when the file was longer than the app shows and `text` is its beginning. */
  truncated: z.boolean(),
});
export type StackFile = z.infer<typeof stackFileSchema>;

export const refreshChangeSchema = z.object({
  stack: z.string(),
  before: z.array(z.string()),
  after: z.array(z.string()),
});

export const stacksDomain = domain({
  calls: {
    list: call({
      request: noArguments,
      response: z.object({
        stacks: z.array(stackSummarySchema),
        orphans: z.array(orphanSchema),
      }),
      summary: 'Every configured stack with where the state file says it runs.',
    }),
    get: call({
      request: z.object({ name: stackName }),
      response: stackDetailSchema,
      // The compose folder is often a network mount that can hang.
      cancellable: true,
      summary: 'One stack with its compose files, services, ports and mounts.',
    }),
    live: call({
      request: noArguments,
      response: z.object({
        checkedAt: z.string(),
        unreachableHosts: z.array(z.object({ host: z.string(), error: z.string() })),
        stacks: z.array(liveStackSchema),
      }),
      cancellable: true,
      summary: 'What every host runs of every stack, from one docker ps per host.',
    }),
    files: call({
      request: z.object({ name: stackName }).strict(),
      response: z.object({ files: z.array(stackFileSchema) }),
      summary: "A stack's compose files and .env, to read.",
    }),
    refreshState: call({
      request: noArguments,
      response: z.object({
        changed: z.boolean(),
        added: z.array(refreshChangeSchema),
        moved: z.array(refreshChangeSchema),
        removed: z.array(refreshChangeSchema),
        unreachableHosts: z.array(z.object({ host: z.string(), error: z.string() })),
      }),
      cancellable: true,
      summary: 'Rewrites the state file from what the hosts run; unreachable hosts keep theirs.',
    }),
  },
  events: {
    stateChanged: event({
      payload: z.object({ path: z.string() }),
      summary: 'compose-farm-state.yaml changed on disk.',
    }),
  },
});
