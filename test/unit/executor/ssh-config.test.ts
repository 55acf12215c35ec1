import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { parseJumpHop, resolveSshTarget } from '../../../src/main/core/ssh/ssh-config';

function withConfig(text: string) {
  const home = mkdtempSync(join(tmpdir(), 'cf-sshcfg-'));
  const sshConfigPath = join(home, 'config');
  writeFileSync(sshConfigPath, text);
  return { home, sshConfigPath, localUser: 'me', systemConfigPath: null };
}

/** A user config and a system config, each in a folder of its own. */
function withConfigs(user: string, system: Record<string, string>) {
  const options = withConfig(user);
  const etc = join(options.home, 'etc-ssh');
  mkdirSync(join(etc, 'ssh_config.d'), { recursive: true });
  for (const [name, text] of Object.entries(system)) writeFileSync(join(etc, name), text);
  return { ...options, systemConfigPath: join(etc, 'ssh_config') };
}

describe('resolveSshTarget', () => {
  it('follows Host aliases and patterns, with compose-farm.yaml winning', () => {
    const options = withConfig(
      [
        'Host nas',
        '  HostName 192.0.2.5',
        '  Port 2200',
        '  User admin',
        '  IdentityFile ~/.ssh/nas_key',
        '  IdentitiesOnly yes',
        '  ConnectTimeout 7',
        '  ServerAliveInterval 20',
        'Host *',
        '  IdentityFile %d/.ssh/id_%r',
        '  UserKnownHostsFile ~/kh1 ~/kh2',
      ].join('\n'),
    );
    const resolved = resolveSshTarget({ name: 'n', address: 'nas', user: 'root' }, options);
    if (!resolved.ok) throw new Error(resolved.cause);
    expect(resolved.target).toMatchObject({
      alias: 'nas',
      hostname: '192.0.2.5',
      port: 2200,
      user: 'root',
      identitiesOnly: true,
      connectTimeoutMs: 7000,
      serverAliveIntervalMs: 20000,
      identityFiles: [join(options.home, '.ssh/nas_key'), join(options.home, '.ssh/id_root')],
      knownHostsFiles: [join(options.home, 'kh1'), join(options.home, 'kh2')],
      jumps: [],
    });
  });

  it('falls back to the address, port 22, the local user and default files', () => {
    const options = withConfig('');
    const resolved = resolveSshTarget({ name: 'x', address: '192.0.2.9' }, options);
    expect(resolved.ok && resolved.target).toMatchObject({
      hostname: '192.0.2.9',
      port: 22,
      user: 'me',
      useAgent: true,
      knownHostsFiles: [
        join(options.home, '.ssh/known_hosts'),
        join(options.home, '.ssh/known_hosts2'),
      ],
    });
  });

  it('resolves each ProxyJump hop through the config, nested hops first', () => {
    const options = withConfig(
      [
        'Host inner',
        '  HostName 192.0.2.2',
        '  ProxyJump outer',
        'Host outer',
        '  HostName 192.0.2.1',
        '  User gate',
        'Host target',
        '  HostName 192.0.2.3',
        '  ProxyJump inner,ops@192.0.2.4:2022',
        '  IdentityAgent none',
      ].join('\n'),
    );
    const resolved = resolveSshTarget({ name: 't', address: 'target' }, options);
    if (!resolved.ok) throw new Error(resolved.cause);
    expect(resolved.target.useAgent).toBe(false);
    expect(resolved.target.jumps.map((hop) => `${hop.user}@${hop.hostname}:${hop.port}`)).toEqual([
      'gate@192.0.2.1:22',
      'me@192.0.2.2:22',
      'ops@192.0.2.4:2022',
    ]);
  });

  it('reports a ProxyJump loop as a config problem', () => {
    const options = withConfig('Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n');
    const resolved = resolveSshTarget({ name: 'a', address: 'a' }, options);
    expect(resolved.ok).toBe(false);
  });
});

describe('resolveSshTarget with the system config', () => {
  it('takes options the user config leaves unset', () => {
    const options = withConfigs('Host nas\n  HostName 127.0.0.11\n', {
      ssh_config: 'Host *\n  HashKnownHosts yes\n  Port 2222\n',
    });
    const resolved = resolveSshTarget({ name: 'n', address: 'nas' }, options);
    if (!resolved.ok) throw new Error(resolved.cause);
    expect(resolved.target.hashKnownHosts).toBe(true);
    expect(resolved.target.port).toBe(2222);
    expect(resolved.target.hostname).toBe('127.0.0.11');
  });

  it('lets the user config win', () => {
    const options = withConfigs('Host *\n  HashKnownHosts no\n  User admin\n', {
      ssh_config: 'Host *\n  HashKnownHosts yes\n  User root\n',
    });
    const resolved = resolveSshTarget({ name: 'n', address: 'nas' }, options);
    if (!resolved.ok) throw new Error(resolved.cause);
    expect(resolved.target.hashKnownHosts).toBe(false);
    expect(resolved.target.user).toBe('admin');
  });

  it('adds up IdentityFile values, the user config first', () => {
    const options = withConfigs('Host *\n  IdentityFile ~/.ssh/user_key\n', {
      ssh_config: 'Host *\n  IdentityFile /etc/ssh/system_key\n',
    });
    const resolved = resolveSshTarget({ name: 'n', address: 'nas' }, options);
    if (!resolved.ok) throw new Error(resolved.cause);
    expect(resolved.target.identityFiles).toEqual([
      join(options.home, '.ssh/user_key'),
      '/etc/ssh/system_key',
    ]);
  });

  it('follows a relative Include from the system config folder', () => {
    const options = withConfigs('', {
      ssh_config: 'Include ssh_config.d/*.conf\n',
      'ssh_config.d/10-hash.conf': 'HashKnownHosts yes\n',
    });
    const resolved = resolveSshTarget({ name: 'n', address: 'nas' }, options);
    if (!resolved.ok) throw new Error(resolved.cause);
    expect(resolved.target.hashKnownHosts).toBe(true);
  });

  it('writes plain entries without HashKnownHosts', () => {
    const resolved = resolveSshTarget({ name: 'n', address: 'nas' }, withConfig(''));
    if (!resolved.ok) throw new Error(resolved.cause);
    expect(resolved.target.hashKnownHosts).toBe(false);
  });
});

describe('parseJumpHop', () => {
  it.each([
    ['host', { host: 'host' }],
    ['user@host', { user: 'user', host: 'host' }],
    ['user@host:2222', { user: 'user', host: 'host', port: 2222 }],
    ['[::1]:2200', { host: '::1', port: 2200 }],
    ['ssh://u@h:1', { user: 'u', host: 'h', port: 1 }],
  ])('reads %s', (hop, expected) => {
    expect(parseJumpHop(hop)).toMatchObject(expected);
  });
});
