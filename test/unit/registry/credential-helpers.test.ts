import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
  RegistryClient,
  RegistryError,
  dockerConfigCredentials,
  helperCredentials,
  parseImageReference,
  readDockerLogins,
} from '../../../src/main/core/registry';
import { startFakeRegistry, type FakeRegistry } from './fake-registry';

/**
 * A folder on PATH with a credential helper `docker-credential-<name>` that logs each server
 * URL it receives and prints the matching login from `logins`, like a keychain would.
 */
function helperFolder(name: string, logins: Record<string, { user: string; secret: string }>) {
  const folder = mkdtempSync(join(tmpdir(), 'cf-cred-helper-'));
  const log = join(folder, 'asked');
  const cases = Object.entries(logins)
    .map(
      ([server, login]) =>
        `  '${server}') printf '{"ServerURL":"%s","Username":"${login.user}","Secret":"${login.secret}"}' "$server" ;;`,
    )
    .join('\n');
  const script = [
    '#!/bin/sh',
    '[ "$1" = get ] || exit 2',
    'server=$(cat)',
    `printf '%s\\n' "$server" >> '${log}'`,
    'case "$server" in',
    cases,
    "  *) echo 'credentials not found in native keychain'; exit 1 ;;",
    'esac',
    '',
  ].join('\n');
  const program = join(folder, `docker-credential-${name}`);
  writeFileSync(program, script);
  chmodSync(program, 0o755);
  const env = { ...process.env, PATH: `${folder}${delimiter}${process.env.PATH ?? ''}` };
  return { env, asked: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

function dockerConfig(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cf-docker-config-')), 'config.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const started: FakeRegistry[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((registry) => registry.close()));
});

describe('readDockerLogins', () => {
  it('reads auths, credsStore and credHelpers', async () => {
    const auth = Buffer.from('u:p').toString('base64');
    const logins = await readDockerLogins(
      dockerConfig({
        auths: { 'https://index.docker.io/v1/': { auth } },
        credsStore: 'desktop',
        credHelpers: { '127.0.0.1:5000': 'pass', 'ghcr.io': '../evil' },
      }),
    );
    expect(logins.auths.get('docker.io')).toEqual({ username: 'u', password: 'p' });
    expect(logins.store).toBe('desktop');
    expect([...logins.helpers]).toEqual([['127.0.0.1:5000', 'pass']]);
  });

  it('reads a missing file as no logins', async () => {
    const logins = await readDockerLogins(join(tmpdir(), 'cf-no-such-folder', 'config.json'));
    expect(logins.auths.size).toBe(0);
    expect(logins.store).toBeUndefined();
  });
});

describe('helperCredentials', () => {
  it('returns the login the helper prints', async () => {
    const helper = helperFolder('cftest', { '127.0.0.1:5000': { user: 'ci', secret: 's3' } });
    expect(await helperCredentials('cftest', '127.0.0.1:5000', helper.env)).toEqual({
      username: 'ci',
      password: 's3',
    });
    expect(helper.asked()).toEqual(['127.0.0.1:5000']);
  });

  it('asks for Docker Hub under its old URL', async () => {
    const helper = helperFolder('cftest', {});
    expect(await helperCredentials('cftest', 'docker.io', helper.env)).toBeUndefined();
    expect(helper.asked()).toEqual(['https://index.docker.io/v1/']);
  });

  it('names a helper that is not installed', async () => {
    await expect(
      helperCredentials('cf-missing', '127.0.0.1:5000', { PATH: tmpdir() }),
    ).rejects.toThrow(/docker-credential-cf-missing is not installed/);
  });
});

describe('dockerConfigCredentials', () => {
  it('prefers credHelpers, then credsStore, then auths', async () => {
    const perRegistry = helperFolder('one', { '127.0.0.1:5001': { user: 'one', secret: '1' } });
    const store = helperFolder('store', { '127.0.0.1:5002': { user: 'store', secret: '2' } });
    const env = {
      ...process.env,
      PATH: [perRegistry.env.PATH, store.env.PATH].join(delimiter),
    };
    const lookup = dockerConfigCredentials(
      dockerConfig({
        auths: { '127.0.0.1:5001': { auth: Buffer.from('file:x').toString('base64') } },
        credsStore: 'store',
        credHelpers: { '127.0.0.1:5001': 'one' },
      }),
      env,
    );
    expect(await lookup('127.0.0.1:5001')).toEqual({ username: 'one', password: '1' });
    expect(await lookup('127.0.0.1:5002')).toEqual({ username: 'store', password: '2' });
    expect(await lookup('127.0.0.1:5003')).toBeUndefined();
    await lookup('127.0.0.1:5002');
    expect(store.asked()).toEqual(['127.0.0.1:5002', '127.0.0.1:5003']);
  });

  it('logs in to a registry with a login from a helper', async () => {
    const fake = await startFakeRegistry({
      tags: { app: ['1', '2'] },
      basic: { user: 'ci', password: 's3' },
    });
    started.push(fake);
    const helper = helperFolder('cftest', { [fake.address]: { user: 'ci', secret: 's3' } });
    const client = new RegistryClient({
      credentials: dockerConfigCredentials(dockerConfig({ credsStore: 'cftest' }), helper.env),
    });
    const parsed = parseImageReference(`${fake.address}/app`);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(await client.listTags(parsed.reference)).toEqual(['1', '2']);
  });

  it('reports a broken helper as a registry login problem', async () => {
    const fake = await startFakeRegistry({
      tags: { app: ['1'] },
      basic: { user: 'u', password: 'p' },
    });
    started.push(fake);
    const client = new RegistryClient({
      credentials: dockerConfigCredentials(dockerConfig({ credsStore: 'cf-missing' }), {
        PATH: tmpdir(),
      }),
    });
    const parsed = parseImageReference(`${fake.address}/app`);
    if (!parsed.ok) throw new Error(parsed.message);
    const error = await client.listTags(parsed.reference).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).reason).toBe('unauthorized');
    expect((error as RegistryError).message).toContain(
      `The login for registry ${fake.address} could not be read: docker-credential-cf-missing is not installed`,
    );
  });
});
