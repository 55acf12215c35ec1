import { createHash } from 'node:crypto';

import {
  dockerConfigCredentials,
  defaultDockerConfigPath,
  type CredentialLookup,
  type RegistryCredentials,
} from './credentials';
import {
  isLoopbackRegistry,
  registryBaseUrl,
  registryHostname,
  type ImageReference,
} from './reference';

/** Manifest types a registry may hold for one tag, multi-platform indexes first. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

export type RegistryErrorReason =
  'unreachable' | 'timeout' | 'unauthorized' | 'not-found' | 'http' | 'invalid-response';

/** A failed registry request; the message names the registry, the reason and what to do. */
export class RegistryError extends Error {
  constructor(
    readonly registry: string,
    readonly reason: RegistryErrorReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'RegistryError';
  }
}

export interface RegistryClientOptions {
  /** Defaults to Node's `fetch`. */
  readonly fetch?: typeof fetch;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  readonly now?: () => number;
  /** How long tag lists and digests are reused; 10 minutes unless set. 0 turns the cache off. */
  readonly cacheTtlMs?: number;
  /** Time allowed for each HTTP request; 15 seconds unless set. */
  readonly timeoutMs?: number;
  /** Defaults to the `auths` of the docker CLI's config file. */
  readonly credentials?: CredentialLookup;
}

interface CacheEntry<T> {
  readonly expires: number;
  readonly value: Promise<T>;
}

interface Token {
  readonly header: string;
  readonly expires: number;
}

/** Safety stop for a registry whose `Link` headers never end. */
const MAX_TAG_PAGES = 100;
const DEFAULT_TOKEN_LIFETIME_S = 60;

/**
 * A client for the OCI distribution API, enough to check images for updates: tag lists and
 * manifest digests, read without pulling anything. Anonymous bearer tokens are fetched from the
 * realm a registry's `WWW-Authenticate` challenge names, with docker's stored credentials when
 * there are some. Loopback registries are spoken to over plain HTTP, as docker does.
 */
export class RegistryClient {
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly cacheTtlMs: number;
  private readonly timeoutMs: number;
  private readonly credentials: CredentialLookup;
  private readonly cache = new Map<string, CacheEntry<unknown>>();
  private readonly tokens = new Map<string, Token>();
  /** The base URL that responded last, for registries reachable at several addresses. */
  private readonly workingBase = new Map<string, string>();

  constructor(options: RegistryClientOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.now = options.now ?? Date.now;
    this.cacheTtlMs = options.cacheTtlMs ?? 10 * 60_000;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.credentials = options.credentials ?? dockerConfigCredentials(defaultDockerConfigPath());
  }

  /** Forgets cached tag lists, digests and tokens, so the next check queries the registries. */
  clearCache(): void {
    this.cache.clear();
    this.tokens.clear();
  }

  /** Lists every tag of the reference's repository, following `Link` pages. */
  listTags(reference: ImageReference, signal?: AbortSignal): Promise<string[]> {
    const key = `tags|${reference.registry}|${reference.repository}`;
    return this.cached(key, async () => {
      const tags: string[] = [];
      let path: string | undefined = `/v2/${reference.repository}/tags/list`;
      for (let page = 0; path !== undefined && page < MAX_TAG_PAGES; page++) {
        const response = await this.request(reference, 'GET', path, {}, signal);
        if (response.status === 404) {
          throw this.notFound(reference, `has no repository ${reference.repository}`);
        }
        this.expectOk(reference, response, path);
        const body = await this.readJson(reference, response, path);
        const pageTags = (body as { tags?: unknown } | null)?.tags;
        if (Array.isArray(pageTags)) tags.push(...pageTags.filter(isString));
        path = nextPage(response.headers.get('link'));
      }
      return tags;
    });
  }

  /**
   * Returns the digest the registry gives `tag` now: of the multi-platform index when there is
   * one, which is also the digest docker records for an image pulled by tag.
   */
  manifestDigest(reference: ImageReference, tag: string, signal?: AbortSignal): Promise<string> {
    const key = `digest|${reference.registry}|${reference.repository}|${tag}`;
    return this.cached(key, async () => {
      const path = `/v2/${reference.repository}/manifests/${tag}`;
      const headers = { accept: MANIFEST_MEDIA_TYPES.join(', ') };
      let response = await this.request(reference, 'HEAD', path, headers, signal);
      if (response.status === 404) {
        throw this.notFound(reference, `has no tag ${tag} in ${reference.repository}`);
      }
      this.expectOk(reference, response, path);
      const digest = response.headers.get('docker-content-digest');
      if (digest) return digest;

      // Some registries leave the header out of HEAD responses, so hash the manifest instead.
      response = await this.request(reference, 'GET', path, headers, signal);
      this.expectOk(reference, response, path);
      const body = Buffer.from(await response.arrayBuffer());
      return `sha256:${createHash('sha256').update(body).digest('hex')}`;
    });
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = this.cache.get(key);
    if (hit !== undefined && hit.expires > now) return hit.value as Promise<T>;

    const value = load();
    if (this.cacheTtlMs > 0) {
      this.cache.set(key, { expires: now + this.cacheTtlMs, value });
      // A failure is not kept: the next check tries again.
      value.catch(() => {
        if (this.cache.get(key)?.value === value) this.cache.delete(key);
      });
    }
    return value;
  }

  /** Sends a request, and retries once after a `401` challenge with a token or credentials. */
  private async request(
    reference: ImageReference,
    method: string,
    path: string,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const scope = `repository:${reference.repository}:pull`;
    const tokenKey = `${reference.registry}|${scope}`;
    const token = this.tokens.get(tokenKey);
    const authorization =
      token !== undefined && token.expires > this.now() ? token.header : undefined;

    const first = await this.send(reference.registry, method, path, headers, authorization, signal);
    if (first.status !== 401) return first;

    const challenge = parseChallenge(first.headers.get('www-authenticate'));
    await first.body?.cancel();
    const header = await this.authorize(reference.registry, challenge, scope, signal);
    this.tokens.set(tokenKey, header);
    const second = await this.send(
      reference.registry,
      method,
      path,
      headers,
      header.header,
      signal,
    );
    if (second.status === 401) {
      await second.body?.cancel();
      throw new RegistryError(
        reference.registry,
        'unauthorized',
        `Registry ${reference.registry} rejected access to ${reference.repository} (HTTP 401): ` +
          `run docker login ${reference.registry} if the repository is private, or check the ` +
          'image name.',
      );
    }
    return second;
  }

  private async authorize(
    registry: string,
    challenge: Challenge | undefined,
    scope: string,
    signal: AbortSignal | undefined,
  ): Promise<Token> {
    let credentials: RegistryCredentials | undefined;
    try {
      credentials = await this.credentials(registry);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RegistryError(
        registry,
        'unauthorized',
        `The login for registry ${registry} could not be read: ${reason}. Fix the credential ` +
          'helper, or remove it from the docker config file to query the registry anonymously.',
        { cause: error },
      );
    }
    const basic = credentials === undefined ? undefined : basicAuthorization(credentials);

    if (challenge?.scheme === 'basic') {
      if (basic === undefined) {
        throw new RegistryError(
          registry,
          'unauthorized',
          `Registry ${registry} requires a login (HTTP 401 with Basic authentication): run ` +
            `docker login ${registry}, so the docker config file holds credentials.`,
        );
      }
      return { header: basic, expires: Number.POSITIVE_INFINITY };
    }

    const realm = challenge?.params.get('realm');
    if (challenge?.scheme !== 'bearer' || realm === undefined || !URL.canParse(realm)) {
      throw new RegistryError(
        registry,
        'unauthorized',
        `Registry ${registry} answered HTTP 401 without a usable WWW-Authenticate challenge, ` +
          'so no token can be requested: check that the address is a registry.',
      );
    }

    const url = new URL(realm);
    const service = challenge.params.get('service');
    if (service !== undefined) url.searchParams.set('service', service);
    url.searchParams.set('scope', scope);
    // Credentials go only where they cannot be read on the way: HTTPS or this machine.
    const mayCarryCredentials = url.protocol === 'https:' || isLoopbackRegistry(url.host);
    const headers: Record<string, string> =
      basic !== undefined && mayCarryCredentials ? { authorization: basic } : {};

    let response: Response;
    try {
      response = await this.fetch(url, { headers, signal: this.signalFor(signal) });
    } catch (error) {
      throw this.networkError(registry, `the token service ${url.origin}`, error);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryError(
        registry,
        response.status === 401 || response.status === 403 ? 'unauthorized' : 'http',
        `Registry ${registry}: the token service ${url.origin} answered HTTP ${response.status} ` +
          `for ${scope}: check the credentials for ${registry} in the docker config file.`,
      );
    }
    const body = (await response.json().catch(() => null)) as {
      token?: unknown;
      access_token?: unknown;
      expires_in?: unknown;
    } | null;
    const token = [body?.token, body?.access_token].find(isString);
    if (token === undefined) {
      throw new RegistryError(
        registry,
        'invalid-response',
        `Registry ${registry}: the token service ${url.origin} sent no token.`,
      );
    }
    const lifetime =
      typeof body?.expires_in === 'number' ? body.expires_in : DEFAULT_TOKEN_LIFETIME_S;
    // Renew a little early, so a token does not expire between check and use.
    return { header: `Bearer ${token}`, expires: this.now() + Math.max(lifetime - 5, 1) * 1000 };
  }

  /**
   * Sends one request to the registry. `localhost` is tried at 127.0.0.1 and then at ::1, so a
   * registry listening on one of them is reached whichever the resolver lists first.
   */
  private async send(
    registry: string,
    method: string,
    path: string,
    headers: Record<string, string>,
    authorization: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const remembered = this.workingBase.get(registry);
    const bases = baseUrls(registry);
    const ordered =
      remembered === undefined
        ? bases
        : [remembered, ...bases.filter((base) => base !== remembered)];
    const allHeaders = authorization === undefined ? headers : { ...headers, authorization };

    let lastError: unknown;
    for (const base of ordered) {
      try {
        const response = await this.fetch(`${base}${path}`, {
          method,
          headers: allHeaders,
          redirect: 'follow',
          signal: this.signalFor(signal),
        });
        this.workingBase.set(registry, base);
        return response;
      } catch (error) {
        lastError = error;
        if (!isConnectionRefused(error)) break;
      }
    }
    throw this.networkError(registry, `${method} ${path}`, lastError);
  }

  private signalFor(signal: AbortSignal | undefined): AbortSignal {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  }

  private networkError(registry: string, what: string, error: unknown): Error {
    if (error instanceof Error && error.name === 'AbortError') return error;
    if (error instanceof Error && error.name === 'TimeoutError') {
      return new RegistryError(
        registry,
        'timeout',
        `Registry ${registry} did not answer ${what} within ${this.timeoutMs / 1000} s: check ` +
          'that it is up and reachable from this machine.',
        { cause: error },
      );
    }
    return new RegistryError(
      registry,
      'unreachable',
      `Registry ${registry} is unreachable (${describeNetworkError(error)}): check the address ` +
        'and that this machine can reach it.',
      { cause: error },
    );
  }

  private expectOk(reference: ImageReference, response: Response, path: string): void {
    if (response.ok) return;
    void response.body?.cancel();
    throw new RegistryError(
      reference.registry,
      'http',
      `Registry ${reference.registry} answered HTTP ${response.status} to ${path}: try again ` +
        'later, or check the registry logs.',
    );
  }

  private notFound(reference: ImageReference, what: string): RegistryError {
    return new RegistryError(
      reference.registry,
      'not-found',
      `Registry ${reference.registry} ${what} (HTTP 404): check the image name and tag.`,
    );
  }

  private async readJson(reference: ImageReference, response: Response, path: string) {
    try {
      return (await response.json()) as unknown;
    } catch (error) {
      throw new RegistryError(
        reference.registry,
        'invalid-response',
        `Registry ${reference.registry} sent invalid JSON for ${path}.`,
        { cause: error },
      );
    }
  }
}

/** Lists the base URLs to try for a registry, in order. */
function baseUrls(registry: string): string[] {
  const base = registryBaseUrl(registry);
  if (registryHostname(registry).toLowerCase() !== 'localhost') return [base];
  const port = /:(\d+)$/.exec(registry)?.[1];
  const suffix = port === undefined ? '' : `:${port}`;
  return [`http://127.0.0.1${suffix}`, `http://[::1]${suffix}`];
}

interface Challenge {
  readonly scheme: string;
  readonly params: ReadonlyMap<string, string>;
}

/** Reads `Bearer realm="…",service="…"` into its scheme and parameters. */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (header === null) return undefined;
  const match = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!match) return undefined;
  const params = new Map<string, string>();
  for (const found of match[2]!.matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params.set(found[1]!.toLowerCase(), (found[2] ?? found[3] ?? '').replace(/\\(.)/g, '$1'));
  }
  return { scheme: match[1]!.toLowerCase(), params };
}

/** Returns the path and query of the `rel="next"` target of a `Link` header, if any. */
export function nextPage(link: string | null): string | undefined {
  if (link === null) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (!match || !/\brel\s*=\s*"?next"?/i.test(match[2]!)) continue;
    // Links name the same registry; only the path and query are kept, so a loopback fallback
    // address stays in use.
    const target = new URL(match[1]!, 'http://registry.invalid');
    return `${target.pathname}${target.search}`;
  }
  return undefined;
}

function isConnectionRefused(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === 'ECONNREFUSED' || code === 'EADDRNOTAVAIL' || code === 'ENETUNREACH';
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function basicAuthorization(credentials: RegistryCredentials): string {
  const pair = `${credentials.username}:${credentials.password}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
