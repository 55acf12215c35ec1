import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  composeProjectName,
  discoverStackFolders,
  externalNetworks,
  findComposeFiles,
  isValidProjectName,
  loadStack,
  parseComposeYaml,
  requiredDevices,
  requiredPaths,
} from '../../../src/main/core/compose';

let composeDir: string;

beforeEach(async () => {
  composeDir = await mkdtemp(join(tmpdir(), 'cfd-compose-'));
});

afterEach(async () => {
  await rm(composeDir, { recursive: true, force: true });
});

/** Writes files of one stack folder; names are relative to the stack folder. */
async function writeStack(stack: string, files: Record<string, string>): Promise<string> {
  const stackDir = join(composeDir, stack);
  await mkdir(stackDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(stackDir, name), text);
  return stackDir;
}

describe('parseComposeYaml', () => {
  it('reports a duplicate ordinary key with both lines', () => {
    const result = parseComposeYaml('services:\n  web:\n    image: a\n    image: b\n');
    expect(result).toEqual({
      ok: false,
      line: 4,
      message: 'line 4: mapping key "image" already defined at line 3',
    });
  });

  it('allows a key that overrides one brought in by a merge key', () => {
    const result = parseComposeYaml(
      'x-base: &base\n  PUID: "1000"\nenv:\n  <<: *base\n  PUID: "1001"\n',
    );
    expect(result).toEqual({
      ok: true,
      document: { 'x-base': { PUID: '1000' }, env: { PUID: '1001' } },
    });
  });

  it('reports a syntax error with its line', () => {
    const result = parseComposeYaml('services:\n  web:\n\timage: a\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^line 3: /);
  });

  it.each([
    ['an empty file', ''],
    ['a list at the top level', '- a\n- b\n'],
  ])('rejects %s', (_label, text) => {
    expect(parseComposeYaml(text).ok).toBe(false);
  });
});

describe('findComposeFiles', () => {
  it('picks the first override name in compose order and lists all found', async () => {
    const stackDir = await writeStack('app', {
      'compose.yaml': 'services: {}\n',
      'docker-compose.override.yml': 'services: {}\n',
      'compose.override.yaml': 'services: {}\n',
    });
    const files = await findComposeFiles(stackDir);
    expect(files.main).toBe(join(stackDir, 'compose.yaml'));
    expect(files.override).toBe(join(stackDir, 'compose.override.yaml'));
    expect(files.foundOverride).toEqual([
      join(stackDir, 'compose.override.yaml'),
      join(stackDir, 'docker-compose.override.yml'),
    ]);
  });

  it('ignores an override file when there is no main file', async () => {
    const stackDir = await writeStack('app', { 'compose.override.yml': 'services: {}\n' });
    expect(await findComposeFiles(stackDir)).toMatchObject({ main: null, override: null });
  });

  it('does not take a folder named like a compose file', async () => {
    const stackDir = await writeStack('app', {});
    await mkdir(join(stackDir, 'compose.yaml'));
    expect((await findComposeFiles(stackDir)).main).toBeNull();
  });
});

describe('discoverStackFolders', () => {
  it('lists sub-folders holding any compose file name, sorted', async () => {
    await writeStack('zeta', { 'docker-compose.yaml': '' });
    await writeStack('alpha', { 'compose.yml': '' });
    await writeStack('notes', { 'README.md': '' });
    await writeStack('only-override', { 'compose.override.yml': '' });
    await writeFile(join(composeDir, 'compose.yaml'), '');
    expect(await discoverStackFolders(composeDir)).toEqual(['alpha', 'zeta']);
  });

  it('returns nothing for a missing compose_dir', async () => {
    expect(await discoverStackFolders(join(composeDir, 'missing'))).toEqual([]);
  });
});

describe('loadStack', () => {
  it('reports a missing stack folder as an error, not a throw', async () => {
    const model = await loadStack(composeDir, 'ghost', { env: {} });
    expect(model.errors.map((error) => error.code)).toEqual(['stack-folder-missing']);
    expect(model.errors[0]!.file).toBe(join(composeDir, 'ghost'));
    expect(model.composeFiles).toEqual([]);
  });

  it('reads every service field', async () => {
    await writeStack('media', {
      'compose.yaml': [
        'services:',
        '  player:',
        '    image: ${REGISTRY:-docker.io}/jellyfin/jellyfin:${TAG}',
        '    container_name: jellyfin',
        '    restart: unless-stopped',
        '    profiles: [media]',
        '    devices: ["/dev/dri:/dev/dri"]',
        '    environment:',
        '      - TZ=${TZ}',
        '      - API_KEY',
        '    networks:',
        '      front:',
        '        aliases: [tv]',
        '    volumes:',
        '      - ./config:/config',
        '      - cache:/cache',
        '  helper:',
        '    build: .',
        '    network_mode: "service:player"',
        'networks:',
        '  front: {}',
        '  shared:',
        '    external: true',
        '  legacy:',
        '    external:',
        '      name: old_name',
        '',
      ].join('\n'),
      '.env': 'TAG=10.9\nTZ=UTC\n',
    });
    const model = await loadStack(composeDir, 'media', { env: { TZ: 'Europe/Berlin' } });
    expect(model.errors).toEqual([]);

    const [player, helper] = model.services;
    expect(player).toMatchObject({
      name: 'player',
      image: 'docker.io/jellyfin/jellyfin:10.9',
      build: false,
      containerName: 'jellyfin',
      restart: 'unless-stopped',
      profiles: ['media'],
      devices: [{ source: '/dev/dri', target: '/dev/dri' }],
      environment: { TZ: 'Europe/Berlin', API_KEY: null },
      networks: ['front'],
    });
    expect(player!.volumes).toEqual([
      {
        type: 'bind',
        source: join(composeDir, 'media/config'),
        homeRelative: false,
        target: '/config',
        readOnly: false,
      },
      { type: 'volume', source: 'cache', target: '/cache', readOnly: false },
    ]);
    expect(helper).toMatchObject({
      name: 'helper',
      build: true,
      networkMode: 'service:player',
      networks: [],
    });
    expect(helper!.image).toBeUndefined();

    expect(model.networks).toEqual([
      { key: 'front', name: 'media_front', external: false },
      { key: 'shared', name: 'shared', external: true },
      { key: 'legacy', name: 'old_name', external: true },
    ]);
    expect(externalNetworks(model)).toEqual(['shared', 'old_name']);
    expect(requiredDevices(model)).toEqual(['/dev/dri']);
  });

  it('warns once per unset variable and names where it was read', async () => {
    await writeStack('app', {
      'compose.yaml': 'services:\n  a:\n    image: $IMG\n  b:\n    image: $IMG\n',
    });
    const model = await loadStack(composeDir, 'app', { env: {} });
    expect(model.warnings).toMatchObject([
      {
        code: 'unset-variable',
        path: 'services.a.image',
        message: 'The "IMG" variable is not set. Defaulting to a blank string.',
      },
    ]);
  });

  it('reports an invalid interpolation with its place', async () => {
    await writeStack('app', {
      'compose.yaml': 'services:\n  a:\n    labels:\n      auth: "admin:${PASSWORD"\n',
    });
    const model = await loadStack(composeDir, 'app', { env: {} });
    expect(model.errors).toMatchObject([
      { code: 'invalid-interpolation', path: 'services.a.labels.auth' },
    ]);
  });

  it('reports a bad port as an error and keeps the other ports', async () => {
    await writeStack('app', {
      'compose.yaml': 'services:\n  a:\n    ports: ["web:80", "8080:80"]\n',
    });
    const model = await loadStack(composeDir, 'app', { env: {} });
    expect(model.errors).toMatchObject([{ code: 'invalid-port', path: 'services.a.ports[0]' }]);
    expect(model.services[0]!.ports).toEqual([{ published: 8080, target: 80, protocol: 'tcp' }]);
  });

  it('warns that include and extends are not followed', async () => {
    await writeStack('app', {
      'compose.yaml':
        'include:\n  - other.yaml\nservices:\n  a:\n    extends:\n      service: base\n',
    });
    const model = await loadStack(composeDir, 'app', { env: {} });
    expect(model.warnings.map((warning) => [warning.code, warning.path])).toEqual([
      ['not-followed', 'include'],
      ['not-followed', 'services.a.extends'],
    ]);
    expect(model.errors).toEqual([]);
  });

  it('interpolates the override file with the same .env before merging', async () => {
    await writeStack('app', {
      'compose.yaml': 'services:\n  a:\n    image: a\n    ports: ["${PORT}:80"]\n',
      'compose.override.yml': 'services:\n  a:\n    ports: ["${PORT}:80", "${EXTRA}:81"]\n',
      '.env': 'PORT=8080\nEXTRA=8181\n',
    });
    const model = await loadStack(composeDir, 'app', { env: {} });
    expect(model.services[0]!.ports.map((port) => port.published)).toEqual([8080, 8181]);
  });

  it('accepts an empty override file but not an empty main file', async () => {
    await writeStack('app', {
      'compose.yaml': 'services:\n  a:\n    image: a\n',
      'compose.override.yml': '',
    });
    await writeStack('blank', { 'compose.yaml': '', 'compose.override.yml': 'services: {}\n' });
    const app = await loadStack(composeDir, 'app', { env: {} });
    const blank = await loadStack(composeDir, 'blank', { env: {} });
    expect(app.errors).toEqual([]);
    expect(app.services.map((service) => service.image)).toEqual(['a']);
    expect(blank.errors.map((error) => error.code)).toEqual(['yaml']);
  });

  it('joins the default network when networks is empty', async () => {
    await writeStack('app', {
      'compose.yaml': 'services:\n  a:\n    image: a\n    networks: {}\n',
    });
    const model = await loadStack(composeDir, 'app', { env: {} });
    expect(model.services[0]!.networks).toEqual(['default']);
  });

  it('reports a broken override file and still reads the main file', async () => {
    await writeStack('app', {
      'compose.yaml': 'services:\n  a:\n    image: a\n',
      'compose.override.yaml': 'services:\n  a:\n    image: b\n    image: c\n',
    });
    const model = await loadStack(composeDir, 'app', { env: {} });
    expect(model.errors).toMatchObject([
      { code: 'yaml', file: join(composeDir, 'app/compose.override.yaml') },
    ]);
    expect(model.services[0]!.image).toBe('a');
  });

  it.each([
    ['the folder name', {}, '', 'myapp'],
    ['the top-level name', {}, 'name: Custom_Name\n', 'custom_name'],
    [
      'COMPOSE_PROJECT_NAME from .env',
      { '.env': 'COMPOSE_PROJECT_NAME=FromEnv\n' },
      'name: other\n',
      'fromenv',
    ],
  ])('takes the project name from %s', async (_label, extraFiles, header, expected) => {
    await writeStack('My.App', {
      'compose.yaml': `${header}services:\n  a:\n    image: a\n`,
      ...extraFiles,
    });
    const model = await loadStack(composeDir, 'My.App', { env: {} });
    expect(model.projectName).toBe(expected);
  });
});

describe('requiredPaths', () => {
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    server = undefined;
  });

  it('lists compose_dir then bind sources once each, skipping ~ and local sockets', async () => {
    const socketPath = join(composeDir, 'agent.sock');
    server = createServer();
    await new Promise<void>((done) => server!.listen(socketPath, done));

    await writeStack('app', {
      'compose.yaml': [
        'services:',
        '  a:',
        '    image: a',
        '    volumes:',
        '      - /srv/data:/data',
        '      - ./config:/config',
        `      - ${socketPath}:/ssh-agent`,
        '      - ~/music:/music',
        '      - named:/named',
        '  b:',
        '    image: b',
        '    volumes:',
        '      - /srv/data:/other',
        '      - type: bind',
        '        source: /srv/long',
        '        target: /long',
        '',
      ].join('\n'),
    });
    const model = await loadStack(composeDir, 'app', { env: {} });
    expect(requiredPaths(model)).toEqual([
      composeDir,
      '/srv/data',
      join(composeDir, 'app/config'),
      '/srv/long',
    ]);
  });
});

describe('composeProjectName', () => {
  it.each([
    ['Media.Server', 'mediaserver'],
    ['dashboard.example.com', 'dashboardexamplecom'],
    ['Home_Assistant', 'home_assistant'],
    ['plain', 'plain'],
    ['-_leading', 'leading'],
    ['with space', 'withspace'],
  ])('%s → %s', (folder, project) => {
    expect(composeProjectName(folder)).toBe(project);
    expect(isValidProjectName(project)).toBe(true);
  });
});
