import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'ssh2';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';

import { startDelayProxy } from './delay-proxy';
import { describeLab } from './describe-lab';
import { generateFarm } from './farm';
import {
  agentEnv,
  dockerOn,
  labInfo,
  restoreHostKey,
  rotateHostKey,
  sshArgs,
  startDockerd,
  startSshd,
  stopDockerd,
  stopSshd,
} from './lab';
import type { LabInfo } from './lab';
import { run } from './process';

function ssh(host: string, command: string, options: { jump?: boolean } = {}) {
  return run('ssh', [...sshArgs(host, options), command], { timeoutMs: 60_000 });
}

/** Resolves with the error text when the promise rejects, and fails the test when it does not. */
async function failureOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => {
      throw new Error('expected a failure, but the command succeeded');
    },
    (error: Error) => error.message,
  );
}

/** Milliseconds from sending one byte through `port` until it comes back. */
function echoRoundTrip(port: number): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      const sent = performance.now();
      socket.once('data', () => {
        resolvePromise(performance.now() - sent);
        socket.destroy();
      });
      socket.write('x');
    });
    socket.once('error', reject);
  });
}

describeLab('integration lab', () => {
  let info: LabInfo;
  let scratch: string;

  beforeAll(() => {
    info = labInfo();
    scratch = mkdtempSync(join(tmpdir(), 'cf-lab-smoke-'));
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('gives each host an engine of its own', async () => {
    const [h1, h2] = info.hosts;
    if (!h1 || !h2) throw new Error('the smoke test needs at least two lab hosts');
    const name = `smoke-${process.pid}`;
    await dockerOn(h1.name, [
      'run',
      '-d',
      '--init',
      '--name',
      name,
      info.busyboxImage,
      'sleep',
      '300',
    ]);
    try {
      const onH1 = await ssh(h1.name, "docker ps --format '{{.Names}}'");
      const onH2 = await ssh(h2.name, "docker ps -a --format '{{.Names}}'");
      expect(onH1.stdout.split('\n')).toContain(name);
      expect(onH2.stdout.split('\n')).not.toContain(name);
    } finally {
      await dockerOn(h1.name, ['rm', '-f', name]);
    }
  });

  it('logs in to every host with strict host keys', async () => {
    for (const host of info.hosts) {
      const { stdout } = await ssh(host.name, 'echo "$DOCKER_HOST"');
      expect(stdout.trim()).toBe(host.dockerHost);
    }
  });

  it('refuses a host whose key changed, and accepts it again once restored', async () => {
    const host = info.hosts.at(-1)?.name ?? 'h1';
    await rotateHostKey(host);
    try {
      expect(await failureOf(ssh(host, 'true'))).toMatch(/host key|IDENTIFICATION HAS CHANGED/i);
    } finally {
      await restoreHostKey(host);
    }
    await ssh(host, 'true');
  });

  it('runs docker compose v2 over ssh, with a generated farm stack', async () => {
    const farm = generateFarm({ dir: scratch, stacks: 4, hosts: info.hosts });
    const config = parse(readFileSync(farm.configPath, 'utf8')) as {
      stacks: Record<string, string>;
    };
    expect(Object.keys(config.stacks)).toHaveLength(4);

    const version = await ssh('h1', 'docker compose version');
    expect(version.stdout).toMatch(/version v?2\./);

    const [stack, host] = [...farm.placement][1] ?? [];
    if (!stack || !host) throw new Error('the generated farm has fewer than two stacks');
    const file = join(farm.composeDir, stack, 'compose.yaml');
    const project = `smoke-${stack}`;
    await ssh(host, `docker compose -p ${project} -f ${file} up -d --wait`);
    try {
      const running = await dockerOn(host, [
        'ps',
        '--filter',
        `label=com.docker.compose.project=${project}`,
        '-q',
      ]);
      expect(running.stdout.trim()).not.toBe('');
      const elsewhere = await dockerOn('h1', [
        'ps',
        '-aq',
        '--filter',
        `label=com.docker.compose.project=${project}`,
      ]);
      expect(elsewhere.stdout.trim()).toBe('');
    } finally {
      await ssh(host, `docker compose -p ${project} -f ${file} down`);
    }
  });

  it('serves the three lab/app tags from the registry, with distinct images', async () => {
    const response = await fetch(`${info.registryUrl}/v2/lab/app/tags/list`);
    const body = (await response.json()) as { tags: string[] };
    expect(body.tags.sort()).toEqual(['1.0', '1.1', '2.0']);

    const digests = new Set<string>();
    for (const tag of body.tags) {
      const manifest = await fetch(`${info.registryUrl}/v2/lab/app/manifests/${tag}`, {
        headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
      });
      digests.add(manifest.headers.get('docker-content-digest') ?? '');
      await manifest.arrayBuffer();
    }
    expect(digests.size).toBe(3);

    await dockerOn('h2', ['pull', '--quiet', `${info.registryAddress}/lab/app:1.1`]);
    const version = await dockerOn('h2', [
      'run',
      '--rm',
      `${info.registryAddress}/lab/app:1.1`,
      'cat',
      '/app/version',
    ]);
    expect(version.stdout.trim()).toBe('1.1');
    await dockerOn('h2', ['rmi', `${info.registryAddress}/lab/app:1.1`]);
  });

  it('fails pulls from outside at once instead of reaching out', async () => {
    const started = Date.now();
    await failureOf(dockerOn('h1', ['pull', 'example.invalid/nothing:1']));
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('forwards through the jump host', async () => {
    const { stdout } = await ssh('h2', 'echo "$DOCKER_HOST"', { jump: true });
    expect(stdout.trim()).toBe(info.hosts[1]?.dockerHost);
  });

  it('adds the proxy delay in each direction', async () => {
    const echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolveListen) => echo.listen(0, '127.0.0.1', resolveListen));
    const echoPort = (echo.address() as AddressInfo).port;
    const proxy = await startDelayProxy({
      target: { host: '127.0.0.1', port: echoPort },
      delayMs: 100,
    });
    try {
      const direct = await echoRoundTrip(echoPort);
      const delayed = await echoRoundTrip(proxy.port);
      expect(direct).toBeLessThan(50);
      expect(delayed).toBeGreaterThanOrEqual(195);
      expect(delayed).toBeLessThan(1_000);
    } finally {
      await proxy.close();
      echo.close();
    }
  });

  it('carries ssh through the delay proxy', async () => {
    const h1 = info.hosts[0];
    if (!h1) throw new Error('the lab has no hosts');
    const proxy = await startDelayProxy({
      target: { host: h1.address, port: h1.port },
      delayMs: 50,
    });
    try {
      const args = [
        '-F',
        info.sshConfig,
        '-o',
        `HostKeyAlias=[${h1.address}]:${h1.port}`,
        '-p',
        String(proxy.port),
        'root@127.0.0.1',
        'echo "$DOCKER_HOST"',
      ];
      const { stdout } = await run('ssh', args);
      expect(stdout.trim()).toBe(h1.dockerHost);
    } finally {
      await proxy.close();
    }
  });

  it('has an agent holding the lab key that the hosts accept', async () => {
    const fingerprint = await run('ssh-keygen', ['-l', '-f', info.publicKey]);
    const listed = await run('ssh-add', ['-l'], { env: agentEnv() });
    expect(listed.stdout).toContain(fingerprint.stdout.split(' ')[1]);

    const h1 = info.hosts[0];
    if (!h1) throw new Error('the lab has no hosts');
    const args = [
      '-F',
      '/dev/null',
      '-o',
      `IdentityAgent=${info.agentSocket}`,
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      `UserKnownHostsFile=${info.knownHosts}`,
      '-o',
      'BatchMode=yes',
      '-p',
      String(h1.port),
      `root@${h1.address}`,
      'true',
    ];
    await run('ssh', args);
  });

  it('lets the password user in with its password only', async () => {
    const user = info.passwordUser;
    const host = info.hosts.find((candidate) => candidate.name === user.host);
    if (!host) throw new Error(`the lab has no host ${user.host}`);
    const login = (auth: { password: string } | { privateKey: Buffer }) =>
      new Promise<void>((resolveLogin, reject) => {
        const client = new Client();
        client.once('ready', () => {
          client.end();
          resolveLogin();
        });
        client.once('error', reject);
        client.connect({ host: host.address, port: host.port, username: user.name, ...auth });
      });

    await login({ password: user.password });
    expect(await failureOf(login({ privateKey: readFileSync(info.key) }))).toMatch(
      /authentication/i,
    );
  });

  it('restarts one host sshd and dockerd', async () => {
    const host = info.hosts.at(-1);
    if (!host) throw new Error('the lab has no hosts');
    await stopSshd(host.name);
    expect(await failureOf(ssh(host.name, 'true'))).toMatch(/refused|closed|reset/i);
    await startSshd(host.name);
    await ssh(host.name, 'true');

    await stopDockerd(host.name);
    expect(await failureOf(ssh(host.name, 'docker ps'))).toMatch(/Cannot connect|docker daemon/i);
    await startDockerd(host.name);
    await ssh(host.name, 'docker ps');
  });
});
