import { createServer, type Server, type Socket } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { GlancesClient, fetchHostStats, type GlancesHost } from '../../../src/main/core/glances';
import { fixture, startFakeGlances, type FakeGlances } from './fake-glances';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function glances(options: Parameters<typeof startFakeGlances>[0]): Promise<FakeGlances> {
  const fake = await startFakeGlances(options);
  running.push(fake);
  return fake;
}

function host(port: number, name = 'nas'): GlancesHost {
  return { name, address: '127.0.0.1', port };
}

/** Opens a port that accepts connections and never responds. */
async function silentPort(): Promise<number> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  running.push({
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
  return (server.address() as { port: number }).port;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('GlancesClient host stats', () => {
  it('reads Glances 4', async () => {
    const fake = await glances({ version: 4 });
    const result = await new GlancesClient().hostStats(host(fake.port));

    expect(result).toEqual({
      host: 'nas',
      ok: true,
      stats: {
        apiVersion: 4,
        cpuPercent: 12.5,
        memoryPercent: 41.2,
        swapPercent: 3.5,
        load: { min1: 0.89, min5: 0.74, min15: 0.61, cores: 4 },
        memory: { totalBytes: 16647147520, usedBytes: 6858637312 },
        diskPercent: 63.2,
        network: { receivedPerSecond: 150500, sentPerSecond: 26000 },
      },
    });
  });

  it('falls back to Glances 3', async () => {
    const fake = await glances({ version: 3 });
    const result = await new GlancesClient().hostStats(host(fake.port));
    if (!result.ok) throw new Error(result.message);

    const quicklook = fixture(3, 'quicklook') as { cpu: number; mem: number };
    const network = fixture(3, 'network') as {
      interface_name: string;
      time_since_update: number;
    }[];
    const seconds = network.find((item) => item.interface_name === 'eth0')!.time_since_update;
    expect(result.stats.apiVersion).toBe(3);
    expect(result.stats.cpuPercent).toBe(quicklook.cpu);
    expect(result.stats.memoryPercent).toBe(quicklook.mem);
    expect(result.stats.swapPercent).toBe(0);
    expect(result.stats.diskPercent).toBe(23.8);
    expect(result.stats.load).toMatchObject({ cores: 2 });
    expect(result.stats.network?.receivedPerSecond).toBeCloseTo(13000 / seconds);
    expect(result.stats.network?.sentPerSecond).toBeCloseTo(6500 / seconds);
  });

  it('remembers the API version of a host', async () => {
    const fake = await glances({ version: 3 });
    const client = new GlancesClient();
    await client.hostStats(host(fake.port));
    await client.hostStats(host(fake.port));

    expect(fake.paths.filter((path) => path.endsWith('/pluginslist'))).toEqual([
      '/api/4/pluginslist',
      '/api/3/pluginslist',
    ]);
  });

  it('keeps host stats when optional plugins fail', async () => {
    const fake = await glances({ version: 4, overrides: { fs: 'nonsense', network: [] } });
    const result = await new GlancesClient().hostStats(host(fake.port));
    if (!result.ok) throw new Error(result.message);

    expect(result.stats.diskPercent).toBeUndefined();
    expect(result.stats.network).toEqual({ receivedPerSecond: 0, sentPerSecond: 0 });
  });

  it('reports an offline Glances with what to start', async () => {
    const port = await closedPort();
    const result = await new GlancesClient({ glancesStack: 'glances' }).hostStats(host(port));

    expect(result).toEqual({
      host: 'nas',
      ok: false,
      reason: 'offline',
      message:
        `Glances on nas (http://127.0.0.1:${port}) is offline (connection refused): ` +
        'start the glances stack on nas (cf up glances).',
    });
  });

  it('reports a timeout', async () => {
    const port = await silentPort();
    const result = await new GlancesClient({ timeoutMs: 200 }).hostStats(host(port));

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('timeout');
      expect(result.message).toContain('did not answer within 0.2 s');
    }
  });

  it('reports an HTTP error', async () => {
    const fake = await glances({ version: 4, status: 500 });
    const result = await new GlancesClient().hostStats(host(fake.port));

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('http');
      expect(result.message).toContain('answered HTTP 500');
    }
  });

  it('asks every host at once', async () => {
    const fake = await glances({ version: 4 });
    const hosts = [
      host(await silentPort(), 'slow1'),
      host(fake.port, 'fast'),
      host(await silentPort(), 'slow2'),
    ];
    const started = performance.now();
    const results = await fetchHostStats(new GlancesClient({ timeoutMs: 300 }), hosts);

    expect(performance.now() - started).toBeLessThan(900);
    expect(results.map((result) => [result.host, result.ok])).toEqual([
      ['slow1', false],
      ['fast', true],
      ['slow2', false],
    ]);
  });
});

describe('GlancesClient container stats', () => {
  it('reads Glances 4 containers', async () => {
    const fake = await glances({ version: 4 });
    const result = await new GlancesClient().containerStats(host(fake.port));
    if (!result.ok) throw new Error(result.message);

    expect(result.containers).toEqual([
      {
        name: 'plex-plex-1',
        id: 'b610345fc92d80dbe7dae8ef170cb230c094f360937ea1c4365216e9845c8791',
        image: 'plexinc/pms-docker:latest',
        status: 'running',
        uptime: '3 days',
        cpuPercent: 23.5,
        memoryUsageBytes: 1073741824,
        memoryLimitBytes: 4294967296,
        memoryPercent: 25,
        networkReceivedBytes: 52210886,
        networkSentBytes: 184709285,
        networkReceivedPerSecond: 3333,
        networkSentPerSecond: 2848,
        ports: '32400->32400/tcp',
        engine: 'docker',
      },
      {
        name: 'traefik',
        id: '0d6fa8a3bd3e9b0f7f3c2a9fa9cbe2a1ff3b0c9d8e7f6a5b4c3d2e1f0a9b8c7d',
        image: 'traefik:v3.1',
        status: 'exited',
        uptime: '',
        ports: '',
        engine: 'docker',
      },
    ]);
  });

  it('reads Glances 3 docker containers', async () => {
    const fake = await glances({ version: 3 });
    const result = await new GlancesClient().containerStats(host(fake.port));
    if (!result.ok) throw new Error(result.message);

    expect(result.containers).toHaveLength(1);
    expect(result.containers[0]).toMatchObject({
      name: 'cf-glances-probe',
      image: 'local/busybox:1',
      status: 'running',
      memoryUsageBytes: 434176,
      memoryLimitBytes: 25276203008,
    });
    expect(fake.paths).toContain('/api/3/docker');
  });

  it('reads no containers when Glances 3 cannot reach docker', async () => {
    const fake = await glances({ version: 3, overrides: { docker: {} } });
    const result = await new GlancesClient().containerStats(host(fake.port));
    expect(result).toEqual({ host: 'nas', ok: true, containers: [] });
  });
});
