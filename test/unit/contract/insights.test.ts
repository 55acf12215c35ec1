import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALL_NAMES, contract, resultSchema } from '../../../src/shared/contract';
import type { Handlers } from '../../../src/main/services';
import { ConfigSession, Dispatcher, EventHub, silentLogger } from '../../../src/main/services';
import { HostAccess } from '../../../src/main/services/host-access';
import { digestHandlers } from '../../../src/main/services/digests';
import { glancesHandlers } from '../../../src/main/services/glances';
import { UpdateChecker, updateHandlers } from '../../../src/main/services/updates';
import { RegistryClient } from '../../../src/main/core/registry';
import { serializeDigestLog } from '../../../src/main/core/digest-log';

function notExpected(): never {
  throw new Error('the handler must not run for a request that does not parse');
}

function refusingHandlers(): Handlers {
  return Object.fromEntries(CALL_NAMES.map((name) => [name, notExpected])) as unknown as Handlers;
}

describe('update, Glances and digest calls refuse bad payloads', () => {
  const dispatcher = new Dispatcher(refusingHandlers());
  const cases: [string, unknown][] = [
    ['updates.check', { stacks: ['../etc'] }],
    ['updates.check', { stacks: [] }],
    ['updates.check', { stacks: 'web' }],
    ['updates.check', { maxAgeSeconds: -1 }],
    ['updates.check', { maxAgeSeconds: 1.5 }],
    ['updates.check', { force: true }],
    ['updates.cached', { stacks: [''] }],
    ['updates.cached', { maxAgeSeconds: 0 }],
    ['glances.hosts', { hosts: [] }],
    ['glances.hosts', { hosts: [42] }],
    ['glances.hosts', { host: 'h1' }],
    ['glances.containers', { hosts: [''] }],
    ['glances.containers', null],
    ['digests.history', {}],
    ['digests.history', { stack: 'a/b' }],
    ['digests.history', { stack: 'web', host: 'h1' }],
  ];

  it.each(cases)('%s %j', async (name, payload) => {
    const result = await dispatcher.dispatch('w', name, { requestId: 'r', payload });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('checks the answers against the contract too', () => {
    const hosts = resultSchema(contract.glances.calls.hosts.response);
    const answer = (result: unknown) => ({
      ok: true,
      value: { glancesStack: 'glances', checkedAt: 'now', hosts: [result] },
    });
    expect(
      hosts.safeParse(answer({ host: 'h1', ok: false, reason: 'offline', message: 'down' }))
        .success,
    ).toBe(true);
    expect(
      hosts.safeParse(answer({ host: 'h1', ok: false, reason: 'gone', message: '' })).success,
    ).toBe(false);
    expect(hosts.safeParse(answer({ host: 'h1', ok: true })).success).toBe(false);

    const updates = resultSchema(contract.updates.calls.check.response);
    expect(updates.safeParse({ ok: true, value: { stacks: [], cacheSeconds: -1 } }).success).toBe(
      false,
    );
  });
});

let folder: string;
let session: ConfigSession;

function writeFarm(extra = ''): void {
  const composeDir = join(folder, 'stacks');
  for (const [stack, compose] of Object.entries({
    app: 'services:\n  web:\n    image: 127.0.0.1:5999/team/app:1.0\n  worker:\n    build: .\n',
    tool: 'services:\n  job:\n    build: .\n',
    glances: 'services:\n  glances:\n    build: .\n',
  })) {
    mkdirSync(join(composeDir, stack), { recursive: true });
    writeFileSync(join(composeDir, stack, 'compose.yaml'), compose);
  }
  writeFileSync(
    join(folder, 'compose-farm.yaml'),
    `compose_dir: ${composeDir}\n${extra}hosts:\n  h1: 127.0.0.99\n  h2: 127.0.0.98\nstacks:\n  app: h1\n  tool: h2\n  glances: all\n`,
  );
}

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'cf-insights-'));
  session = new ConfigSession({
    cwd: folder,
    env: { XDG_CONFIG_HOME: join(folder, 'xdg') },
    home: folder,
    events: new EventHub(),
    log: silentLogger,
  });
});

afterEach(() => {
  session.dispose();
  rmSync(folder, { recursive: true, force: true });
});

function access(): HostAccess {
  return new HostAccess({ env: { HOME: folder, USER: 'root' }, home: folder });
}

describe('updates', () => {
  /** A registry served from memory, counting the requests it receives. */
  function fakeRegistry() {
    const seen: string[] = [];
    const fetch = async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input));
      seen.push(`${init?.method ?? 'GET'} ${url.pathname}`);
      if (url.pathname === '/v2/team/app/tags/list') {
        return Response.json({ tags: ['1.0', '1.1', '2.0', 'latest'] });
      }
      if (url.pathname === '/v2/team/app/manifests/1.0') {
        return new Response(null, { headers: { 'docker-content-digest': 'sha256:abc' } });
      }
      return new Response(null, { status: 404 });
    };
    return { seen, client: new RegistryClient({ fetch: fetch as typeof globalThis.fetch }) };
  }

  it('checks, keeps the results, and asks again only when told to', async () => {
    writeFarm();
    const registry = fakeRegistry();
    let now = Date.parse('2025-01-01T00:00:00Z');
    const handlers = updateHandlers(
      new UpdateChecker(session, access(), { client: registry.client, now: () => now }),
    );
    const signal = new AbortController().signal;
    const context = { signal, scope: 'w' };

    expect(await handlers['updates.cached']({}, context)).toEqual({
      ok: true,
      value: { stacks: [], cacheSeconds: 600 },
    });
    const first = await handlers['updates.check']({}, context);
    expect(first).toEqual({
      ok: true,
      value: {
        cacheSeconds: 600,
        stacks: [
          {
            stack: 'app',
            checkedAt: '2025-01-01T00:00:00.000Z',
            problems: [],
            images: [
              {
                service: 'web',
                image: '127.0.0.1:5999/team/app:1.0',
                registry: '127.0.0.1:5999',
                newerTags: ['2.0', '1.1'],
                registryDigest: 'sha256:abc',
                running: [],
                tagMoved: null,
                error: null,
              },
            ],
          },
          { stack: 'tool', checkedAt: '2025-01-01T00:00:00.000Z', problems: [], images: [] },
          { stack: 'glances', checkedAt: '2025-01-01T00:00:00.000Z', problems: [], images: [] },
        ],
      },
    });
    const asked = registry.seen.length;

    now += 60_000;
    expect(await handlers['updates.check']({ stacks: ['app'] }, context)).toMatchObject({
      ok: true,
      value: { stacks: [{ stack: 'app', checkedAt: '2025-01-01T00:00:00.000Z' }] },
    });
    expect(await handlers['updates.cached']({ stacks: ['app'] }, context)).toMatchObject({
      ok: true,
      value: { stacks: [{ stack: 'app' }] },
    });
    expect(registry.seen.length).toBe(asked);

    await handlers['updates.check']({ stacks: ['app'], maxAgeSeconds: 0 }, context);
    expect(registry.seen.length).toBeGreaterThan(asked);

    now += 11 * 60_000;
    expect(await handlers['updates.cached']({}, context)).toMatchObject({
      ok: true,
      value: { stacks: [] },
    });
  });

  it('names a stack that is not configured', async () => {
    writeFarm();
    const handlers = updateHandlers(
      new UpdateChecker(session, access(), { client: fakeRegistry().client }),
    );
    const result = await handlers['updates.check'](
      { stacks: ['nope'] },
      { signal: new AbortController().signal, scope: 'w' },
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'stack-not-found', stack: 'nope' },
    });
  });
});

describe('glances', () => {
  const context = { signal: new AbortController().signal, scope: 'w' };

  it('asks nothing when glances_stack is not set', async () => {
    writeFarm();
    const handlers = glancesHandlers(session, access());
    expect(await handlers['glances.hosts']({}, context)).toMatchObject({
      ok: true,
      value: { glancesStack: null, hosts: [] },
    });
  });

  it('reads a host without Glances as offline, not as a failed call', async () => {
    writeFarm('glances_stack: glances\n');
    const handlers = glancesHandlers(session, access(), 2_000);
    const result = await handlers['glances.hosts']({ hosts: ['h1'] }, context);
    expect(result).toMatchObject({
      ok: true,
      value: { glancesStack: 'glances', hosts: [{ host: 'h1', ok: false, reason: 'offline' }] },
    });
    if (result.ok && !result.value.hosts[0]!.ok) {
      expect(result.value.hosts[0]!.message).toContain('cf up glances');
    }
    expect(await handlers['glances.containers']({ hosts: ['h9'] }, context)).toMatchObject({
      ok: false,
      error: { code: 'host-not-found', host: 'h9' },
    });
  });
});

describe('digests', () => {
  it('lists one stack’s digests, newest first, and an empty history without a log', async () => {
    writeFarm();
    const handlers = digestHandlers(session);
    const context = { signal: new AbortController().signal, scope: 'w' };
    expect(await handlers['digests.history']({ stack: 'app' }, context)).toEqual({
      ok: true,
      value: { logPath: join(folder, 'dockerfarm-log.toml'), entries: [] },
    });

    const entry = {
      stack: 'app',
      host: 'h1',
      composeFile: join(folder, 'stacks/app/compose.yaml'),
      image: '127.0.0.1:5999/team/app:1.0',
    };
    writeFileSync(
      join(folder, 'dockerfarm-log.toml'),
      serializeDigestLog({
        meta: {},
        entries: [
          {
            ...entry,
            digest: 'sha256:old',
            firstSeen: '2025-01-01T00:00:00Z',
            lastSeen: '2025-01-02T00:00:00Z',
          },
          {
            ...entry,
            digest: 'sha256:new',
            firstSeen: '2025-01-03T00:00:00Z',
            lastSeen: '2025-01-04T00:00:00Z',
          },
          {
            ...entry,
            stack: 'tool',
            digest: 'sha256:x',
            firstSeen: '2025-01-01T00:00:00Z',
            lastSeen: '2025-01-01T00:00:00Z',
          },
        ],
      }),
    );
    const result = await handlers['digests.history']({ stack: 'app' }, context);
    expect(result.ok && result.value.entries.map((seen) => seen.digest)).toEqual([
      'sha256:new',
      'sha256:old',
    ]);

    writeFileSync(join(folder, 'dockerfarm-log.toml'), '[[entries]]\nstack = app\n');
    expect(await handlers['digests.history']({ stack: 'app' }, context)).toMatchObject({
      ok: false,
      error: { code: 'file-access', stack: 'app' },
    });
  });
});
