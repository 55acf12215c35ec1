import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
  MANIFEST_MEDIA_TYPES,
  RegistryClient,
  RegistryError,
  checkImageUpdate,
  dockerConfigCredentials,
  nextPage,
  parseChallenge,
  parseImageReference,
  type ImageReference,
  type RegistryClientOptions,
} from '../../../src/main/core/registry';
import { startFakeRegistry, type FakeRegistry } from './fake-registry';

const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;
const DOCKER_V2 = 'application/vnd.docker.distribution.manifest.v2+json';

const hasIpv6Loopback = await ipv6LoopbackWorks();
const started: FakeRegistry[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((registry) => registry.close()));
});

async function registry(options: Parameters<typeof startFakeRegistry>[0]) {
  const fake = await startFakeRegistry(options);
  started.push(fake);
  return fake;
}

function client(options: RegistryClientOptions = {}) {
  return new RegistryClient({ credentials: async () => undefined, ...options });
}

function reference(text: string): ImageReference {
  const parsed = parseImageReference(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.reference;
}

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (caught: unknown) => caught,
  );
  if (!(error instanceof RegistryError)) throw error;
  return error;
}

describe('RegistryClient', () => {
  it('answers a bearer challenge with an anonymous token', async () => {
    const fake = await registry({ tags: { 'lab/app': ['1.0', '2.0'] }, bearer: {} });
    const registryClient = client();
    const image = reference(`${fake.address}/lab/app:1.0`);

    expect(await registryClient.listTags(image)).toEqual(['1.0', '2.0']);
    expect(fake.requests.map((request) => request.url)).toEqual([
      '/v2/lab/app/tags/list',
      '/token?service=fake-registry&scope=repository%3Alab%2Fapp%3Apull',
      '/v2/lab/app/tags/list',
    ]);
    expect(fake.requests[1]!.authorization).toBeUndefined();
    expect(fake.requests[2]!.authorization).toBe('Bearer fake-token');
  });

  it('reuses a token for the same repository', async () => {
    const fake = await registry({
      tags: { 'lab/app': ['1.0'] },
      manifests: { 'lab/app:1.0': { mediaType: DOCKER_V2, digest: DIGEST_A } },
      bearer: {},
    });
    const registryClient = client();
    const image = reference(`${fake.address}/lab/app:1.0`);

    await registryClient.listTags(image);
    await registryClient.manifestDigest(image, '1.0');
    expect(fake.requests.filter((request) => request.url.startsWith('/token'))).toHaveLength(1);
  });

  it('follows Link pages', async () => {
    const tags = ['1.0', '1.1', '1.2', '2.0', '2.1'];
    const fake = await registry({ tags: { 'lab/app': tags }, pageSize: 2 });

    expect(await client().listTags(reference(`${fake.address}/lab/app`))).toEqual(tags);
    expect(fake.requests.map((request) => request.url)).toEqual([
      '/v2/lab/app/tags/list',
      '/v2/lab/app/tags/list?n=2&last=1.1',
      '/v2/lab/app/tags/list?n=2&last=2.0',
    ]);
  });

  it.each(MANIFEST_MEDIA_TYPES)('reads the digest of a %s manifest', async (mediaType) => {
    const fake = await registry({
      tags: {},
      manifests: { 'lab/app:1.0': { mediaType, digest: DIGEST_A } },
    });

    expect(await client().manifestDigest(reference(`${fake.address}/lab/app`), '1.0')).toBe(
      DIGEST_A,
    );
    expect(fake.requests[0]!.method).toBe('HEAD');
  });

  it('hashes the manifest when HEAD gives no digest', async () => {
    const body = '{"schemaVersion":2}';
    const fake = await registry({
      tags: {},
      manifests: {
        'lab/app:1.0': { mediaType: DOCKER_V2, digest: DIGEST_A, hideDigestOnHead: true, body },
      },
    });
    const digest = await client().manifestDigest(reference(`${fake.address}/lab/app`), '1.0');

    expect(digest).toBe(`sha256:${createHash('sha256').update(body).digest('hex')}`);
    expect(fake.requests.map((request) => request.method)).toEqual(['HEAD', 'GET']);
  });

  it('sends docker config credentials to the token service', async () => {
    const fake = await registry({
      tags: { 'team/api': ['1'] },
      bearer: { user: 'ci', password: 's3cret' },
    });
    const dir = mkdtempSync(join(tmpdir(), 'cf-docker-config-'));
    const configPath = join(dir, 'config.json');
    const auth = Buffer.from('ci:s3cret').toString('base64');
    writeFileSync(configPath, JSON.stringify({ auths: { [`http://${fake.address}`]: { auth } } }));

    const registryClient = client({ credentials: dockerConfigCredentials(configPath) });
    expect(await registryClient.listTags(reference(`${fake.address}/team/api`))).toEqual(['1']);
    expect(fake.requests[1]!.authorization).toBe(`Basic ${auth}`);
  });

  it('uses Basic authentication when the registry asks for it', async () => {
    const fake = await registry({ tags: { app: ['1'] }, basic: { user: 'u', password: 'p' } });
    const withLogin = client({ credentials: async () => ({ username: 'u', password: 'p' }) });

    expect(await withLogin.listTags(reference(`${fake.address}/app`))).toEqual(['1']);
    const error = await failure(client().listTags(reference(`${fake.address}/app`)));
    expect(error.reason).toBe('unauthorized');
    expect(error.message).toContain(`Registry ${fake.address} requires a login`);
    expect(error.message).toContain(`docker login ${fake.address}`);
  });

  it('names the registry and repository when it is not found', async () => {
    const fake = await registry({ tags: {} });
    const error = await failure(client().listTags(reference(`${fake.address}/lab/none`)));

    expect(error.reason).toBe('not-found');
    expect(error.message).toBe(
      `Registry ${fake.address} has no repository lab/none (HTTP 404): check the image name and tag.`,
    );
  });

  it('reports an unreachable registry', async () => {
    const port = await freePort();
    const error = await failure(client().listTags(reference(`127.0.0.1:${port}/lab/app`)));

    expect(error.reason).toBe('unreachable');
    expect(error.message).toContain(`Registry 127.0.0.1:${port} is unreachable (`);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('gives up after the timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const error = await failure(
        client({ timeoutMs: 200 }).listTags(reference(`127.0.0.1:${port}/lab/app`)),
      );
      expect(error.reason).toBe('timeout');
      expect(error.message).toContain('did not answer');
    } finally {
      silent.close();
    }
  });

  it('reaches localhost registries listening on 127.0.0.1 only', async () => {
    const fake = await registry({ tags: { 'lab/app': ['1.0'] } });
    expect(await client().listTags(reference(`localhost:${fake.port}/lab/app`))).toEqual(['1.0']);
  });

  it.skipIf(!hasIpv6Loopback)('reaches localhost registries on ::1 only', async () => {
    const fake = await registry({ tags: { 'lab/app': ['1.0'] }, host: '::1' });
    expect(await client().listTags(reference(`localhost:${fake.port}/lab/app`))).toEqual(['1.0']);
  });

  it('keeps answers for the cache time', async () => {
    const fake = await registry({ tags: { 'lab/app': ['1.0'] } });
    let now = 1_000_000;
    const registryClient = client({ now: () => now, cacheTtlMs: 60_000 });
    const image = reference(`${fake.address}/lab/app`);

    await registryClient.listTags(image);
    now += 59_000;
    await registryClient.listTags(image);
    expect(fake.requests).toHaveLength(1);
    now += 2_000;
    await registryClient.listTags(image);
    expect(fake.requests).toHaveLength(2);
    registryClient.clearCache();
    await registryClient.listTags(image);
    expect(fake.requests).toHaveLength(3);
  });
});

describe('checkImageUpdate', () => {
  async function labLike() {
    return registry({
      tags: { 'lab/app': ['1.0', '1.1', '2.0', 'latest'] },
      manifests: {
        'lab/app:1.0': { mediaType: DOCKER_V2, digest: DIGEST_A },
        'lab/app:2.0': { mediaType: DOCKER_V2, digest: DIGEST_B },
      },
    });
  }

  it('lists newer tags and sees a moved tag', async () => {
    const fake = await labLike();
    const image = `${fake.address}/lab/app:1.0`;
    const result = await checkImageUpdate(client(), {
      stack: 'apps',
      service: 'old',
      image,
      runningDigests: [`${fake.address}/lab/app@${DIGEST_B}`],
    });

    expect(result).toMatchObject({
      newerTags: ['2.0', '1.1'],
      registryDigest: DIGEST_A,
      tagMoved: true,
    });
    expect(result.error).toBeUndefined();
  });

  it('sees an unmoved tag and ignores digests of other repositories', async () => {
    const fake = await labLike();
    const result = await checkImageUpdate(client(), {
      stack: 'apps',
      service: 'old',
      image: `${fake.address}/lab/app:1.0`,
      runningDigests: [`other/repo@${DIGEST_B}`, DIGEST_A],
    });
    expect(result.tagMoved).toBe(false);
  });

  it('skips moved check when unknown', async () => {
    const fake = await labLike();
    const unknown = await checkImageUpdate(client(), {
      stack: 's',
      service: 'a',
      image: `${fake.address}/lab/app:2.0`,
    });
    expect(unknown).toMatchObject({ newerTags: [], registryDigest: DIGEST_B });
    expect(unknown.tagMoved).toBeUndefined();

    const pinned = await checkImageUpdate(client(), {
      stack: 's',
      service: 'a',
      image: `${fake.address}/lab/app:1.0@${DIGEST_A}`,
      runningDigests: [DIGEST_B],
    });
    expect(pinned.newerTags).toEqual(['2.0', '1.1']);
    expect(pinned.tagMoved).toBeUndefined();
  });

  it('returns errors that name the stack, service and registry', async () => {
    const port = await freePort();
    const result = await checkImageUpdate(client(), {
      stack: 'apps',
      service: 'web',
      image: `127.0.0.1:${port}/lab/app:1.0`,
    });
    expect(result.error).toContain(
      `[apps/web] 127.0.0.1:${port}/lab/app:1.0: Registry 127.0.0.1:${port}`,
    );

    const invalid = await checkImageUpdate(client(), { stack: 'a', service: 'b', image: 'Bad' });
    expect(invalid.error).toContain('Invalid image reference "Bad"');
  });
});

describe('header parsing', () => {
  it('reads challenges', () => {
    const challenge = parseChallenge(
      'Bearer realm="https://auth.example.test/token",service="registry.example.test",scope="repository:a:pull"',
    );
    expect(challenge?.scheme).toBe('bearer');
    expect(challenge?.params.get('realm')).toBe('https://auth.example.test/token');
    expect(challenge?.params.get('service')).toBe('registry.example.test');
    expect(parseChallenge(null)).toBeUndefined();
  });

  it('reads the next page of a Link header', () => {
    expect(nextPage('</v2/a/tags/list?n=2&last=b>; rel="next"')).toBe('/v2/a/tags/list?n=2&last=b');
    expect(nextPage('<http://localhost:5000/v2/a/tags/list?last=b>; rel=next')).toBe(
      '/v2/a/tags/list?last=b',
    );
    expect(nextPage('</x>; rel="prev"')).toBeUndefined();
    expect(nextPage(null)).toBeUndefined();
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function ipv6LoopbackWorks(): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}
