import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { DOCKER_HUB } from './reference';

export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

/** Finds the credentials stored for a registry, or `undefined` to go anonymous. */
export type CredentialLookup = (registry: string) => Promise<RegistryCredentials | undefined>;

/** Returns the docker CLI's config file: `$DOCKER_CONFIG/config.json`, else `~/.docker`. */
export function defaultDockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const folder = env['DOCKER_CONFIG'] || join(env['HOME'] || homedir(), '.docker');
  return join(folder, 'config.json');
}

const HUB_KEYS = new Set([DOCKER_HUB, 'index.docker.io', 'registry-1.docker.io']);

/** Maps a key of `auths` to its registry: `https://index.docker.io/v1/` is Docker Hub. */
function registryOfKey(key: string): string {
  const host = key.replace(/^https?:\/\//, '').split('/')[0] ?? '';
  return HUB_KEYS.has(host) || host === 'registry.hub.docker.com' ? DOCKER_HUB : host;
}

/**
 * Reads the `auths` of a docker config file, as `docker login` writes them: `auth` holding
 * base64 `user:password`, or `username` and `password`. A missing or unreadable file means no
 * credentials.
 * NOTE: credential helpers (`credsStore`, `credHelpers`) and `identitytoken` are not used, so a
 * login kept only in a desktop keychain is not seen and the registry is queried anonymously.
 */
export async function readDockerCredentials(
  path: string,
): Promise<ReadonlyMap<string, RegistryCredentials>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return new Map();
  }
  const auths = (parsed as { auths?: unknown } | null)?.auths;
  if (typeof auths !== 'object' || auths === null) return new Map();

  const found = new Map<string, RegistryCredentials>();
  for (const [key, entry] of Object.entries(auths as Record<string, unknown>)) {
    const credentials = credentialsOf(entry);
    if (credentials !== undefined) found.set(registryOfKey(key), credentials);
  }
  return found;
}

function credentialsOf(entry: unknown): RegistryCredentials | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { auth, username, password } = entry as Record<string, unknown>;
  if (typeof auth === 'string' && auth !== '') {
    const decoded = Buffer.from(auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (typeof username === 'string' && typeof password === 'string' && username !== '') {
    return { username, password };
  }
  return undefined;
}

/** Looks credentials up in a docker config file, read once on first use. */
export function dockerConfigCredentials(path: string): CredentialLookup {
  let loaded: Promise<ReadonlyMap<string, RegistryCredentials>> | undefined;
  return async (registry) => {
    loaded ??= readDockerCredentials(path);
    return (await loaded).get(registryOfKey(registry));
  };
}
