/**
 * Image references read with docker's rules (the `distribution/reference` package). The part
 * before the first `/` names a registry only when it contains `.` or `:`, is `localhost`, or has
 * capital letters. Anything else is a Docker Hub repository, where a single name gets `library/`.
 */

export const DOCKER_HUB = 'docker.io';

/** Names Docker Hub is reached by; references written with any of them mean the same image. */
const DOCKER_HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

export interface ImageReference {
  /** The reference as written. */
  readonly original: string;
  /** `docker.io` for Docker Hub, else the registry host with its port: `localhost:5000`. */
  readonly registry: string;
  /** The repository inside the registry: `library/nginx`, `lab/app`. */
  readonly repository: string;
  /** The tag; `latest` when the reference names neither tag nor digest, as docker pulls. */
  readonly tag?: string;
  readonly digest?: string;
}

export type ReferenceParseResult =
  | { readonly ok: true; readonly reference: ImageReference }
  | { readonly ok: false; readonly message: string };

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const DOMAIN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::\d+)?$/;

/** Parses an image reference as `docker pull` would read it. */
export function parseImageReference(text: string): ReferenceParseResult {
  const original = text;
  const trimmed = text.trim();
  if (trimmed === '') return fail(original, 'the image reference is empty');

  let rest = trimmed;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return fail(original, `"${digest}" is not a valid digest`);
  }

  let registry = DOCKER_HUB;
  const slash = rest.indexOf('/');
  if (slash >= 0 && namesRegistry(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    rest = rest.slice(slash + 1);
    if (!DOMAIN.test(registry)) return fail(original, `"${registry}" is not a valid registry`);
  }

  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return fail(original, `"${tag}" is not a valid tag`);
  }

  if (DOCKER_HUB_ALIASES.has(registry.toLowerCase())) {
    registry = DOCKER_HUB;
    if (!rest.includes('/')) rest = `library/${rest}`;
  }
  const invalid = rest.split('/').find((component) => !PATH_COMPONENT.test(component));
  if (invalid !== undefined) {
    return fail(
      original,
      `"${invalid}" is not a valid repository name part: use lowercase letters, digits and . _ -`,
    );
  }

  const reference: ImageReference = {
    original,
    registry,
    repository: rest,
    ...(tag === undefined && digest === undefined ? { tag: 'latest' } : {}),
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
  return { ok: true, reference };
}

function namesRegistry(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component === 'localhost' ||
    component !== component.toLowerCase()
  );
}

function fail(reference: string, reason: string): ReferenceParseResult {
  return { ok: false, message: `Invalid image reference "${reference}": ${reason}.` };
}

/** Returns the short name people write, without `docker.io/library/`: `nginx:1.25`. */
export function familiarName(reference: ImageReference): string {
  let name = `${reference.registry}/${reference.repository}`;
  if (reference.registry === DOCKER_HUB) {
    name = reference.repository.startsWith('library/')
      ? reference.repository.slice('library/'.length)
      : reference.repository;
  }
  if (reference.tag !== undefined) name += `:${reference.tag}`;
  if (reference.digest !== undefined) name += `@${reference.digest}`;
  return name;
}

/** Returns the host part of a registry without its port: `localhost`, `127.0.0.1`, `::1`. */
export function registryHostname(registry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(registry);
  if (bracketed) return bracketed[1]!;
  return registry.replace(/:\d+$/, '');
}

/**
 * Tells whether a registry is on this machine's loopback, where docker uses plain HTTP without
 * any setting: `localhost`, 127.0.0.0/8 and `::1`.
 */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registryHostname(registry).toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Returns a registry's API base URL: Docker Hub's API host, HTTP on loopback, else HTTPS. */
export function registryBaseUrl(registry: string): string {
  if (registry === DOCKER_HUB) return 'https://registry-1.docker.io';
  return `${isLoopbackRegistry(registry) ? 'http' : 'https'}://${registry}`;
}
