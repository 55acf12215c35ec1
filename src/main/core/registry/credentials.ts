import { execFile } from 'node:child_process';
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

/** The logins a docker config file contains, and the helpers that keep the others. */
export interface DockerLogins {
  /** Logins stored in the file itself, by registry. */
  readonly auths: ReadonlyMap<string, RegistryCredentials>;
  /** `credsStore`: the helper for every registry without one of its own. */
  readonly store?: string;
  /** `credHelpers`: a helper per registry. */
  readonly helpers: ReadonlyMap<string, string>;
}

const NO_LOGINS: DockerLogins = { auths: new Map(), helpers: new Map() };

/** A helper name becomes part of a program name, so it must not carry a path. */
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Reads the logins of a docker config file, as `docker login` writes them: `auths` entries with
 * `auth` holding base64 `user:password`, or `username` and `password`, and the credential
 * helpers named by `credsStore` and `credHelpers`. A missing or unreadable file means no logins.
 * NOTE: `identitytoken` (an OAuth refresh token) is not used, so such a login is queried
 * anonymously.
 */
export async function readDockerLogins(path: string): Promise<DockerLogins> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return NO_LOGINS;
  }
  if (typeof parsed !== 'object' || parsed === null) return NO_LOGINS;
  const { auths, credsStore, credHelpers } = parsed as Record<string, unknown>;

  const found = new Map<string, RegistryCredentials>();
  if (typeof auths === 'object' && auths !== null) {
    for (const [key, entry] of Object.entries(auths as Record<string, unknown>)) {
      const credentials = credentialsOf(entry);
      if (credentials !== undefined) found.set(registryOfKey(key), credentials);
    }
  }
  const helpers = new Map<string, string>();
  if (typeof credHelpers === 'object' && credHelpers !== null) {
    for (const [key, name] of Object.entries(credHelpers as Record<string, unknown>)) {
      if (typeof name === 'string' && HELPER_NAME.test(name)) helpers.set(registryOfKey(key), name);
    }
  }
  const store =
    typeof credsStore === 'string' && HELPER_NAME.test(credsStore) ? credsStore : undefined;
  return { auths: found, helpers, ...(store === undefined ? {} : { store }) };
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

/** The name docker hands a credential helper for a registry: Docker Hub has its old URL. */
function helperServerUrl(registry: string): string {
  return registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : registry;
}

/** Maximum run time of a credential helper, so a keychain that waits for an unlock cannot hang a check. */
const HELPER_TIMEOUT_MS = 10_000;

/**
 * Runs `docker-credential-<helper> get` for a registry, as the docker CLI does, and returns its
 * login. A helper that has no login for the registry exits non-zero, which means anonymous.
 * Any other failure is thrown with the helper's name and message.
 */
export async function helperCredentials(
  helper: string,
  registry: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RegistryCredentials | undefined> {
  const program = `docker-credential-${helper}`;
  const output = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = execFile(
        program,
        ['get'],
        { env, timeout: HELPER_TIMEOUT_MS, maxBuffer: 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error && typeof error.code === 'string') {
            reject(
              new Error(
                error.code === 'ENOENT'
                  ? `${program} is not installed, but the docker config file names the credential helper ${helper}`
                  : `${program} could not run: ${error.message}`,
              ),
            );
            return;
          }
          if (error?.killed) {
            reject(new Error(`${program} did not respond within ${HELPER_TIMEOUT_MS / 1000} s`));
            return;
          }
          let code = 0;
          if (error) code = typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout, stderr });
        },
      );
      child.stdin?.end(helperServerUrl(registry));
    },
  );
  if (output.code !== 0) return undefined;

  let parsed: unknown;
  try {
    parsed = JSON.parse(output.stdout);
  } catch {
    throw new Error(`${program} printed something other than JSON for ${registry}`);
  }
  const { Username, Secret } = (parsed ?? {}) as Record<string, unknown>;
  // `<token>` marks an identity token, which only an OAuth exchange could use.
  if (typeof Username !== 'string' || typeof Secret !== 'string' || Username === '<token>') {
    return undefined;
  }
  return Username === '' ? undefined : { username: Username, password: Secret };
}

/**
 * Looks credentials up as the docker CLI does: the registry's own helper (`credHelpers`), else
 * the `credsStore` helper, else the file's `auths`. The file is read once, on first use, and
 * each registry's result is cached.
 */
export function dockerConfigCredentials(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
): CredentialLookup {
  let loaded: Promise<DockerLogins> | undefined;
  const answers = new Map<string, Promise<RegistryCredentials | undefined>>();
  return async (registry) => {
    loaded ??= readDockerLogins(path);
    const logins = await loaded;
    const key = registryOfKey(registry);
    const helper = logins.helpers.get(key) ?? logins.store;
    if (helper === undefined) return logins.auths.get(key);
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = helperCredentials(helper, key, env);
      answers.set(key, answer);
    }
    return answer;
  };
}
