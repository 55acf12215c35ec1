import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { PortMapping, ServiceModel, StackModel } from '../../../src/main/core/compose';
import {
  buildTraefikConfig,
  formatTraefikWarning,
  renderTraefikYaml,
  routedUrls,
  routingLabels,
  writeTraefikFile,
  type TraefikStackInput,
} from '../../../src/main/core/traefik';
import { dynamicConfigProblems } from './dynamic-structure';

function service(
  name: string,
  labels: Record<string, string>,
  ports: PortMapping[] = [],
  extra: Partial<ServiceModel> = {},
): ServiceModel {
  return {
    name,
    build: false,
    ports,
    volumes: [],
    devices: [],
    labels,
    environment: {},
    networks: ['default'],
    profiles: [],
    ...extra,
  };
}

function stack(name: string, services: ServiceModel[], resolveUpstreams = true): TraefikStackInput {
  const model: StackModel = {
    stack: name,
    stackDir: `/opt/compose/${name}`,
    composeDir: '/opt/compose',
    composeFiles: [`/opt/compose/${name}/compose.yaml`],
    projectName: name,
    services,
    networks: [],
    warnings: [],
    errors: [],
  };
  return { model, address: '192.0.2.20', resolveUpstreams };
}

const port = (published: number, target: number, protocol = 'tcp'): PortMapping => ({
  published,
  target,
  protocol,
});

function build(...inputs: TraefikStackInput[]) {
  const result = buildTraefikConfig(inputs);
  return { ...result, lines: result.warnings.map(formatTraefikWarning) };
}

describe('routingLabels', () => {
  it('types values: booleans, integers, lists, text', () => {
    const labels = routingLabels({
      'traefik.enable': 'true',
      'traefik.docker.network': 'proxy',
      'traefik.http.routers.web.entrypoints': 'web, websecure,',
      'traefik.http.routers.web.priority': '10',
      'traefik.http.routers.web.tls': 'TRUE',
      'traefik.http.middlewares.h.headers.customrequestheaders.X-Id': '0755',
      'traefik.http.middlewares.h.headers.customrequestheaders.X-Big': '123456789012345678901',
      'other.label': 'x',
    });
    expect(labels.map((label) => [label.path, label.value])).toEqual([
      [
        ['http', 'routers', 'web', 'entrypoints'],
        ['web', 'websecure'],
      ],
      [['http', 'routers', 'web', 'priority'], 10],
      [['http', 'routers', 'web', 'tls'], true],
      [['http', 'middlewares', 'h', 'headers', 'customrequestheaders', 'X-Id'], '0755'],
      [
        ['http', 'middlewares', 'h', 'headers', 'customrequestheaders', 'X-Big'],
        '123456789012345678901',
      ],
    ]);
  });

  it('reads list indexes and keeps the spelling of names', () => {
    const labels = routingLabels({
      'traefik.http.routers.Web.tls.domains[1].main': 'example.com',
      'traefik.http.routers.Web.tls.domains[1].sans': '*.example.com,www.example.com',
    });
    expect(labels[0]!.path).toEqual([
      'http',
      'routers',
      'Web',
      'tls',
      { list: 'domains', index: 1 },
      'main',
    ]);
  });
});

describe('buildTraefikConfig', () => {
  it('builds lists of mappings from indexed labels, filling the gaps', () => {
    const { config } = build(
      stack('web', [
        service(
          'app',
          {
            'traefik.http.routers.web.rule': 'Host(`a.example.com`)',
            'traefik.http.routers.web.tls': 'true',
            'traefik.http.routers.web.tls.certresolver': 'le',
            'traefik.http.routers.web.tls.domains[1].main': 'example.com',
            'traefik.http.routers.web.tls.domains[1].sans': '*.example.com',
            'traefik.http.services.web.loadBalancer.server.port': '80',
          },
          [port(8080, 80)],
        ),
      ]),
    );
    expect(config).toEqual({
      http: {
        routers: {
          web: {
            rule: 'Host(`a.example.com`)',
            tls: {
              certresolver: 'le',
              domains: [{}, { main: 'example.com', sans: ['*.example.com'] }],
            },
            service: 'web',
          },
        },
        services: { web: { loadbalancer: { servers: [{ url: 'http://192.0.2.20:8080' }] } } },
      },
    });
  });

  it('skips a service switched off with traefik.enable=false', () => {
    const { config } = build(
      stack('s', [service('a', { 'traefik.enable': 'False', 'traefik.http.routers.a.rule': 'x' })]),
    );
    expect(config).toEqual({});
  });

  it('keeps the scheme label and other load balancer settings', () => {
    const { config, warnings } = build(
      stack('s', [
        service(
          'a',
          {
            'traefik.http.routers.a.rule': 'Host(`a`)',
            'traefik.http.services.a.loadbalancer.server.port': '443',
            'traefik.http.services.a.loadbalancer.server.scheme': 'https',
            'traefik.http.services.a.loadbalancer.passhostheader': 'false',
          },
          [port(8443, 443)],
        ),
      ]),
    );
    expect(config['http']).toMatchObject({
      services: {
        a: {
          loadbalancer: { passhostheader: false, servers: [{ url: 'https://192.0.2.20:8443' }] },
        },
      },
    });
    expect(warnings).toEqual([]);
  });

  it('takes the ports of the service whose network a container shares', () => {
    const { config } = build(
      stack('vpn', [
        service('gluetun', {}, [port(18080, 8080)]),
        service(
          'client',
          {
            'traefik.http.routers.client.rule': 'Host(`c`)',
            'traefik.http.services.client.loadbalancer.server.port': '8080',
          },
          [],
          { networkMode: 'service:gluetun' },
        ),
      ]),
    );
    expect(JSON.stringify(config)).toContain('http://192.0.2.20:18080');
  });

  it('warns, naming stack, service and router, when a router has no service', () => {
    const { lines, warnings } = build(
      stack('s', [service('app', { 'traefik.http.routers.r.rule': 'Host(`r`)' }, [port(1, 2)])]),
    );
    expect(warnings[0]).toMatchObject({ stack: 's', service: 'app', router: 'r' });
    expect(lines[0]).toContain("[s/app] Router 'r' has no service");
    expect(lines[0]).toContain('traefik.http.services.r.loadbalancer.server.port=');
  });

  it('asks which service when a container defines several and the router names none', () => {
    const { lines } = build(
      stack('s', [
        service(
          'app',
          {
            'traefik.http.routers.r.rule': 'Host(`r`)',
            'traefik.http.services.one.loadbalancer.server.port': '1',
            'traefik.http.services.two.loadbalancer.server.port': '2',
          },
          [port(11, 1), port(12, 2)],
        ),
      ]),
    );
    expect(lines).toEqual([
      "[s/app] Router 'r' has no service and this container defines several (one, two): add traefik.http.routers.r.service naming one of them.",
    ]);
  });

  it.each([
    [
      'no published port',
      [] as PortMapping[],
      '80',
      "No published port found for Traefik service 'a': add a ports: mapping (e.g. '8080:8080') for cross-host routing.",
      undefined,
    ],
    [
      'several published ports and no port label',
      [port(1080, 80), port(1443, 443)],
      undefined,
      "Multiple published ports found (1080, 1443) for Traefik service 'a' but no loadbalancer.server.port label to disambiguate: add traefik.http.services.a.loadbalancer.server.port=<container port>.",
      undefined,
    ],
    [
      'the only published port for another container port',
      [port(1080, 81)],
      '80',
      "No published port matches container port 80 for Traefik service 'a', using 1080 (container port 81): publish 80 or correct traefik.http.services.a.loadbalancer.server.port.",
      'http://192.0.2.20:1080',
    ],
    [
      'several ports, none for the container port',
      [port(1081, 81), port(1082, 82)],
      '80',
      "No published port matches container port 80 for Traefik service 'a' (published: 1081, 1082): add a ports: mapping such as '80:80' or correct traefik.http.services.a.loadbalancer.server.port.",
      undefined,
    ],
  ])('warns about %s', (_name, ports, labelPort, message, url) => {
    const labels: Record<string, string> = {
      'traefik.http.routers.a.rule': 'Host(`a`)',
      'traefik.http.services.a.loadbalancer.passhostheader': 'true',
    };
    if (labelPort !== undefined)
      labels['traefik.http.services.a.loadbalancer.server.port'] = labelPort;
    const { warnings, config } = build(stack('s', [service('app', labels, ports)]));

    expect(warnings).toEqual([{ stack: 's', service: 'app', traefikService: 'a', message }]);
    const servers = url === undefined ? undefined : [{ url }];
    expect((config['http'] as { services: unknown }).services).toEqual({
      a: { loadbalancer: { passhostheader: true, ...(servers ? { servers } : {}) } },
    });
  });

  it('warns when the published port is bound to loopback', () => {
    const { lines } = build(
      stack('s', [
        service('a', { 'traefik.http.services.a.loadbalancer.server.port': '80' }, [
          { hostIp: '127.0.0.1', published: 8080, target: 80, protocol: 'tcp' },
        ]),
      ]),
    );
    expect(lines[0]).toContain('bound to 127.0.0.1');
  });

  it('gives TCP and UDP services address servers with the matching protocol', () => {
    const { config, warnings } = build(
      stack('db', [
        service(
          'postgres',
          {
            'traefik.tcp.routers.pg.rule': 'HostSNI(`*`)',
            'traefik.tcp.routers.pg.entrypoints': 'postgres',
            'traefik.tcp.services.pg.loadbalancer.server.port': '5432',
            'traefik.udp.routers.dns.entrypoints': 'dns',
            'traefik.udp.services.dns.loadbalancer.server.port': '53',
          },
          [port(15432, 5432), port(1053, 53, 'tcp'), port(1153, 53, 'udp')],
        ),
      ]),
    );
    expect(config).toEqual({
      tcp: {
        routers: { pg: { rule: 'HostSNI(`*`)', entrypoints: ['postgres'], service: 'pg' } },
        services: { pg: { loadbalancer: { servers: [{ address: '192.0.2.20:15432' }] } } },
      },
      udp: {
        routers: { dns: { entrypoints: ['dns'], service: 'dns' } },
        services: { dns: { loadbalancer: { servers: [{ address: '192.0.2.20:1153' }] } } },
      },
    });
    expect(warnings).toEqual([]);
    expect(dynamicConfigProblems(config)).toEqual([]);
  });

  it('keeps the first definition of a name two containers use', () => {
    const labels = (rule: string) => ({
      'traefik.http.routers.web.rule': rule,
      'traefik.http.services.web.loadbalancer.server.port': '80',
    });
    const { config, lines } = build(
      stack('one', [service('a', labels('Host(`one`)'), [port(1080, 80)])]),
      stack('two', [service('b', labels('Host(`two`)'), [port(2080, 80)])]),
    );
    expect(JSON.stringify(config)).toContain('Host(`one`)');
    expect(JSON.stringify(config)).not.toContain('Host(`two`)');
    expect(lines).toContain(
      '[two/b] http.routers.web is also defined by one/a; that definition is kept and this one is left out: give one of them another name.',
    );
  });

  it('leaves servers alone for a stack Traefik sees itself', () => {
    const { config, warnings } = build(
      stack(
        'local',
        [
          service('a', {
            'traefik.http.routers.a.rule': 'Host(`a`)',
            'traefik.http.services.a.loadbalancer.server.port': '80',
          }),
        ],
        false,
      ),
    );
    expect(warnings).toEqual([]);
    expect(config['http']).toMatchObject({
      services: { a: { loadbalancer: { server: { port: 80 } } } },
    });
  });
});

describe('rendering and writing', () => {
  it('writes {} for an empty configuration, after the header', () => {
    const text = renderTraefikYaml({}, '/etc/traefik/dynamic/farm.yml');
    expect(text).toMatch(/^# /);
    expect(text).toContain('cf traefik-file --all -o /etc/traefik/dynamic/farm.yml');
    expect(text.endsWith('\n{}\n')).toBe(true);
  });

  it('writes only when the content changed, creating folders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-traefik-write-'));
    const path = join(dir, 'nested', 'farm.yml');

    expect(await writeTraefikFile(path, 'a: 1\n')).toBe(true);
    const first = statSync(path).mtimeMs;
    expect(await writeTraefikFile(path, 'a: 1\n')).toBe(false);
    expect(statSync(path).mtimeMs).toBe(first);
    expect(await writeTraefikFile(path, 'a: 2\n')).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('a: 2\n');
  });

  it('names the file when it cannot be written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-traefik-write-'));
    writeFileSync(join(dir, 'file'), '');
    await expect(writeTraefikFile(join(dir, 'file', 'farm.yml'), 'x')).rejects.toThrow(
      /Cannot write the Traefik file .*file\/farm\.yml/,
    );
  });
});

describe('routedUrls', () => {
  it('lists Host() names, https for websecure routers', () => {
    expect(
      routedUrls({
        http: {
          routers: {
            a: { rule: 'Host(`a.example.com`) || Host(`b.example.com`)', entrypoints: ['web'] },
            b: { rule: 'Host(`a.example.com`) && PathPrefix(`/x`)', entrypoints: ['websecure'] },
          },
        },
      }),
    ).toEqual(['http://b.example.com', 'https://a.example.com']);
  });
});
