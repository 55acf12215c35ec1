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
  },
  events: {
    stateChanged: event({
      payload: z.object({ path: z.string() }),
      summary: 'compose-farm-state.yaml changed on disk.',
    }),
  },
});
