import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { readSshConfigText } from '../../../src/main/core/ssh/config-include';
import { resolveSshTarget } from '../../../src/main/core/ssh/ssh-config';

function makeHome(files: Record<string, string>): string {
  const home = mkdtempSync(join(tmpdir(), 'cf-include-'));
  for (const [path, text] of Object.entries(files)) {
    const full = join(home, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text);
  }
  return home;
}

describe('SSH config Include', () => {
  it('resolves a host defined in an included file', () => {
    const home = makeHome({
      '.ssh/config': 'Include config.d/*\nHost *\n  User fallback\n',
      '.ssh/config.d/10-lab': 'Host nas\n  HostName 127.0.0.11\n  Port 2222\n',
      '.ssh/config.d/20-other': 'Host nuc\n  HostName 127.0.0.12\n',
    });
    const resolved = resolveSshTarget({ name: 'nas', address: 'nas' }, { home, localUser: 'me' });
    if (!resolved.ok) throw new Error(resolved.cause);
    expect(resolved.target.hostname).toBe('127.0.0.11');
    expect(resolved.target.port).toBe(2222);
    expect(resolved.target.user).toBe('fallback');
  });

  it('inlines files in sorted order, in place', () => {
    const home = makeHome({
      '.ssh/config': 'Host a\n  Include ~/.ssh/b_*\nHost z\n',
      '.ssh/b_2': 'User two',
      '.ssh/b_1': 'User one',
    });
    expect(readSshConfigText(join(home, '.ssh/config'), home)).toBe(
      'Host a\nUser one\nUser two\nHost z\n',
    );
  });

  it('skips patterns that match nothing', () => {
    const home = makeHome({ '.ssh/config': 'Include missing/* "/nowhere/x"\nHost a\n' });
    expect(readSshConfigText(join(home, '.ssh/config'), home)).toBe('Host a\n');
  });

  it('stops a file that includes itself', () => {
    const home = makeHome({ '.ssh/config': 'Include config\n' });
    expect(() => readSshConfigText(join(home, '.ssh/config'), home)).toThrow(/deeper than 16/);
  });
});
