import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { authCandidates } from '../../../src/main/core/ssh/auth';
import type { SshTarget } from '../../../src/main/core/ssh/ssh-config';

function homeWithKeys(...paths: string[]): string {
  const home = mkdtempSync(join(tmpdir(), 'cf-auth-'));
  for (const path of paths) {
    mkdirSync(join(home, path, '..'), { recursive: true });
    writeFileSync(join(home, path), 'key');
  }
  return home;
}

function target(home: string, overrides: Partial<SshTarget> = {}): SshTarget {
  return {
    alias: 'nas',
    hostname: '127.0.0.11',
    port: 2222,
    user: 'root',
    identityFiles: [],
    identitiesOnly: false,
    useAgent: true,
    knownHostsFiles: [join(home, '.ssh/known_hosts')],
    hashKnownHosts: false,
    jumps: [],
    ...overrides,
  };
}

describe('authCandidates', () => {
  it('offers the Compose Farm key before default keys', () => {
    const home = homeWithKeys('.ssh/compose-farm/id_ed25519', '.ssh/id_ed25519');
    const paths = authCandidates(target(home), { home, env: {} }).map((c) =>
      c.kind === 'key' ? c.path.slice(home.length) : c.kind,
    );
    expect(paths).toEqual(['/.ssh/compose-farm/id_ed25519', '/.ssh/id_ed25519']);
  });

  it('keeps the Compose Farm key after IdentitiesOnly files', () => {
    const home = homeWithKeys('.ssh/compose-farm/id_ed25519', '.ssh/lab_key');
    const only = target(home, {
      identitiesOnly: true,
      identityFiles: [join(home, '.ssh/lab_key')],
    });
    const paths = authCandidates(only, { home, env: {} }).map((c) =>
      c.kind === 'key' ? c.path.slice(home.length) : c.kind,
    );
    expect(paths).toEqual(['/.ssh/lab_key', '/.ssh/compose-farm/id_ed25519']);
  });
});
