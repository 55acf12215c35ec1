import * as z from 'zod';
import { call, domain } from './define';
import { noArguments } from './fields';

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

export const hostsDomain = domain({
  calls: {
    list: call({
      request: noArguments,
      response: z.object({ hosts: z.array(hostSummarySchema) }),
      summary: 'Every configured host with the stacks configured and deployed on it.',
    }),
  },
  events: {},
});
