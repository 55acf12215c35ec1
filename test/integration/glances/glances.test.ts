import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GlancesClient, type GlancesHost } from '../../../src/main/core/glances';
import { describeLab } from '../../lab/describe-lab';
import { dockerOn, labInfo } from '../../lab/lab';

const hasGlances = spawnSync('sh', ['-c', 'command -v glances']).status === 0;
if (!hasGlances) console.log('Glances tests skipped: install glances (apt-get install -y glances)');

const CONTAINER = 'cf-test-glances';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `check` every half second until it returns a value, or fails after `ms`. */
async function waitFor<T>(what: string, ms: number, check: () => Promise<T | undefined>) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describeLab('Glances web server from Debian', () => {
  describe.skipIf(!hasGlances)('started with glances -w on loopback', () => {
    let glances: ChildProcess;
    let host: GlancesHost;

    beforeAll(async () => {
      const port = await freePort();
      host = { name: 'h1', address: '127.0.0.1', port };
      // Glances reads the containers of lab host h1's engine, which the test starts one on.
      const h1 = labInfo().hosts[0]!;
      await dockerOn('h1', ['rm', '-f', CONTAINER]).catch(() => undefined);
      await dockerOn('h1', [
        'run',
        '-d',
        '--name',
        CONTAINER,
        labInfo().busyboxImage,
        'sleep',
        '600',
      ]);
      glances = spawn(
        'glances',
        ['-w', '--disable-webui', '-B', '127.0.0.1', '-p', String(port), '-t', '1'],
        { env: { ...process.env, DOCKER_HOST: h1.dockerHost }, stdio: 'ignore' },
      );
      await waitFor('glances to listen', 30_000, async () => {
        const answer = await fetch(`http://127.0.0.1:${port}/api/3/pluginslist`).catch(
          () => undefined,
        );
        return answer?.ok ? true : undefined;
      });
    });

    afterAll(async () => {
      if (glances?.pid !== undefined) glances.kill();
      await dockerOn('h1', ['rm', '-f', CONTAINER]).catch(() => undefined);
    });

    it('reads host stats over API version 3', async () => {
      const result = await new GlancesClient().hostStats(host);
      if (!result.ok) throw new Error(result.message);

      expect(result.stats.apiVersion).toBe(3);
      expect(result.stats.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(result.stats.memoryPercent).toBeGreaterThan(0);
      expect(result.stats.memory?.totalBytes).toBeGreaterThan(0);
      expect(result.stats.load?.min1).toBeGreaterThanOrEqual(0);
      expect(result.stats.diskPercent).toBeGreaterThan(0);
      expect(result.stats.network?.receivedPerSecond).toBeGreaterThanOrEqual(0);
    });

    it('lists the running container with its stats', async () => {
      const client = new GlancesClient();
      const container = await waitFor('glances to list the container', 30_000, async () => {
        const result = await client.containerStats(host);
        if (!result.ok) throw new Error(result.message);
        // Glances lists a new container before its first stats refresh fills in the numbers.
        return result.containers.find(
          (candidate) => candidate.name === CONTAINER && candidate.memoryUsageBytes !== undefined,
        );
      });

      expect(container.image).toBe(labInfo().busyboxImage);
      expect(container.status).toBe('running');
      expect(container.memoryUsageBytes).toBeGreaterThan(0);
    });

    it('reports Glances offline once it stops', async () => {
      glances.kill();
      await new Promise((resolve) => glances.once('exit', resolve));
      const result = await new GlancesClient({ glancesStack: 'glances' }).hostStats(host);

      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toBe('offline');
    });
  });
});
