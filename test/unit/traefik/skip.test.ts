import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { parseConfigText, type Config } from '../../../src/main/core/config';
import { generateTraefikConfig, traefikSkipReason } from '../../../src/main/core/traefik';

const LABELS = `services:
  app:
    image: local/busybox:1
    ports: ["18080:80"]
    labels:
      traefik.http.routers.NAME.rule: Host(\`NAME.example.com\`)
      traefik.http.services.NAME.loadbalancer.server.port: 80
`;

function farm(): Config {
  const dir = mkdtempSync(join(tmpdir(), 'cf-traefik-skip-'));
  for (const stack of ['proxy', 'beside', 'here', 'far', 'aliased']) {
    mkdirSync(join(dir, stack));
    writeFileSync(join(dir, stack, 'compose.yaml'), LABELS.replaceAll('NAME', stack));
  }
  const text = `compose_dir: ${dir}
hosts:
  edge: 192.0.2.21
  laptop: localhost
  nas: 192.0.2.20
  alias: nas-alias
stacks:
  proxy: edge
  beside: edge
  here: laptop
  far: nas
  aliased: alias
traefik_stack: proxy
`;
  const loaded = parseConfigText(text, join(dir, 'compose-farm.yaml'));
  if (!loaded.ok) throw new Error('invalid test config');
  return loaded.config;
}

describe('which stacks go into the file', () => {
  it('skips stacks beside Traefik and on local hosts', () => {
    const config = farm();
    expect(traefikSkipReason(config, 'proxy')).toBe('traefik-host');
    expect(traefikSkipReason(config, 'beside')).toBe('traefik-host');
    expect(traefikSkipReason(config, 'here')).toBe('local-host');
    expect(traefikSkipReason(config, 'far')).toBeNull();
  });

  it('treats an alias that resolves to loopback as local', () => {
    const config = farm();
    const resolve = (host: string) => (host === 'alias' ? '127.0.0.1' : 'unused');
    expect(traefikSkipReason(config, 'aliased', resolve)).toBe('local-host');
  });

  it('routes only to the remote stack in normal mode', async () => {
    const config = farm();
    const result = await generateTraefikConfig(config, {
      stacks: [...config.stacks.keys()],
      env: {},
    });

    expect(Object.keys((result.config['http'] as { routers: object }).routers)).toEqual([
      'far',
      'aliased',
    ]);
    expect(result.skipped.map((entry) => entry.stack)).toEqual(['proxy', 'beside', 'here']);
  });

  it('checks every stack in check-all mode without resolving skipped servers', async () => {
    const config = farm();
    const result = await generateTraefikConfig(config, {
      stacks: [...config.stacks.keys()],
      checkAll: true,
      env: {},
    });
    const services = (result.config['http'] as { services: Record<string, unknown> }).services;

    expect(Object.keys(services)).toHaveLength(5);
    expect(services['here']).toEqual({ loadbalancer: { server: { port: 80 } } });
    expect(services['far']).toEqual({
      loadbalancer: { servers: [{ url: 'http://192.0.2.20:18080' }] },
    });
    expect(result.warnings).toEqual([]);
  });
});
