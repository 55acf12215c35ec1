/**
 * Compares the compose model with `docker compose config`, which reads the same folders with
 * docker's own loader and needs no engine. Skipped when docker compose v2 is not installed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { loadStack, type PortMapping, type ServiceModel } from '../../src/main/core/compose';

const run = promisify(execFile);
const casesDir = fileURLToPath(new URL('../fixtures/cases/', import.meta.url));

function composeVersion(): string | null {
  try {
    return execFileSync('docker', ['compose', 'version', '--short'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

const version = composeVersion();
const hasComposeV2 = version !== null && /^v?2\./.test(version);

/** A clean environment so the shell running the tests cannot change what compose reads. */
const cleanEnvironment = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent' };

interface ComposeRun {
  readonly ok: boolean;
  readonly output: string;
}

async function composeConfig(stackDir: string): Promise<ComposeRun> {
  try {
    const { stdout } = await run('docker', ['compose', 'config', '--format', 'json'], {
      cwd: stackDir,
      env: cleanEnvironment,
    });
    return { ok: true, output: stdout };
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string };
    return { ok: false, output: `${failed.stderr ?? ''}${failed.stdout ?? ''}` };
  }
}

/** Lists the stacks of every case folder, except `empty`, where compose would climb to the parent. */
function caseStacks(): [string, string][] {
  const stacks: [string, string][] = [];
  for (const caseName of readdirSync(casesDir).sort()) {
    const stacksDir = join(casesDir, caseName, 'stacks');
    let entries;
    try {
      entries = readdirSync(stacksDir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && entry.name !== 'empty') stacks.push([caseName, entry.name]);
    }
  }
  return stacks;
}

type Json = Record<string, unknown>;

/** docker compose prints `$` as `$$` so its output can be read back; undo that. */
function unescapeDollars(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('$$', '$');
  if (Array.isArray(value)) return value.map(unescapeDollars);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, unescapeDollars(item)]),
    );
  }
  return value;
}

function composePorts(service: Json): PortMapping[] {
  const ports = (service['ports'] ?? []) as Json[];
  return ports.map((port) => {
    const published = port['published'] as string | undefined;
    const range = published?.split('-').map(Number);
    return {
      ...(port['host_ip'] ? { hostIp: port['host_ip'] as string } : {}),
      ...(range === undefined
        ? {}
        : { published: range.length === 1 ? range[0]! : { start: range[0]!, end: range[1]! } }),
      target: port['target'] as number,
      protocol: port['protocol'] as string,
    };
  });
}

function modelShape(service: ServiceModel): unknown {
  return {
    image: service.image,
    ports: service.ports,
    volumes: service.volumes.map((volume) => [
      volume.type,
      volume.source,
      volume.target,
      volume.readOnly,
    ]),
    labels: service.labels,
    environment: service.environment,
    networks: [...service.networks].sort(),
    devices: service.devices.map((device) => [device.source, device.target]),
    restart: service.restart,
    containerName: service.containerName,
  };
}

function composeShape(service: Json): unknown {
  const volumes = (service['volumes'] ?? []) as Json[];
  return {
    image: service['image'],
    ports: composePorts(service),
    volumes: volumes.map((volume) => [
      volume['type'],
      volume['source'],
      volume['target'],
      volume['read_only'] === true,
    ]),
    labels: service['labels'] ?? {},
    environment: service['environment'] ?? {},
    networks: Object.keys((service['networks'] ?? {}) as Json).sort(),
    devices: ((service['devices'] ?? []) as Json[]).map((device) => [
      device['source'],
      device['target'],
    ]),
    restart: service['restart'],
    containerName: service['container_name'],
  };
}

/** Files of a stack that uses many forms at once, beyond what the case folders cover. */
const manyForms: Record<string, string> = {
  'compose.yaml': [
    'name: Many_Forms',
    'services:',
    '  web:',
    '    image: "nginx:${NGINX_TAG:-1.27}"',
    '    container_name: web-${SUFFIX-x}',
    '    restart: always',
    '    ports:',
    '      - "8000-8001:9000-9001"',
    '      - "7000-7005:80"',
    '      - "[::1]:5353:53/UDP"',
    '      - "127.0.0.1::81"',
    '      - 82',
    '      - target: 83',
    '        published: "8383"',
    '        host_ip: 127.0.0.2',
    '        protocol: udp',
    '    volumes:',
    '      - ./config:/config:ro',
    '      - ../shared:/shared',
    '      - data:/data',
    '      - /var/cache/web',
    '      - type: bind',
    '        source: ./long',
    '        target: /long',
    '    devices:',
    '      - /dev/null:/dev/sink',
    '      - /dev/zero:/dev/zero:r',
    '    environment:',
    '      - TZ=${TZ}',
    '      - EMPTY=',
    '      - PASSED_THROUGH',
    '    labels:',
    '      - "auth=admin:$$apr1$$hash"',
    '      - "hash=$2y$05"',
    '      - "novalue"',
    '    networks:',
    '      front:',
    '        aliases: [www]',
    '      back: {}',
    '  worker:',
    '    build: .',
    '    network_mode: "service:web"',
    '    labels:',
    '      enabled: true',
    '      port: 9000',
    'networks:',
    '  front: {}',
    '  back:',
    '    external: true',
    '    name: shared_back',
    'volumes:',
    '  data: {}',
    '',
  ].join('\n'),
  'compose.override.yml': [
    'services:',
    '  web:',
    '    ports:',
    '      - "8000-8001:9000-9001"',
    '      - "6000:60"',
    '    devices:',
    '      - /dev/urandom:/dev/sink',
    '    volumes:',
    '      - /srv/config:/config',
    '    labels:',
    '      extra: "${TZ}"',
    '    environment:',
    '      TZ: Europe/Paris',
    '',
  ].join('\n'),
  '.env': ['# settings', 'export TZ=UTC # zone', 'SUFFIX=', "QUOTED='not $interpolated'", ''].join(
    '\n',
  ),
};

describe.skipIf(!hasComposeV2)(`the compose model matches docker compose ${version ?? ''}`, () => {
  it('for a stack using many forms and an override file', async () => {
    const composeDir = await mkdtemp(join(tmpdir(), 'cfd-compose-config-'));
    try {
      const stackDir = join(composeDir, 'many');
      await mkdir(stackDir);
      for (const [name, text] of Object.entries(manyForms))
        await writeFile(join(stackDir, name), text);
      await compareWithCompose(composeDir, 'many');
    } finally {
      await rm(composeDir, { recursive: true, force: true });
    }
  });

  it.each(caseStacks())('%s/%s', async (caseName, stack) => {
    await compareWithCompose(join(casesDir, caseName, 'stacks'), stack);
  });
});

async function compareWithCompose(stacksDir: string, stack: string): Promise<void> {
  {
    const [model, compose] = await Promise.all([
      loadStack(stacksDir, stack, { env: cleanEnvironment }),
      composeConfig(join(stacksDir, stack)),
    ]);

    if (!compose.ok) {
      expect(model.errors.length, `compose failed with: ${compose.output}`).toBeGreaterThan(0);
      expect(compose.output).toContain(model.errors[0]!.message.replace(/^line \d+: /, ''));
      return;
    }

    expect(model.errors).toEqual([]);
    const config = unescapeDollars(JSON.parse(compose.output)) as Json;
    expect(model.projectName).toBe(config['name']);

    const composeServices = config['services'] as Record<string, Json>;
    expect(model.services.map((service) => service.name).sort()).toEqual(
      Object.keys(composeServices).sort(),
    );
    for (const service of model.services) {
      expect(modelShape(service), `service ${service.name}`).toEqual(
        composeShape(composeServices[service.name]!),
      );
    }

    const networks = (config['networks'] ?? {}) as Record<string, Json>;
    const external = Object.values(networks)
      .filter((network) => network['external'] === true)
      .map((network) => network['name']);
    expect(
      model.networks.filter((network) => network.external).map((network) => network.name),
    ).toEqual(external);
  }
}
