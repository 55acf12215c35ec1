import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';

import type { Executors, ExecError, HostCheck } from '../../../src/main/core/executor/types';
import { startDelayProxy } from '../../lab/delay-proxy';
import { describeLab } from '../../lab/describe-lab';
import { labInfo, restoreHostKey, rotateHostKey, startSshd, stopSshd } from '../../lab/lab';
import type { LabHome } from './helpers';
import { labExecutors, labHome, labHost, recordLogs } from './helpers';

const CASE_19 = join(import.meta.dirname, 'fixtures/19-ssh-config-alias');

function hostKeyFingerprint(host: string): string {
  const lab = labInfo();
  const machine = host === 'jump' ? lab.jump : lab.hosts.find((entry) => entry.name === host);
  const output = execFileSync('ssh-keygen', ['-lf', `${machine?.dir}/ssh_host_ed25519_key.pub`], {
    encoding: 'utf8',
  });
  return output.split(' ')[1] ?? '';
}

function hostPublicKey(host: string): string {
  const machine = labInfo().hosts.find((entry) => entry.name === host);
  return readFileSync(`${machine?.dir}/ssh_host_ed25519_key.pub`, 'utf8')
    .split(' ')
    .slice(0, 2)
    .join(' ');
}

/** A home whose config uses the lab key and the given known_hosts text. */
function homeWithKnownHosts(knownHosts: string, extra = ''): LabHome & { knownHosts: string } {
  const home = labHome();
  const file = join(home.home, 'known_hosts');
  writeFileSync(file, knownHosts);
  writeFileSync(
    home.sshConfigPath,
    `${extra}Host *\n  IdentityFile ${labInfo().key}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${file}\n`,
  );
  return { ...home, knownHosts: file };
}

function errorOf(check: HostCheck): ExecError {
  if (!check.error) throw new Error(`expected an error, got ${JSON.stringify(check)}`);
  return check.error;
}

describeLab('SSH connections to the lab', () => {
  const opened: Executors[] = [];
  const track = (executors: Executors) => {
    opened.push(executors);
    return executors;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((executors) => executors.closeAll()));
  });

  it('logs in with the agent when no key file is configured', async () => {
    const home = labHome(`Host *\n  UserKnownHostsFile ${labInfo().knownHosts}\n`);
    const executors = track(labExecutors(home, { env: { SSH_AUTH_SOCK: labInfo().agentSocket } }));
    const check = await executors.forHost(labHost('h1')).check();
    expect(check).toMatchObject({ authMethod: 'ssh-agent', hostKey: 'trusted' });
    expect(check.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("uses Compose Farm's own key when the agent is not there", async () => {
    const home = labHome(`Host *\n  UserKnownHostsFile ${labInfo().knownHosts}\n`);
    mkdirSync(join(home.home, '.ssh/compose-farm'), { recursive: true });
    copyFileSync(labInfo().key, join(home.home, '.ssh/compose-farm/id_ed25519'));
    const check = await track(labExecutors(home)).forHost(labHost('h2')).check();
    expect(check.authMethod).toBe('key ~/.ssh/compose-farm/id_ed25519');
  });

  it('asks for the passphrase of an encrypted key, and never logs it', async () => {
    const home = labHome(`Host *\n  UserKnownHostsFile ${labInfo().knownHosts}\n`);
    const key = join(home.home, '.ssh/id_ed25519');
    copyFileSync(labInfo().key, key);
    execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'lab secret', '-f', key]);
    const logs = recordLogs();
    const asked: string[] = [];
    const executors = track(
      labExecutors(home, {
        logger: logs.logger,
        askPassphrase: async ({ keyPath }) => {
          asked.push(keyPath);
          return asked.length === 1 ? 'wrong' : 'lab secret';
        },
      }),
    );
    const check = await executors.forHost(labHost('h1')).check();
    expect(check).toMatchObject({ authMethod: 'key ~/.ssh/id_ed25519' });
    expect(asked).toEqual([key, key]);
    expect(logs.lines.join('\n')).not.toContain('lab secret');

    const withoutPrompt = labHome(`Host *\n  UserKnownHostsFile ${labInfo().knownHosts}\n`);
    copyFileSync(key, join(withoutPrompt.home, '.ssh/id_ed25519'));
    const refused = await track(labExecutors(withoutPrompt)).forHost(labHost('h1')).check();
    expect(errorOf(refused)).toMatchObject({ code: 'auth-failed', host: 'h1' });
  });

  it('reports a key the host does not accept as an auth failure naming what was tried', async () => {
    const home = labHome();
    const key = join(home.home, 'stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    writeFileSync(
      home.sshConfigPath,
      `Host *\n  IdentityFile ${key}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${labInfo().knownHosts}\n`,
    );
    const error = errorOf(await track(labExecutors(home)).forHost(labHost('h1')).check());
    expect(error).toMatchObject({ code: 'auth-failed', tried: ['key ~/stranger'] });
    expect(error.message).toContain('root@127.0.0.11:2222');
    expect(error.hint).toContain('cf ssh setup');
  });

  it('resolves SSH config aliases, with a jump host, without DNS', async () => {
    const lab = labInfo();
    const config = readFileSync(join(CASE_19, 'ssh_config'), 'utf8').replaceAll(
      'LAB/',
      `${lab.dir}/`,
    );
    const home = labHome(config);
    const executors = track(labExecutors(home));
    const nas = await executors.forHost({ name: 'nas', address: 'nas-lab' }).run({
      argv: ['sh', '-c', 'echo "$DOCKER_HOST"'],
    });
    expect(nas.stdout).toBe(`unix://${lab.dir}/h1/docker.sock\n`);
    const edge = executors.forHost({ name: 'edge', address: 'edge-via-nas' });
    const result = await edge.run({ argv: ['sh', '-c', 'echo "$DOCKER_HOST"'] });
    expect(result.stdout).toBe(`unix://${lab.dir}/h2/docker.sock\n`);
    expect((await edge.check()).target).toBe('root@127.0.0.12:2222');
  });

  it('goes through two jump hops, each checked against known_hosts', async () => {
    const lab = labInfo();
    const jumps = `ProxyJump ${lab.jump.address}:${lab.jump.port},${lab.hosts[0]?.address}:2222`;
    const home = homeWithKnownHosts(
      readFileSync(lab.knownHosts, 'utf8'),
      `Host far\n  HostName 127.0.0.13\n  Port 2222\n  ${jumps}\n`,
    );
    const result = await track(labExecutors(home))
      .forHost({ name: 'h3', address: 'far' })
      .run({
        argv: ['sh', '-c', 'echo "$DOCKER_HOST"'],
      });
    expect(result.stdout).toBe(`unix://${lab.dir}/h3/docker.sock\n`);

    // The same chain with the jump host missing from known_hosts stops at the jump host.
    const withoutJump = readFileSync(lab.knownHosts, 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith(`[${lab.jump.address}]`))
      .join('\n');
    const strict = homeWithKnownHosts(
      withoutJump,
      `Host far\n  HostName 127.0.0.13\n  Port 2222\n  ${jumps}\n`,
    );
    const refused = await track(labExecutors(strict))
      .forHost({ name: 'h3', address: 'far' })
      .check();
    expect(errorOf(refused)).toMatchObject({
      code: 'host-key-unknown',
      fingerprint: hostKeyFingerprint('jump'),
    });
    expect(errorOf(refused).message).toContain(`Jump host ${lab.jump.address}`);
  });

  it('refuses an unknown host key without a way to ask, and shows its fingerprint', async () => {
    const home = homeWithKnownHosts('');
    const error = errorOf(await track(labExecutors(home)).forHost(labHost('h1')).check());
    expect(error).toMatchObject({
      code: 'host-key-unknown',
      keyType: 'ssh-ed25519',
      fingerprint: hostKeyFingerprint('h1'),
    });
    expect(error.message).toContain('[127.0.0.11]:2222');
    expect(readFileSync(home.knownHosts, 'utf8')).toBe('');
  });

  it('asks to trust a new host key once and records it', async () => {
    const home = homeWithKnownHosts('');
    const prompts: string[] = [];
    const confirmHostKey = async (prompt: { fingerprint: string; knownHostsName: string }) => {
      prompts.push(`${prompt.knownHostsName} ${prompt.fingerprint}`);
      return true;
    };
    const check = await track(labExecutors(home, { confirmHostKey }))
      .forHost(labHost('h2'))
      .check();
    expect(check.hostKey).toBe('accepted-new');
    expect(prompts).toEqual([`[127.0.0.12]:2222 ${hostKeyFingerprint('h2')}`]);
    expect(readFileSync(home.knownHosts, 'utf8')).toBe(
      `[127.0.0.12]:2222 ${hostPublicKey('h2')}\n`,
    );

    const again = await track(labExecutors(home, { confirmHostKey }))
      .forHost(labHost('h2'))
      .check();
    expect(again.hostKey).toBe('trusted');
    expect(prompts).toHaveLength(1);

    const declined = homeWithKnownHosts('');
    const refused = await track(labExecutors(declined, { confirmHostKey: async () => false }))
      .forHost(labHost('h2'))
      .check();
    expect(errorOf(refused).code).toBe('host-key-unknown');
  });

  it('accepts new host keys without asking when told to', async () => {
    const home = homeWithKnownHosts('');
    const check = await track(labExecutors(home, { acceptNewHostKeys: true }))
      .forHost(labHost('h3'))
      .check();
    expect(check.hostKey).toBe('accepted-new');
    expect(readFileSync(home.knownHosts, 'utf8')).toContain('[127.0.0.13]:2222 ssh-ed25519 ');
  });

  it('refuses a changed host key with both fingerprints and the line to remove', async () => {
    const home = homeWithKnownHosts(readFileSync(labInfo().knownHosts, 'utf8'));
    const known = hostKeyFingerprint('h3');
    await rotateHostKey('h3');
    try {
      const error = errorOf(
        await track(
          labExecutors(home, { acceptNewHostKeys: true, confirmHostKey: async () => true }),
        )
          .forHost(labHost('h3'))
          .check(),
      );
      expect(error).toMatchObject({
        code: 'host-key-changed',
        fingerprint: hostKeyFingerprint('h3'),
        knownFingerprint: `ssh-ed25519 ${known}`,
        knownHostsFile: home.knownHosts,
        knownHostsLine: 4,
      });
      expect(error.code === 'host-key-changed' && error.fingerprint).not.toBe(known);
      expect(error.message).toContain(`line 4 of ${home.knownHosts}`);
      expect(error.hint).toContain(`ssh-keygen -R '[127.0.0.13]:2222' -f '${home.knownHosts}'`);
    } finally {
      await restoreHostKey('h3');
    }
  });

  it('hashes a new entry when the system config sets HashKnownHosts', async () => {
    const home = homeWithKnownHosts('');
    const systemSshConfigPath = join(home.home, 'system_ssh_config');
    writeFileSync(systemSshConfigPath, 'Host *\n  HashKnownHosts yes\n');
    const options = { systemSshConfigPath, acceptNewHostKeys: true };
    const check = await track(labExecutors(home, options)).forHost(labHost('h2')).check();
    expect(check.hostKey).toBe('accepted-new');

    const text = readFileSync(home.knownHosts, 'utf8');
    expect(text).toMatch(/^\|1\|/);
    expect(text).not.toContain('127.0.0.12');
    // OpenSSH's own lookup finds the entry under the host's name.
    const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.12]:2222', '-f', home.knownHosts], {
      encoding: 'utf8',
    });
    expect(found).toContain(hostPublicKey('h2'));

    const again = await track(labExecutors(home, options)).forHost(labHost('h2')).check();
    expect(again.hostKey).toBe('trusted');
  });

  it('reads hashed entries, several key types and @revoked', async () => {
    const lab = labInfo();
    const hashed = homeWithKnownHosts(readFileSync(lab.knownHosts, 'utf8'));
    execFileSync('ssh-keygen', ['-q', '-H', '-f', hashed.knownHosts]);
    expect(readFileSync(hashed.knownHosts, 'utf8')).toMatch(/^\|1\|/);
    expect((await track(labExecutors(hashed)).forHost(labHost('h1')).check()).hostKey).toBe(
      'trusted',
    );

    const rsaKey = join(hashed.home, 'other_rsa');
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', rsaKey]);
    const rsa = readFileSync(`${rsaKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    const twoTypes = homeWithKnownHosts(
      `[127.0.0.11]:2222 ${rsa}\n[127.0.0.11]:2222 ${hostPublicKey('h1')}\n`,
    );
    expect((await track(labExecutors(twoTypes)).forHost(labHost('h1')).check()).hostKey).toBe(
      'trusted',
    );

    const revoked = homeWithKnownHosts(
      `@revoked * ${hostPublicKey('h1')}\n[127.0.0.11]:2222 ${hostPublicKey('h1')}\n`,
    );
    const error = errorOf(await track(labExecutors(revoked)).forHost(labHost('h1')).check());
    expect(error).toMatchObject({
      code: 'host-key-revoked',
      fingerprint: hostKeyFingerprint('h1'),
    });
  });

  it('reports a host whose sshd is down as unreachable', async () => {
    await stopSshd('h3');
    try {
      const result = await track(labExecutors(labHome()))
        .forHost(labHost('h3'))
        .run({ argv: ['true'] });
      expect(result.end.type === 'error' && result.end.error).toMatchObject({
        code: 'unreachable',
        host: 'h3',
        address: '127.0.0.13:2222',
      });
      expect(result.end.type === 'error' && result.end.error.message).toContain(
        'connection refused',
      );
    } finally {
      await startSshd('h3');
    }
  });

  it('times out on a host that accepts TCP and never answers', async () => {
    const sockets = new Set<Socket>();
    const server: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.61', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const executors = track(labExecutors(labHome(), { connectTimeoutMs: 1000 }));
      const result = await executors
        .forHost({ name: 'silent', address: '127.0.0.61', port, user: 'root' })
        .run({ argv: ['true'] });
      expect(result.end.type === 'error' && result.end.error).toMatchObject({
        code: 'timeout',
        phase: 'connect',
        host: 'silent',
        timeoutMs: 1000,
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });

  it('reports a connection dropped mid-command and reconnects for the next one', async () => {
    const target = { host: '127.0.0.11', port: 2222 };
    let proxy = await startDelayProxy({ target, delayMs: 1, listenHost: '127.0.0.71' });
    const port = proxy.port;
    const logs = recordLogs();
    const executors = track(
      labExecutors(homeWithKnownHosts(''), { acceptNewHostKeys: true, logger: logs.logger }),
    );
    const executor = executors.forHost({
      name: 'flaky',
      address: '127.0.0.71',
      port,
      user: 'root',
    });
    try {
      const running = executor.run({ argv: ['sh', '-c', 'echo started; sleep 20'] });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await proxy.close();
      const result = await running;
      expect(result.end.type === 'error' && result.end.error.code).toBe('connection-lost');

      proxy = await startDelayProxy({
        target,
        delayMs: 1,
        listenHost: '127.0.0.71',
        listenPort: port,
      });
      const next = await executor.run({ argv: ['echo', 'back'] });
      expect(next.stdout).toBe('back\n');
      expect(
        logs.lines.filter((line) => line.includes('connected to root@127.0.0.71')).length,
      ).toBe(2);
    } finally {
      await proxy.close();
    }
  });
});
