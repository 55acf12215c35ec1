import type { StackModel } from '../compose/types';
import type { RegistryClient } from './client';
import { familiarName, parseImageReference, type ImageReference } from './reference';
import { newerTags } from './version';

/** One image whose registry is asked about updates, and what the host runs of it. */
export interface ServiceImage {
  readonly stack: string;
  readonly service: string;
  /** The image reference as the compose file resolves it. */
  readonly image: string;
  /**
   * The digests the host runs for this image, as `docker image inspect` lists `RepoDigests`
   * (`repo@sha256:…`) or bare `sha256:…`. Empty when unknown, which skips the moved-tag check.
   */
  readonly runningDigests?: readonly string[];
}

export interface ImageUpdate {
  readonly stack: string;
  readonly service: string;
  readonly image: string;
  readonly reference?: ImageReference;
  /** Tags newer than the current one in its family, newest first. */
  readonly newerTags: readonly string[];
  /** The digest the tag points at in the registry now. */
  readonly registryDigest?: string;
  /**
   * True when the tag now points at an image other than the one the host runs, as after a
   * rebuild pushed under the same tag. Absent when that cannot be known: no running digest, or
   * an image pinned by digest.
   */
  readonly tagMoved?: boolean;
  /** The failure message; the other fields then contain what was found before it. */
  readonly error?: string;
}

export interface CheckUpdatesOptions {
  readonly signal?: AbortSignal;
  /** How many images are checked at once; 4 unless set. */
  readonly concurrency?: number;
}

/** An image digest seen running on a host, as the digest log records it. */
export interface RunningDigest {
  readonly stack: string;
  readonly image: string;
  readonly digest: string;
}

/** Maps each service of a stack to the digests any host runs, matched by image reference. */
export function runningDigestsOf(
  model: StackModel,
  observed: readonly RunningDigest[],
): Map<string, string[]> {
  const digests = new Map<string, string[]>();
  for (const service of model.services) {
    const own = observed
      .filter((seen) => seen.stack === model.stack && seen.image === service.image)
      .map((seen) => seen.digest);
    if (own.length > 0) digests.set(service.name, [...new Set(own)]);
  }
  return digests;
}

/** Lists the services of a stack that name an image, with their running digests if known. */
export function serviceImages(
  model: StackModel,
  runningDigests: ReadonlyMap<string, readonly string[]> = new Map(),
): ServiceImage[] {
  return model.services.flatMap((service) =>
    service.image === undefined || service.image === ''
      ? []
      : [
          {
            stack: model.stack,
            service: service.name,
            image: service.image,
            runningDigests: runningDigests.get(service.name) ?? [],
          },
        ],
  );
}

/**
 * Checks one image: newer tags in the registry and whether its tag has moved. Failures
 * are returned in `error`; only cancellation through `signal` rejects.
 */
export async function checkImageUpdate(
  client: RegistryClient,
  target: ServiceImage,
  signal?: AbortSignal,
): Promise<ImageUpdate> {
  const base = { stack: target.stack, service: target.service, image: target.image };
  const parsed = parseImageReference(target.image);
  if (!parsed.ok) return { ...base, newerTags: [], error: parsed.message };
  const reference = parsed.reference;
  const found: { newerTags: string[]; registryDigest?: string; tagMoved?: boolean } = {
    newerTags: [],
  };

  try {
    if (reference.tag !== undefined) {
      found.newerTags = newerTags(reference.tag, await client.listTags(reference, signal));
      const running = digestsFor(reference, target.runningDigests ?? []);
      if (reference.digest === undefined) {
        found.registryDigest = await client.manifestDigest(reference, reference.tag, signal);
        if (running.length > 0) found.tagMoved = !running.includes(found.registryDigest);
      }
    }
    return { ...base, reference, ...found };
  } catch (error) {
    if (signal?.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      reference,
      ...found,
      error: `[${target.stack}/${target.service}] ${familiarName(reference)}: ${message}`,
    };
  }
}

/** Checks every image, a few at a time, and returns the results in the order given. */
export async function checkImageUpdates(
  client: RegistryClient,
  targets: readonly ServiceImage[],
  options: CheckUpdatesOptions = {},
): Promise<ImageUpdate[]> {
  const results: ImageUpdate[] = new Array<ImageUpdate>(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const index = next++;
      results[index] = await checkImageUpdate(client, targets[index]!, options.signal);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, targets.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/** Keeps the running digests that belong to this image's repository, without their `repo@` part. */
function digestsFor(reference: ImageReference, digests: readonly string[]): string[] {
  const kept: string[] = [];
  for (const entry of digests) {
    const at = entry.lastIndexOf('@');
    if (at < 0) {
      kept.push(entry);
      continue;
    }
    const named = parseImageReference(entry);
    if (
      named.ok &&
      named.reference.registry === reference.registry &&
      named.reference.repository === reference.repository
    ) {
      kept.push(entry.slice(at + 1));
    }
  }
  return kept;
}
