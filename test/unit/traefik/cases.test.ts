import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import {
  formatTraefikWarning,
  generateTraefikConfig,
  renderTraefikYaml,
  type GenerateTraefikResult,
} from '../../../src/main/core/traefik';
import { copyCase } from './cases';
import { dynamicConfigProblems } from './dynamic-structure';

/** Generates with an empty environment, so the shell running the tests cannot leak in. */
async function generate(
  caseName: string,
  stacks?: readonly string[],
  hostAddress?: (host: string) => string,
): Promise<GenerateTraefikResult> {
  const copied = await copyCase(caseName);
  const result = await generateTraefikConfig(copied.config, {
    stacks: stacks ?? [...copied.config.stacks.keys()],
    env: {},
    ...(hostAddress ? { hostAddress } : {}),
  });
  expect(dynamicConfigProblems(result.config)).toEqual([]);
  // What Traefik reads back from the file must be what was generated.
  expect(parse(renderTraefikYaml(result.config))).toEqual(result.config);
  return result;
}

function messages(result: GenerateTraefikResult): string[] {
  return result.warnings.map(formatTraefikWarning);
}

describe('Traefik labels of the cases', () => {
  it('keeps each $ of a basic-auth hash written as $$', async () => {
    const result = await generate('13-traefik-basicauth-dollars');
    const hash = 'admin:$apr1$Qm9vZ3Vz$8zLc1rWq0mYtH5eXbN2aP/';

    expect(result.config).toEqual({
      http: {
        routers: {
          whoami: {
            rule: 'Host(`whoami.example.com`)',
            middlewares: ['whoami-auth'],
            service: 'whoami',
          },
        },
        middlewares: { 'whoami-auth': { basicauth: { users: [hash] } } },
        services: { whoami: { loadbalancer: { servers: [{ url: 'http://192.0.2.20:18082' }] } } },
      },
    });
    expect(result.skipped).toEqual([{ stack: 'traefik', reason: 'traefik-host' }]);
    expect(result.warnings).toEqual([]);
    expect(renderTraefikYaml(result.config)).toContain(hash);
    expect(renderTraefikYaml(result.config)).not.toContain('$$');
  });

  it('gives each of two Traefik services the port published for its container port', async () => {
    const copied = await copyCase('14-traefik-two-routers-two-ports');
    const expected: unknown = parse(
      readFileSync(join(copied.dir, 'expected-traefik.yaml'), 'utf8'),
    );
    const result = await generate('14-traefik-two-routers-two-ports');

    expect(result.config).toEqual(expected);
    expect(result.warnings).toEqual([]);
  });

  it('resolves nested defaults in rules', async () => {
    const result = await generate('01-nested-defaults');

    expect(result.config).toEqual({
      http: {
        routers: { photos: { rule: 'Host(`photos.example.com`)', service: 'photos' } },
        services: { photos: { loadbalancer: { servers: [{ url: 'http://192.0.2.20:18081' }] } } },
      },
    });
    expect(result.warnings).toEqual([]);
  });

  it('reads a port whose host IP comes from a required variable', async () => {
    const result = await generate('03-required-var-in-ports');
    const http = result.config['http'] as Record<string, Record<string, unknown>>;

    expect(http['services']).toEqual({
      'pw-set': { loadbalancer: { servers: [{ url: 'http://192.0.2.20:18222' }] } },
      'pw-unset': { loadbalancer: { servers: [{ url: 'http://192.0.2.20:18222' }] } },
    });
    expect(result.warnings.filter((warning) => warning.stack === 'pw-set')).toEqual([]);
    const unset = result.warnings.filter((warning) => warning.stack === 'pw-unset');
    expect(unset.map((warning) => warning.message).join('\n')).toContain(
      'required variable LAN_IP is missing a value: set LAN_IP in .env',
    );
    expect(JSON.stringify(result.config)).not.toContain('set LAN_IP');
  });

  it('reads the compose file docker compose would pick', async () => {
    const result = await generate('07-compose-file-precedence', ['both', 'legacy', 'short']);
    const http = result.config['http'] as Record<string, Record<string, Record<string, unknown>>>;

    expect(http['routers']!['both']!['rule']).toBe('Host(`both-compose-yaml.example.com`)');
    expect(http['routers']!['legacy']!['rule']).toBe(
      'Host(`legacy-docker-compose-yml.example.com`)',
    );
    expect(http['routers']!['short']!['rule']).toBe('Host(`short-compose-yml.example.com`)');
    expect(http['services']).toEqual({
      both: { loadbalancer: { servers: [{ url: 'http://192.0.2.20:18101' }] } },
      legacy: { loadbalancer: { servers: [{ url: 'http://192.0.2.20:18104' }] } },
      short: { loadbalancer: { servers: [{ url: 'http://192.0.2.20:18105' }] } },
    });
    for (const stack of ['both', 'legacy', 'short']) {
      expect(messages(result).some((line) => line.startsWith(`[${stack}]`))).toBe(true);
    }
    expect(JSON.stringify(result.config)).not.toContain('18100');
  });

  it('fails a stack without compose file', async () => {
    const result = await generate('07-compose-file-precedence');

    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.stack).toBe('empty');
    expect(result.errors[0]!.message).toContain('no compose file');
    expect(JSON.stringify(result.config)).not.toContain('stray-parent');
  });

  it('merges the override file’s labels', async () => {
    const result = await generate('08-override-file-merged');

    expect(result.config).toEqual({
      http: {
        routers: {
          chat: { rule: 'Host(`chat.example.com`)', entrypoints: ['websecure'], service: 'chat' },
        },
        services: { chat: { loadbalancer: { servers: [{ url: 'http://192.0.2.20:18065' }] } } },
      },
    });
    expect(result.warnings).toEqual([]);
  });

  it('uses the address the host resolver gives, not the SSH alias', async () => {
    const addresses: Record<string, string> = { nas: '127.0.0.11', edge: '127.0.0.12' };
    const result = await generate('19-ssh-config-alias', undefined, (host) => addresses[host]!);
    const http = result.config['http'] as Record<string, unknown>;

    expect(http['services']).toEqual({
      hello: { loadbalancer: { servers: [{ url: 'http://127.0.0.11:18090' }] } },
      'edge-hello': { loadbalancer: { servers: [{ url: 'http://127.0.0.12:18091' }] } },
    });
    expect(JSON.stringify(result.config)).not.toContain('nas-lab');
  });
});
