import { describe, expect, it } from 'vitest';
import type { HostConnection, HostSummary } from '../../../src/shared/contract';
import { connectionParts, sourceText } from '../../../src/renderer/src/components/connection-parts';

const host: HostSummary = {
  name: 'nas',
  address: 'nas',
  user: null,
  port: null,
  configuredStacks: [],
  deployedStacks: [],
};

const connection: HostConnection = {
  name: 'nas',
  local: false,
  sshConfigPath: '/home/me/.ssh/config',
  alias: 'nas',
  hostname: '192.168.1.20',
  port: 2200,
  user: 'admin',
  identityFiles: [],
  identitiesOnly: false,
  useAgent: true,
  knownHostsFiles: [],
  jumps: ['me@bastion:22'],
  connectTimeoutMs: null,
};

describe('connectionParts', () => {
  it('marks values from the SSH config', () => {
    const parts = connectionParts(host, connection);
    expect(parts.hostname).toEqual({
      value: '192.168.1.20',
      source: '~/.ssh/config',
      uncertain: false,
    });
    expect(parts.port).toEqual({ value: '2200', source: '~/.ssh/config', uncertain: false });
    expect(parts.user).toEqual({ value: 'admin', source: '~/.ssh/config', uncertain: true });
    expect(parts.jumps).toEqual(['me@bastion:22']);
  });

  it('prefers values set in compose-farm.yaml', () => {
    const set = { ...host, address: '10.0.0.5', user: 'root', port: 2222 };
    const parts = connectionParts(set, {
      ...connection,
      hostname: '10.0.0.5',
      port: 2222,
      user: 'root',
    });
    expect(parts.hostname.source).toBe('compose-farm.yaml');
    expect(parts.port.source).toBe('compose-farm.yaml');
    expect(parts.user).toEqual({ value: 'root', source: 'compose-farm.yaml', uncertain: false });
  });

  it('calls port 22 the default', () => {
    const parts = connectionParts(host, { ...connection, port: 22 });
    expect(parts.port.source).toBe('default');
    expect(sourceText(parts.port)).toBe("OpenSSH's default");
  });

  it('describes an uncertain user', () => {
    const parts = connectionParts(host, connection);
    expect(sourceText(parts.user)).toContain('login name');
    expect(sourceText(parts.hostname)).toBe('from ~/.ssh/config');
  });
});
