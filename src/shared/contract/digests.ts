import * as z from 'zod';
import { call, domain } from './define';
import { stackName } from './fields';

/** One image digest seen running for a stack on a host, as `cf refresh` records it. */
export const digestEntrySchema = z.object({
  host: z.string(),
  image: z.string(),
  /** `sha256:…`: the digest the image was pulled by, or its image id when it was not pulled. */
  digest: z.string(),
  composeFile: z.string(),
  /** UTC, whole seconds, as `2025-01-01T00:00:00Z`. */
  firstSeen: z.string(),
  lastSeen: z.string(),
});
export type DigestEntry = z.infer<typeof digestEntrySchema>;

export const digestsDomain = domain({
  calls: {
    history: call({
      request: z.object({ stack: stackName }).strict(),
      response: z.object({
        /** The log file read; it may not exist yet. */
        logPath: z.string(),
        /** Newest `lastSeen` first. */
        entries: z.array(digestEntrySchema),
      }),
      summary: 'Which image digests a stack ran when, per host, from dockerfarm-log.toml.',
    }),
  },
  events: {},
});
