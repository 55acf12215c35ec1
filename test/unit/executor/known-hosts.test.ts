import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  appendKnownHost,
  fingerprintOf,
  hashKnownHostsName,
  keyTypeOf,
  knownHostsName,
  knownKeyTypes,
  parseKnownHosts,
  patternsMatch,
  verifyHostKey,
} from '../../../src/main/core/ssh/known-hosts';

function blob(type: string, body: string): Buffer {
  const name = Buffer.from(type);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  return Buffer.concat([length, name, Buffer.from(body)]);
}

const ED = blob('ssh-ed25519', 'key-one');
const ED2 = blob('ssh-ed25519', 'key-two');
const RSA = blob('ssh-rsa', 'rsa-key');

function line(names: string, key: Buffer): string {
  return `${names} ${keyTypeOf(key)} ${key.toString('base64')}`;
}

function hashed(name: string): string {
  const salt = Buffer.from('0123456789abcdefghij');
  const hash = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash}`;
}

describe('known_hosts', () => {
  it('names hosts on other ports in brackets', () => {
    expect(knownHostsName('192.0.2.1', 22)).toBe('192.0.2.1');
    expect(knownHostsName('192.0.2.1', 2222)).toBe('[192.0.2.1]:2222');
  });

  it('prints fingerprints without base64 padding', () => {
    expect(fingerprintOf(ED)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('matches plain, hashed, wildcard and negated patterns', () => {
    expect(patternsMatch('a,[b]:2222', '[b]:2222')).toBe(true);
    expect(patternsMatch(hashed('[b]:2222'), '[b]:2222')).toBe(true);
    expect(patternsMatch(hashed('[b]:2222'), 'b')).toBe(false);
    expect(patternsMatch('*.lan,!secret.lan', 'nas.lan')).toBe(true);
    expect(patternsMatch('*.lan,!secret.lan', 'secret.lan')).toBe(false);
    expect(patternsMatch('192.0.2.?', '192.0.2.7')).toBe(true);
  });

  it('trusts a listed key, finds a changed one, refuses a revoked one', () => {
    const entries = parseKnownHosts(
      [
        '# comment',
        line('[h]:2222', RSA),
        line(hashed('[h]:2222'), ED),
        `@revoked * ${keyTypeOf(ED2)} ${ED2.toString('base64')}`,
        line('other', ED2),
      ].join('\n'),
      'kh',
    );
    expect(verifyHostKey(entries, '[h]:2222', ED).state).toBe('trusted');
    expect(verifyHostKey(entries, '[h]:2222', RSA).state).toBe('trusted');
    expect(verifyHostKey(entries, '[h]:2222', ED2)).toMatchObject({
      state: 'revoked',
      entry: { line: 4 },
    });
    const changed = verifyHostKey(entries.slice(0, 3), '[h]:2222', blob('ssh-ed25519', 'new'));
    expect(changed).toMatchObject({ state: 'changed', entry: { line: 3, keyType: 'ssh-ed25519' } });
    expect(verifyHostKey(entries, 'unknown-host', ED).state).toBe('unknown');
    expect(knownKeyTypes(entries, '[h]:2222')).toEqual(['ssh-rsa', 'ssh-ed25519']);
  });

  it('appends an entry on a line of its own', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cf-kh-')), '.ssh', 'known_hosts');
    appendKnownHost(file, '[h]:2222', ED);
    writeFileSync(file, readFileSync(file, 'utf8').trimEnd());
    appendKnownHost(file, 'g', RSA);
    const entries = parseKnownHosts(readFileSync(file, 'utf8'), file);
    expect(entries.map((entry) => [entry.patterns, entry.keyType, entry.line])).toEqual([
      ['[h]:2222', 'ssh-ed25519', 1],
      ['g', 'ssh-rsa', 2],
    ]);
  });

  it('hashes a name as OpenSSH does', () => {
    const salt = Buffer.from('0123456789abcdefghij');
    expect(hashKnownHostsName('[b]:2222', salt)).toBe(hashed('[b]:2222'));
    expect(hashKnownHostsName('[b]:2222')).not.toBe(hashKnownHostsName('[b]:2222'));
  });

  it('appends a hashed entry that matches only its host', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cf-kh-')), 'known_hosts');
    appendKnownHost(file, '[h]:2222', ED, { hashed: true });
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\|1\|[A-Za-z0-9+/]{27}=\|[A-Za-z0-9+/]{27}= ssh-ed25519 /);
    expect(text).not.toContain('[h]');
    const entries = parseKnownHosts(text, file);
    expect(verifyHostKey(entries, '[h]:2222', ED).state).toBe('trusted');
    expect(verifyHostKey(entries, '[g]:2222', ED).state).toBe('unknown');
  });
});
