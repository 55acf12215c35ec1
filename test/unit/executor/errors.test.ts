import { describe, expect, it } from 'vitest';

import { authFailedError } from '../../../src/main/core/executor/errors';

describe('authFailedError', () => {
  it('lists the methods the host rejected', () => {
    const error = authFailedError('nas', 'root@127.0.0.11:22', [
      'ssh-agent',
      'key ~/.ssh/id_ed25519',
    ]);
    expect(error.message).toBe(
      'root@127.0.0.11:22 rejected every login method for nas (tried: ssh-agent, key ~/.ssh/id_ed25519).',
    );
    expect(error.hint).toContain('cf ssh setup');
  });

  it('explains where keys come from when there was none to offer', () => {
    const error = authFailedError('nas', 'root@127.0.0.11:22', []);
    expect(error.message).toContain('No login method to offer root@127.0.0.11:22 for nas');
    expect(error.hint).toContain("matches nas's address in compose-farm.yaml");
  });
});
