import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { AppServices, Handlers } from '../../../src/main/services';
import {
  Dispatcher,
  EventHub,
  StreamHub,
  createAppServices,
  silentLogger,
} from '../../../src/main/services';
import type { RunningServer } from '../../../src/main/server';
import { startServer } from '../../../src/main/server';

let folder: string;
let services: AppServices;
let server: RunningServer;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'cf-server-'));
  const rendererDir = join(folder, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(
    join(folder, 'compose-farm.yaml'),
    'hosts:\n  h1: 127.0.0.11\nstacks:\n  web: h1\n',
  );
  services = createAppServices({ cwd: folder, env: {}, home: folder, log: silentLogger });
  server = await startServer({ services, rendererDir, port: 0 });
});

afterAll(async () => {
  await server.close();
  services.dispose();
  rmSync(folder, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(
  path: string,
  headers: Record<string, string> = {},
  host = '127.0.0.1',
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host, port: server.port, path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const origin = () => `http://127.0.0.1:${server.port}`;

function openSocket(query: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<unknown> {
  return new Promise((resolve) =>
    socket.once('message', (data) => resolve(JSON.parse(String(data)))),
  );
}

describe('cf serve', () => {
  it('listens on 127.0.0.1 and on no other address', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((entry) => entry !== undefined && !entry.internal)
      .map((entry) => entry!.address);
    for (const address of [...others, '::1']) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: address, port: server.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      expect(reached, `reachable on ${address}`).toBe(false);
    }
  });

  it('requires the token on every request', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);

    const page = await get(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(page.headers['set-cookie']).split(';')[0] ?? '';
    expect(cookie).toBe(`cf_token_${server.port}=${server.token}`);

    expect((await get('/assets/app.js', { Cookie: cookie })).status).toBe(200);
    const wrong = `cf_token_${server.port}=nope`;
    expect((await get('/assets/app.js', { Cookie: wrong })).status).toBe(401);
  });

  it('reads the token only from the cookie of its port', async () => {
    const otherPort = `cf_token_${server.port + 1}=${server.token}`;
    expect((await get('/assets/app.js', { Cookie: otherPort })).status).toBe(401);
    expect((await get('/assets/app.js', { Cookie: `cf_token=${server.token}` })).status).toBe(401);
    await expect(
      openSocket('', { Origin: origin(), Cookie: `cf_token=${server.token}` }),
    ).rejects.toThrow(/401/);
    const own = `cf_token_${server.port}=${server.token}`;
    const socket = await openSocket('', { Origin: origin(), Cookie: own });
    socket.close();
  });

  it('rejects other origins and hosts', async () => {
    const token = `/?token=${server.token}`;
    expect((await get(token, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(token, { Origin: origin() })).status).toBe(200);
    expect((await get(token, { Host: `evil.example:${server.port}` })).status).toBe(421);
  });

  it('serves nothing outside the renderer folder', async () => {
    const cookie = { Cookie: `cf_token_${server.port}=${server.token}` };
    expect((await get('/../compose-farm.yaml', cookie)).status).toBe(404);
    expect((await get('/%2e%2e/compose-farm.yaml', cookie)).status).toBe(404);
  });

  it('rejects WebSockets without token or origin', async () => {
    const token = `?token=${server.token}`;
    await expect(openSocket('', { Origin: origin() })).rejects.toThrow(/401/);
    await expect(openSocket(token, { Origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(openSocket(token, {})).rejects.toThrow(/403/);
  });

  it('answers calls over the WebSocket', async () => {
    const socket = await openSocket(`?token=${server.token}`, { Origin: origin() });
    try {
      socket.send(
        JSON.stringify({ type: 'call', call: 'hosts.list', requestId: 'a', payload: {} }),
      );
      expect(await nextMessage(socket)).toMatchObject({
        type: 'result',
        requestId: 'a',
        result: { ok: true, value: { hosts: [{ name: 'h1', address: '127.0.0.11' }] } },
      });

      socket.send(
        JSON.stringify({ type: 'call', call: 'stacks.get', requestId: 'b', payload: { name: 7 } }),
      );
      expect(await nextMessage(socket)).toMatchObject({
        type: 'result',
        requestId: 'b',
        result: { ok: false, error: { code: 'invalid-request' } },
      });

      socket.send('not json');
      expect(await nextMessage(socket)).toMatchObject({
        type: 'rejected',
        error: { code: 'invalid-request' },
      });

      const event = nextMessage(socket);
      services.events.emit('config.changed', { path: null });
      expect(await event).toEqual({
        type: 'event',
        event: 'config.changed',
        payload: { path: null },
      });
    } finally {
      socket.close();
    }
  });

  it('cancels calls on request and on close', async () => {
    const started: string[] = [];
    const slow: Partial<Handlers> = {
      'stacks.get': ({ name }, { signal }) => {
        started.push(name);
        return new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason));
        });
      },
    };
    const slowServices: AppServices = {
      dispatcher: new Dispatcher(slow as Handlers),
      events: new EventHub(),
      streams: new StreamHub(),
      session: undefined as never,
      dispose: () => undefined,
    };
    const slowServer = await startServer({
      services: slowServices,
      rendererDir: join(folder, 'renderer'),
      port: 0,
    });
    try {
      const socket = new WebSocket(
        `ws://127.0.0.1:${slowServer.port}/ws?token=${slowServer.token}`,
        {
          headers: { Origin: `http://127.0.0.1:${slowServer.port}` },
        },
      );
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(
        JSON.stringify({
          type: 'call',
          call: 'stacks.get',
          requestId: 's1',
          payload: { name: 'web' },
        }),
      );
      await expect.poll(() => started).toEqual(['web']);
      socket.send(JSON.stringify({ type: 'cancel', requestId: 's1' }));
      expect(await nextMessage(socket)).toMatchObject({
        type: 'result',
        requestId: 's1',
        result: { ok: false, error: { code: 'cancelled' } },
      });

      socket.send(
        JSON.stringify({
          type: 'call',
          call: 'stacks.get',
          requestId: 's2',
          payload: { name: 'db' },
        }),
      );
      await expect.poll(() => started).toEqual(['web', 'db']);
      expect(slowServices.dispatcher.callsInFlight).toBe(1);
      socket.close();
      await expect.poll(() => slowServices.dispatcher.callsInFlight).toBe(0);
    } finally {
      await slowServer.close();
    }
  });
});
