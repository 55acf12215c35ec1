import * as z from 'zod';
import { call, domain } from './define';
import { stackName } from './fields';

/** A digest a host runs for an image: the one it was pulled by, or its image id. */
export const runningDigestSchema = z.object({ host: z.string(), digest: z.string() });
export type RunningDigest = z.infer<typeof runningDigestSchema>;

/** The registry's tags and digest for one service's image, read without pulling it. */
export const imageUpdateSchema = z.object({
  service: z.string(),
  /** The image reference as the compose file resolves it. */
  image: z.string(),
  /** The registry asked, as `docker.io` or `127.0.0.1:5000`; null for an unreadable image. */
  registry: z.string().nullable(),
  /** Tags newer than the current one in the same family, newest first. */
  newerTags: z.array(z.string()),
  /** The digest the tag points at in the registry now. */
  registryDigest: z.string().nullable(),
  /** The digests the hosts run of this image; empty when no host reported it. */
  running: z.array(runningDigestSchema),
  /**
   * True when the registry's digest for the tag is not the one the hosts run. Null when that
   * cannot be known: no host reported the image, or the image is pinned by digest.
   */
  tagMoved: z.boolean().nullable(),
  /** The failure, naming the registry. The other fields contain what was found before it. */
  error: z.string().nullable(),
});
export type ImageUpdateView = z.infer<typeof imageUpdateSchema>;

export const stackUpdatesSchema = z.object({
  stack: z.string(),
  /** ISO time of the registry requests. */
  checkedAt: z.string(),
  /** Services with an image; services that are only built have nothing to check. */
  images: z.array(imageUpdateSchema),
  /** Compose file problems that kept images from being read. */
  problems: z.array(z.string()),
});
export type StackUpdates = z.infer<typeof stackUpdatesSchema>;

const stackSelection = z.array(stackName).min(1).max(10_000).optional();

const updatesResponse = z.object({
  stacks: z.array(stackUpdatesSchema),
  /** How long main reuses results before it requests them from the registries again. */
  cacheSeconds: z.number().int().nonnegative(),
});

export const updatesDomain = domain({
  calls: {
    check: call({
      request: z
        .object({
          /** The stacks to check; every configured stack when left out. */
          stacks: stackSelection,
          /** The age up to which results are reused; 0 requests fresh ones from the registries. */
          maxAgeSeconds: z
            .number()
            .int()
            .min(0)
            .max(7 * 24 * 3600)
            .optional(),
        })
        .strict(),
      response: updatesResponse,
      cancellable: true,
      summary: 'Asks the registries for newer tags and moved tags, with the digests hosts run.',
    }),
    cached: call({
      request: z.object({ stacks: stackSelection }).strict(),
      response: updatesResponse,
      summary: 'The results of earlier checks that are still fresh; asks no registry.',
    }),
  },
  events: {},
});
