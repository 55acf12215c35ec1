/**
 * The one command per host that finds what every compose project runs, and its parser. The
 * command is Compose Farm's, so both tools read hosts the same way.
 */

/** Separates the container list from the image details in the command's output. */
export const DIGEST_QUERY_SEPARATOR = '---CF-SEP---';

/**
 * Lists `project|image` for every running container, then prints the `docker image inspect`
 * JSON of those images. With no container running, only the list and separator are printed.
 */
export const DIGEST_QUERY_COMMAND =
  `docker ps --format '{{.Label "com.docker.compose.project"}}|{{.Image}}' && ` +
  `echo '${DIGEST_QUERY_SEPARATOR}' && ` +
  `docker image inspect $(docker ps --format '{{.Image}}' | sort -u) 2>/dev/null || true`;

/** An image a stack runs on a host, with the digest it was pulled by (or its image id). */
export interface DigestObservation {
  readonly stack: string;
  readonly image: string;
  readonly digest: string;
}

interface InspectedImage {
  readonly Id?: unknown;
  readonly RepoTags?: unknown;
  readonly RepoDigests?: unknown;
}

/**
 * Reads the output of {@link DIGEST_QUERY_COMMAND} on one host. `projects` maps compose project
 * names (the `com.docker.compose.project` label) to the stacks asked about; containers of other
 * projects are left out. Returns `null` when the output is not what the command prints, so the
 * caller records nothing for that host.
 */
export function parseDigestQueryOutput(
  output: string,
  projects: ReadonlyMap<string, string>,
): DigestObservation[] | null {
  const separator = output.indexOf(DIGEST_QUERY_SEPARATOR);
  if (separator < 0) return null;
  const listing = output.slice(0, separator);
  const inspectText = output.slice(separator + DIGEST_QUERY_SEPARATOR.length).trim();

  let inspected: unknown = [];
  if (inspectText !== '') {
    try {
      inspected = JSON.parse(inspectText);
    } catch {
      return null;
    }
  }
  if (!Array.isArray(inspected)) return null;
  const digests = digestsByName(inspected as InspectedImage[]);

  const seen = new Set<string>();
  const observations: DigestObservation[] = [];
  for (const line of listing.split('\n')) {
    const bar = line.indexOf('|');
    if (bar < 0) continue;
    const stack = projects.get(line.slice(0, bar).trim());
    const image = line.slice(bar + 1).trim();
    if (stack === undefined || image === '') continue;
    const digest = digests.get(image) ?? digests.get(withDefaultTag(image));
    if (digest === undefined) continue;
    const key = `${stack}\u0000${image}\u0000${digest}`;
    if (seen.has(key)) continue;
    seen.add(key);
    observations.push({ stack, image, digest });
  }
  return observations;
}

/** Maps every tag and id of the inspected images to the digest the image was pulled by. */
function digestsByName(images: readonly InspectedImage[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (const image of images) {
    if (typeof image !== 'object' || image === null) continue;
    const repoDigests = Array.isArray(image.RepoDigests) ? image.RepoDigests : [];
    const first = repoDigests.find((entry): entry is string => typeof entry === 'string');
    const id = typeof image.Id === 'string' ? image.Id : undefined;
    const digest = first?.includes('@') ? first.slice(first.indexOf('@') + 1) : id;
    if (digest === undefined || digest === '') continue;

    const tags = Array.isArray(image.RepoTags) ? image.RepoTags : [];
    for (const tag of tags) if (typeof tag === 'string') byName.set(tag, digest);
    // A container created from `name@sha256:…` shows that reference, which names its digest.
    for (const pinned of repoDigests) {
      if (typeof pinned === 'string' && pinned.includes('@')) {
        byName.set(pinned, pinned.slice(pinned.indexOf('@') + 1));
      }
    }
    if (id !== undefined) {
      byName.set(id, digest);
      // `docker ps` shows a short id when the image's tag has since moved to another image.
      byName.set(id.replace(/^sha256:/, '').slice(0, 12), digest);
    }
  }
  return byName;
}

/** `nginx` as `docker ps` may show it, named as `RepoTags` lists it: `nginx:latest`. */
function withDefaultTag(image: string): string {
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  return lastPart.includes(':') || lastPart.includes('@') ? image : `${image}:latest`;
}
