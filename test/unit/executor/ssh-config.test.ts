import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { parseJumpHop, resolveSshTarget } from '../../../src/main/core/ssh/ssh-config';

function withConfig(text: string) {
  const home = mkdtempSync(join(tmpdir(), 'cf-sshcfg-'));
  const sshConfigPath = join(home, 'config');
  writeFileSync(sshConfigPath, text);
  return { home, sshConfigPath, localUser: 'me' };
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
