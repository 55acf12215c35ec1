import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import {
  discoverStackFolders,
  externalNetworks,
  formatIssue,
  loadStack,
  requiredPaths,
  type ServiceModel,
  type StackModel,
} from '../../../src/main/core/compose';

const casesDir = fileURLToPath(new URL('../../fixtures/cases/', import.meta.url));

/** Loads a stack of a case folder with an empty environment, so the shell cannot leak in. */
function loadCase(
  caseName: string,
  stack: string,
  env: NodeJS.ProcessEnv = {},
): Promise<StackModel> {
  return loadStack(`${casesDir}${caseName}/stacks`, stack, { env });
}

function service(model: StackModel, name: string): ServiceModel {
  const found = model.services.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`stack ${model.stack} has no service ${name}`);
  return found;
}

/** Every string value of the services, joined, to look for text that should not survive. */
function allText(model: StackModel): string {
  const strings: string[] = [];
  JSON.stringify(model.services, (_key, value: unknown) => {
    if (typeof value === 'string') strings.push(value);
    return value;
  });
  return strings.join('\n');
}

describe('nested defaults in compose variables', () => {
  it('resolves every value as docker compose config does', async () => {
    const model = await loadCase('01-nested-defaults', 'photos');
    const db = service(model, 'db');
    const web = service(model, 'web');

    expect(db.image).toBe('postgres:16-alpine');
    expect(db.ports).toEqual([{ published: 15432, target: 5432, protocol: 'tcp' }]);
    expect(db.volumes.map((volume) => volume.source)).toEqual(['/srv/photos/db']);
    expect(db.labels['backup.database']).toBe('photos');
    expect(db.labels['backup.database-strict']).toBe('');
    expect(db.labels['backup.schedule']).toBe('photos-nightly');
    expect(web.labels['traefik.http.routers.photos.rule']).toBe('Host(`photos.example.com`)');
    expect(web.ports).toEqual([{ published: 18081, target: 8080, protocol: 'tcp' }]);
    expect(web.labels['traefik.http.services.photos.loadbalancer.server.port']).toBe('8080');

    expect(allText(model)).not.toMatch(/\$\{|\$POSTGRES_USER/);
    expect(allText(model)).not.toContain('}');
    expect(model.errors).toEqual([]);
    expect(model.warnings).toEqual([]);
  });

  it('lets the environment override the .env file', async () => {
    const model = await loadCase('01-nested-defaults', 'photos', {
      PG_MAJOR: '17',
      POSTGRES_USER: 'admin',
    });
    expect(service(model, 'db').image).toBe('postgres:17-alpine');
    expect(service(model, 'db').labels['backup.schedule']).toBe('admin-nightly');
  });
});

describe('.env syntax', () => {
  it('reads every form the way docker compose does', async () => {
    const model = await loadCase('02-env-file-syntax', 'notes');
    const notes = service(model, 'notes');

    expect(notes.ports.map((port) => port.published)).toEqual([18080, 18443]);
    expect(notes.labels['example.token']).toBe('abc#def');
    expect(notes.labels['example.greeting']).toBe('hello # not a comment');
    expect(notes.labels['example.auth-quoted']).toBe('admin:$apr1$Xy7$hash');
    expect(notes.labels['example.auth-unquoted']).toBe('admin:');
    expect(notes.volumes.map((volume) => volume.source)).toEqual(['/srv/app/config']);
    expect(notes.labels['example.spaced']).toBe('[two words]');
    expect(notes.labels['example.windows']).toBe('[crlf-value]');
    expect(notes.labels['example.last']).toBe('[end]');
    expect(model.errors).toEqual([]);
  });

  it('warns about apr1, Xy7 and hash in the unquoted value', async () => {
    const model = await loadCase('02-env-file-syntax', 'notes');
    expect(model.warnings.map((warning) => [warning.code, warning.line, warning.message])).toEqual(
      ['apr1', 'Xy7', 'hash'].map((name) => [
        'unset-variable',
        7,
        `line 7: The "${name}" variable is not set. Defaulting to a blank string.`,
      ]),
    );
    expect(model.warnings.every((warning) => warning.file?.endsWith('notes/.env'))).toBe(true);
  });
});

describe('required variable inside a port mapping', () => {
  it('reads the mapping when the variable is set', async () => {
    const model = await loadCase('03-required-var-in-ports', 'pw-set');
    expect(service(model, 'passwords').ports).toEqual([
      { hostIp: '192.0.2.10', published: 18222, target: 80, protocol: 'tcp' },
    ]);
    expect(model.errors).toEqual([]);
    expect(model.warnings).toEqual([]);
  });

  it('reports compose failure, naming the stack, when the variable is missing', async () => {
    const model = await loadCase('03-required-var-in-ports', 'pw-unset');
    expect(model.errors).toHaveLength(1);
    const [error] = model.errors;
    expect(error!.code).toBe('required-variable');
    expect(error!.message).toBe('required variable LAN_IP is missing a value: set LAN_IP in .env');
    expect(formatIssue(model.stack, error!)).toMatch(
      /^\[pw-unset\] .*compose\.yaml: services\.passwords\.ports\[0\]: /,
    );
  });

  it('never reads the message as a port', async () => {
    const model = await loadCase('03-required-var-in-ports', 'pw-unset');
    expect(service(model, 'passwords').ports).toEqual([
      { published: 18222, target: 80, protocol: 'tcp' },
    ]);
    expect(allText(model)).not.toContain('set LAN_IP');
  });

  it('takes the variable from the environment when .env lacks it', async () => {
    const model = await loadCase('03-required-var-in-ports', 'pw-unset', { LAN_IP: '192.0.2.30' });
    expect(model.errors).toEqual([]);
    expect(service(model, 'passwords').ports[0]!.hostIp).toBe('192.0.2.30');
  });
});

describe('project names of folders docker compose rewrites', () => {
  it.each([
    ['Media.Server', 'mediaserver'],
    ['dashboard.example.com', 'dashboardexamplecom'],
    ['Home_Assistant', 'home_assistant'],
  ])('%s runs as project %s', async (stack, project) => {
    const model = await loadCase('05-project-name-normalized', stack);
    expect(model.projectName).toBe(project);
    expect(model.errors).toEqual([]);
  });
});

describe('which compose file a stack folder uses', () => {
  it.each([
    [
      'both',
      'compose.yaml',
      'from-compose-yaml',
      'both-compose-yaml.example.com',
      18101,
      'compose.yaml, docker-compose.yml',
    ],
    [
      'legacy',
      'docker-compose.yml',
      'from-docker-compose-yml',
      'legacy-docker-compose-yml.example.com',
      18104,
      'docker-compose.yml, docker-compose.yaml',
    ],
    [
      'short',
      'compose.yml',
      'from-compose-yml',
      'short-compose-yml.example.com',
      18105,
      'compose.yml, docker-compose.yaml',
    ],
  ])(
    '%s uses %s and warns about the others',
    async (stack, file, serviceName, host, published, found) => {
      const model = await loadCase('07-compose-file-precedence', stack);
      expect(model.composeFiles.map((path) => path.split('/').pop())).toEqual([file]);
      expect(model.services.map((candidate) => candidate.name)).toEqual([serviceName]);
      const only = service(model, serviceName);
      expect(only.labels[`traefik.http.routers.${stack}.rule`]).toBe(`Host(\`${host}\`)`);
      expect(only.ports[0]!.published).toBe(published);

      expect(model.warnings).toHaveLength(1);
      expect(model.warnings[0]!.code).toBe('several-compose-files');
      expect(model.warnings[0]!.message).toContain(`(${found}); using ${file}`);
    },
  );

  it('reports a folder without compose file and never reads the parent one', async () => {
    const model = await loadCase('07-compose-file-precedence', 'empty');
    expect(model.composeFiles).toEqual([]);
    expect(model.services).toEqual([]);
    expect(model.errors.map((error) => error.code)).toEqual(['no-compose-file']);
    expect(allText(model)).not.toContain('stray-parent');
  });

  it('does not list the stray parent file as a stack', async () => {
    const stacks = await discoverStackFolders(`${casesDir}07-compose-file-precedence/stacks`);
    expect(stacks).toEqual(['both', 'legacy', 'short']);
  });
});

describe('override file beside the main file', () => {
  it('merges the override labels over the main file', async () => {
    const model = await loadCase('08-override-file-merged', 'mattermost');
    expect(model.composeFiles.map((path) => path.split('/').pop())).toEqual([
      'compose.yaml',
      'compose.override.yaml',
    ]);
    const mattermost = service(model, 'mattermost');
    expect(mattermost.labels).toEqual({
      'com.example.owner': 'team-chat',
      'traefik.enable': 'true',
      'traefik.http.routers.chat.rule': 'Host(`chat.example.com`)',
      'traefik.http.routers.chat.entrypoints': 'websecure',
      'traefik.http.services.chat.loadbalancer.server.port': '8065',
    });
    expect(mattermost.ports).toEqual([{ published: 18065, target: 8065, protocol: 'tcp' }]);
    expect(model.errors).toEqual([]);
  });
});

describe('YAML anchors and merge keys', () => {
  it('merges shallowly, earlier anchors winning', async () => {
    const model = await loadCase('10-yaml-merge-keys', 'arr');
    expect(model.services.map((candidate) => candidate.name)).toEqual([
      'sonarr',
      'radarr',
      'lidarr',
    ]);

    const sonarr = service(model, 'sonarr');
    expect(sonarr.labels).toEqual({ 'traefik.enable': 'true', 'com.example.tier': 'proxied' });
    expect(sonarr.environment).toEqual({ TZ: 'Europe/Amsterdam', PUID: '1001' });
    expect(sonarr.volumes).toEqual([]);
    expect(sonarr.networks).toEqual(['proxy']);
    expect(sonarr.restart).toBe('unless-stopped');

    const radarr = service(model, 'radarr');
    expect(radarr.labels).toEqual({ 'com.example.tier': 'default' });
    expect(radarr.environment).toEqual({});
    expect(radarr.volumes.map((volume) => volume.source)).toEqual(['/mnt/media', '/mnt/downloads']);
    expect(radarr.networks).toEqual(['default']);
    expect(radarr.restart).toBe('unless-stopped');

    const lidarr = service(model, 'lidarr');
    expect(lidarr.labels).toEqual({});
    expect(lidarr.environment).toEqual({});
    expect(lidarr.volumes.map((volume) => volume.source)).toEqual(['/srv/lidarr/config']);
    expect(lidarr.networks).toEqual(['default']);
    expect(lidarr.restart).toBeUndefined();

    expect(externalNetworks(model)).toEqual(['traefik_proxy']);
    expect(requiredPaths(model)).toEqual([
      `${casesDir}10-yaml-merge-keys/stacks`,
      '/mnt/media',
      '/mnt/downloads',
      '/srv/lidarr/config',
    ]);
    expect(model.errors).toEqual([]);
  });

  it('rejects two merge keys in one mapping, naming the file and both lines', async () => {
    const model = await loadCase('10-yaml-merge-keys', 'dup');
    expect(model.errors).toHaveLength(1);
    const [error] = model.errors;
    expect(error!.code).toBe('yaml');
    expect(error!.file).toMatch(/dup\/compose\.yaml$/);
    expect(error!.message).toBe('line 9: mapping key "<<" already defined at line 8');
    expect(model.services).toEqual([]);
  });
});

describe('labels written as a map with bare values', () => {
  it('keeps the text of booleans and numbers', async () => {
    const model = await loadCase('14-traefik-two-routers-two-ports', 'minio');
    const minio = service(model, 'minio');
    expect(minio.labels['traefik.enable']).toBe('true');
    expect(minio.labels['traefik.http.services.s3.loadbalancer.server.port']).toBe('9000');
    expect(minio.labels['traefik.http.services.console.loadbalancer.server.port']).toBe('9001');
    expect(minio.ports.map((port) => [port.published, port.target])).toEqual([
      [19000, 9000],
      [19001, 9001],
    ]);
  });
});
