import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

import { sshSetup } from '../../../src/main/cli/commands/ssh';
import type { CliContext } from '../../../src/main/cli/context';
import { CliExit } from '../../../src/main/cli/exit';
import { createOutput } from '../../../src/main/cli/output';
import type { TextSink } from '../../../src/main/cli/output';
import { runCli } from '../../../src/main/cli/program';
import { createExecutors } from '../../../src/main/core/executor/executors';
import { describeLab } from '../../lab/describe-lab';
import { labInfo, resetPasswordUserKeys } from '../../lab/lab';
import { labExecutors, labHome } from './helpers';

class Capture implements TextSink {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

function cliContext(home: string, extra: Partial<CliContext> = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const env = { HOME: home, PATH: process.env.PATH };
  const context: CliContext = {
    out: createOutput({ stdout, stderr, env }),
    stdout,
    stderr,
    env,
    cwd: home,
    interactive: false,
    ...extra,
  };
  return { context, stdout, stderr };
}

function writeConfig(dir: string, hosts: string): string {
  const path = join(dir, 'compose-farm.yaml');
  writeFileSync(path, `compose_dir: /opt/stacks\nhosts:\n${hosts}stacks: {}\n`);
  return path;
}

describeLab('cf ssh on the lab', () => {
  afterAll(() => resetPasswordUserKeys());

  it('creates the key once, and again with --force', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cf-keygen-'));
    const first = cliContext(home);
    expect(await runCli(['ssh', 'keygen'], first.context)).toBe(0);
    const key = join(home, '.ssh/compose-farm/id_ed25519');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, '.ssh/compose-farm')).mode & 0o777).toBe(0o700);
    expect(readFileSync(`${key}.pub`, 'utf8')).toMatch(/^ssh-ed25519 \S+ compose-farm\n$/);
    const original = readFileSync(key, 'utf8');

    const again = cliContext(home);
    expect(await runCli(['ssh', 'keygen'], again.context)).toBe(0);
    expect(again.stderr.text).toContain(`SSH key already exists: ${key}`);
    expect(readFileSync(key, 'utf8')).toBe(original);

    expect(await runCli(['ssh', 'keygen', '--force'], cliContext(home).context)).toBe(0);
    expect(readFileSync(key, 'utf8')).not.toBe(original);
  });

  it('reports each host and exits 1 when one is unreachable', async () => {
    const home = labHome();
    const healthy = writeConfig(
      home.home,
      '  h1: {address: 127.0.0.11, port: 2222, user: root}\n  h2: {address: 127.0.0.12, port: 2222, user: root}\n',
    );
    const createExecutorsForLab = async () => labExecutors(home);
    const ok = cliContext(home.home, { createExecutors: createExecutorsForLab });
    expect(await runCli(['ssh', 'status', '-c', healthy], ok.context)).toBe(0);
    expect(ok.stdout.text).toMatch(
      /h1\s+root@127\.0\.0\.11:2222\s+OK\s+key \S+id_ed25519\s+trusted\s+\d+ ms/,
    );
    expect(ok.stdout.text).toMatch(/h2\s+root@127\.0\.0\.12:2222\s+OK/);

    const broken = writeConfig(
      home.home,
      '  h1: {address: 127.0.0.11, port: 2222, user: root}\n  gone: {address: 127.0.0.63, port: 2222, user: root}\n',
    );
    const failing = cliContext(home.home, { createExecutors: createExecutorsForLab });
    expect(await runCli(['ssh', 'status', '-c', broken], failing.context)).toBe(1);
    expect(failing.stdout.text).toMatch(/gone\s+root@127\.0\.0\.63:2222\s+Unreachable/);
    expect(failing.stderr.text).toContain('Cannot reach gone at 127.0.0.63:2222');
  });

  it('installs the key over a password login, once', async () => {
    resetPasswordUserKeys();
    const lab = labInfo();
    const home = labHome(`Host *\n  UserKnownHostsFile ${lab.knownHosts}\n`);
    const user = lab.passwordUser;
    const config = writeConfig(
      home.home,
      `  h1: {address: 127.0.0.11, port: 2222, user: ${user.name}}\n`,
    );
    const asked: string[] = [];
    const deps = {
      createExecutors: (options: Parameters<typeof createExecutors>[0]) =>
        createExecutors({ ...options, globalKnownHostsFiles: [], localUser: 'root' }),
      askPassword: async ({ host, user: login }: { host: string; user: string }) => {
        asked.push(`${login}@${host}`);
        return user.password;
      },
    };

    const first = cliContext(home.home);
    await sshSetup(first.context, { config }, deps);
    expect(first.stdout.text).toContain('h1: key installed');
    expect(first.stdout.text).toContain('Setup complete. 1/1 hosts configured.');
    expect(asked).toEqual([`${user.name}@h1`]);
    expect(existsSync(join(home.home, '.ssh/compose-farm/id_ed25519'))).toBe(true);
    const authorized = readFileSync(`/home/${user.name}/.ssh/authorized_keys`, 'utf8');
    expect(authorized.split('\n').filter((line) => line.includes('compose-farm'))).toHaveLength(1);

    const second = cliContext(home.home);
    await sshSetup(second.context, { config }, deps);
    expect(second.stdout.text).toContain('h1: key already installed');
    expect(asked).toHaveLength(1);
    expect(readFileSync(`/home/${user.name}/.ssh/authorized_keys`, 'utf8')).toBe(authorized);
  });

  it('fails setup for a host whose password is refused', async () => {
    resetPasswordUserKeys();
    const lab = labInfo();
    const home = labHome(`Host *\n  UserKnownHostsFile ${lab.knownHosts}\n`);
    const config = writeConfig(
      home.home,
      `  h1: {address: 127.0.0.11, port: 2222, user: ${lab.passwordUser.name}}\n`,
    );
    const run = cliContext(home.home);
    const failure = await sshSetup(
      run.context,
      { config },
      {
        createExecutors: (options) => createExecutors({ ...options, globalKnownHostsFiles: [] }),
        askPassword: async () => 'not the password',
      },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CliExit);
    expect(run.stderr.text).toContain('rejected every login method for h1');
    expect(run.stderr.text).toContain('Setup incomplete. 0/1 hosts configured.');
  });
});
