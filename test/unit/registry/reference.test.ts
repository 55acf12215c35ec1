import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import {
  familiarName,
  isLoopbackRegistry,
  parseImageReference,
  registryBaseUrl,
  type ImageReference,
} from '../../../src/main/core/registry';

const referencesFile = fileURLToPath(
  new URL('../../fixtures/cases/16-registry-with-port/references.tsv', import.meta.url),
);

function parsed(text: string): ImageReference {
  const result = parseImageReference(text);
  if (!result.ok) throw new Error(result.message);
  return result.reference;
}

/** Lists the four parts the way the table writes them: `-` for no digest. */
function parts(reference: ImageReference): string[] {
  return [reference.registry, reference.repository, reference.tag ?? '-', reference.digest ?? '-'];
}

const rows = readFileSync(referencesFile, 'utf8')
  .split('\n')
  .slice(1)
  .filter((line) => line.trim() !== '')
  .map((line) => line.split('\t'));

describe('parseImageReference', () => {
  it('reads the case table', () => {
    expect(rows.length).toBeGreaterThan(5);
  });

  it.each(rows)('splits %s', (reference, ...expected) => {
    expect(parts(parsed(reference!))).toEqual(expected);
  });

  const digest = `sha256:${'a'.repeat(64)}`;
  it.each([
    ['nginx', ['docker.io', 'library/nginx', 'latest', '-']],
    ['nginx:1.25-alpine', ['docker.io', 'library/nginx', '1.25-alpine', '-']],
    ['grafana/grafana:10.2.0', ['docker.io', 'grafana/grafana', '10.2.0', '-']],
    ['docker.io/nginx', ['docker.io', 'library/nginx', 'latest', '-']],
    ['index.docker.io/library/redis:7', ['docker.io', 'library/redis', '7', '-']],
    ['registry-1.docker.io/traefik:v3.1', ['docker.io', 'library/traefik', 'v3.1', '-']],
    ['registry.hub.docker.com/org/app', ['docker.io', 'org/app', 'latest', '-']],
    ['ghcr.io/org/team/app:2', ['ghcr.io', 'org/team/app', '2', '-']],
    [`nginx@${digest}`, ['docker.io', 'library/nginx', '-', digest]],
    [`nginx:1.25@${digest}`, ['docker.io', 'library/nginx', '1.25', digest]],
    [`localhost:5000/app:1@${digest}`, ['localhost:5000', 'app', '1', digest]],
    ['[::1]:5000/lab/app:1.0', ['[::1]:5000', 'lab/app', '1.0', '-']],
    ['Registry/app', ['Registry', 'app', 'latest', '-']],
    ['localhost:5000', ['docker.io', 'library/localhost', '5000', '-']],
  ])('splits %s', (reference, expected) => {
    expect(parts(parsed(reference))).toEqual(expected);
  });

  it.each([
    ['', 'empty'],
    ['nginx:', 'not a valid tag'],
    ['Nginx', 'not a valid repository name part'],
    ['nginx@sha256:abc', 'not a valid digest'],
    ['my_registry:5000/app', 'not a valid registry'],
  ])('rejects %j', (reference, reason) => {
    const result = parseImageReference(reference);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(reason);
  });
});

describe('names and addresses', () => {
  it('drops docker.io/library/ from familiar names', () => {
    expect(familiarName(parsed('docker.io/library/nginx:1'))).toBe('nginx:1');
    expect(familiarName(parsed('grafana/grafana'))).toBe('grafana/grafana:latest');
    expect(familiarName(parsed('localhost:5000/lab/app:1.0'))).toBe('localhost:5000/lab/app:1.0');
  });

  it.each([
    ['localhost:5000', true],
    ['127.0.0.1:5000', true],
    ['127.3.4.5', true],
    ['[::1]:5000', true],
    ['192.0.2.30:5000', false],
    ['localhost.example.com', false],
    ['registry.example.internal:5443', false],
  ])('%s is loopback: %s', (registry, loopback) => {
    expect(isLoopbackRegistry(registry)).toBe(loopback);
  });

  it('uses plain HTTP only on loopback', () => {
    expect(registryBaseUrl('localhost:5000')).toBe('http://localhost:5000');
    expect(registryBaseUrl('registry.example.internal:5443')).toBe(
      'https://registry.example.internal:5443',
    );
    expect(registryBaseUrl('docker.io')).toBe('https://registry-1.docker.io');
  });
});
