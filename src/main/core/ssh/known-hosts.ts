/**
 * known_hosts as OpenSSH reads it: plain and hashed host names, `[host]:port` for other ports,
 * wildcards and negations, `@revoked` keys, several key types per host.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface KnownHostsEntry {
  readonly file: string;
  /** 1-based line number in `file`. */
  readonly line: number;
  readonly marker: 'revoked' | 'cert-authority' | undefined;
  readonly patterns: string;
  readonly keyType: string;
  readonly key: Buffer;
}

export type HostKeyVerdict =
  | { readonly state: 'trusted'; readonly entry: KnownHostsEntry }
  | { readonly state: 'unknown' }
  | { readonly state: 'changed'; readonly entry: KnownHostsEntry }
  | { readonly state: 'revoked'; readonly entry: KnownHostsEntry };

/** Returns the name known_hosts lists a host under: `host` on port 22, else `[host]:port`. */
export function knownHostsName(hostname: string, port: number): string {
  return port === 22 ? hostname : `[${hostname}]:${port}`;
}

/** `SHA256:<base64 without padding>`, as `ssh-keygen -l` and `ssh` print it. */
export function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** Reads the algorithm name at the start of an SSH public key blob, e.g. `ssh-ed25519`. */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const length = key.readUInt32BE(0);
  if (length > key.length - 4 || length > 64) return 'unknown';
  return key.subarray(4, 4 + length).toString('latin1');
}

export function parseKnownHosts(text: string, file: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fields = trimmed.split(/\s+/);
    let marker: KnownHostsEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift();
      if (name === '@revoked') marker = 'revoked';
      else if (name === '@cert-authority') marker = 'cert-authority';
      else return;
    }
    const [patterns, keyType, encoded] = fields;
    if (patterns === undefined || keyType === undefined || encoded === undefined) return;
    const key = Buffer.from(encoded, 'base64');
    if (key.length === 0) return;
    entries.push({ file, line: index + 1, marker, patterns, keyType, key });
  });
  return entries;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((char) => {
      if (char === '*') return '.*';
      if (char === '?') return '.';
      return char.replace(/[.+^${}()|[\]\\]/, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

/** Returns the HMAC-SHA1 of a host name under `salt`, as OpenSSH hashes known_hosts names. */
function hashName(salt: Buffer, name: string): string {
  return createHmac('sha1', salt).update(name).digest('base64');
}

function matchesHashed(pattern: string, name: string): boolean {
  const [, , salt, hash] = pattern.split('|');
  if (salt === undefined || hash === undefined) return false;
  return hashName(Buffer.from(salt, 'base64'), name) === hash;
}

/** Returns `name` as a hashed known_hosts pattern, `|1|salt|hash`, with a fresh 20-byte salt. */
export function hashKnownHostsName(name: string, salt: Buffer = randomBytes(20)): string {
  return `|1|${salt.toString('base64')}|${hashName(salt, name)}`;
}

/** Tells whether an entry's host patterns name `name` (a negated match rules the entry out). */
export function patternsMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) return matchesHashed(patterns, name);
  let matched = false;
  for (const raw of patterns.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (!globToRegExp(pattern).test(name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** Reads every file that exists; missing files count as empty. */
export function readKnownHosts(files: readonly string[]): KnownHostsEntry[] {
  return files.flatMap((file) =>
    existsSync(file) ? parseKnownHosts(readFileSync(file, 'utf8'), file) : [],
  );
}

/** Lists the key types known_hosts has for `name`, so the handshake can request one of them. */
export function knownKeyTypes(entries: readonly KnownHostsEntry[], name: string): string[] {
  const types = entries
    .filter((entry) => entry.marker === undefined && patternsMatch(entry.patterns, name))
    .map((entry) => entry.keyType);
  return [...new Set(types)];
}

/**
 * Judges the key a host presented. A host whose entries all differ from the presented key is
 * `changed`, also when the entries are of another key type: the handshake requests known types
 * first, so a host that no longer offers any of them has had its keys replaced.
 */
export function verifyHostKey(
  entries: readonly KnownHostsEntry[],
  name: string,
  key: Buffer,
): HostKeyVerdict {
  const revoked = entries.find((entry) => entry.marker === 'revoked' && entry.key.equals(key));
  if (revoked) return { state: 'revoked', entry: revoked };

  const forHost = entries.filter(
    (entry) => entry.marker === undefined && patternsMatch(entry.patterns, name),
  );
  const match = forHost.find((entry) => entry.key.equals(key));
  if (match) return { state: 'trusted', entry: match };

  const presentedType = keyTypeOf(key);
  const sameType = forHost.find((entry) => entry.keyType === presentedType);
  const stale = sameType ?? forHost[0];
  return stale ? { state: 'changed', entry: stale } : { state: 'unknown' };
}

/**
 * Appends an entry for `name` to `file`, creating its folder (mode 0700) if needed. With
 * `hashed`, the entry names the host by a salted hash, as under OpenSSH's HashKnownHosts.
 */
export function appendKnownHost(
  file: string,
  name: string,
  key: Buffer,
  { hashed = false }: { hashed?: boolean } = {},
): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  const pattern = hashed ? hashKnownHostsName(name) : name;
  appendFileSync(file, `${separator}${pattern} ${keyTypeOf(key)} ${key.toString('base64')}\n`, {
    mode: 0o600,
  });
}
