import { describe, expect, it } from 'vitest';

import { mergeComposeDocuments } from '../../../src/main/core/compose/merge';

function mergeService(base: Record<string, unknown>, override: Record<string, unknown>): unknown {
  const merged = mergeComposeDocuments(
    { services: { app: base } },
    { services: { app: override } },
  );
  return (merged['services'] as Record<string, unknown>)['app'];
}

describe('mergeComposeDocuments', () => {
  it('replaces scalars and adds new keys', () => {
    expect(
      mergeService({ image: 'a:1', restart: 'always' }, { image: 'a:2', container_name: 'x' }),
    ).toEqual({
      image: 'a:2',
      restart: 'always',
      container_name: 'x',
    });
  });

  it('adds services that only the override defines', () => {
    const merged = mergeComposeDocuments(
      { services: { web: { image: 'web' } } },
      { services: { worker: { image: 'worker' } } },
    );
    expect(Object.keys(merged['services'] as object)).toEqual(['web', 'worker']);
  });

  it.each([
    ['map over map', { a: '1', b: '2' }, { b: 'x', c: '3' }],
    ['list over map', { a: '1', b: '2' }, ['b=x', 'c=3']],
    ['map over list', ['a=1', 'b=2'], { b: 'x', c: '3' }],
    ['list over list', ['a=1', 'b=2'], ['b=x', 'c=3']],
  ])('merges labels by key, %s', (_label, base, override) => {
    expect(mergeService({ labels: base }, { labels: override })).toEqual({
      labels: { a: '1', b: 'x', c: '3' },
    });
  });

  it('merges environment by key and keeps names passed through from the shell', () => {
    expect(
      mergeService({ environment: ['TZ=UTC', 'TOKEN'] }, { environment: { TZ: 'Europe/Paris' } }),
    ).toEqual({
      environment: { TZ: 'Europe/Paris', TOKEN: null },
    });
  });

  it('splits a label on the first = only', () => {
    expect(
      mergeService({ labels: ['rule=Host(`a`) && Query(`x=1`)'] }, { labels: ['other=1'] }),
    ).toEqual({
      labels: { rule: 'Host(`a`) && Query(`x=1`)', other: '1' },
    });
  });

  it('appends ports, counting an identical mapping once', () => {
    expect(
      mergeService({ ports: ['8080:80', '443:443'] }, { ports: ['8080:80', '9090:90'] }),
    ).toEqual({
      ports: ['8080:80', '443:443', '9090:90'],
    });
  });

  it('treats the same port written in both syntaxes as one', () => {
    expect(
      mergeService({ ports: ['8080:80'] }, { ports: [{ target: 80, published: 8080 }] }),
    ).toEqual({
      ports: [{ target: 80, published: 8080 }],
    });
  });

  it('keeps ports that differ only in protocol or address', () => {
    const merged = mergeService({ ports: ['53:53'] }, { ports: ['53:53/udp', '127.0.0.1:53:53'] });
    expect(merged).toEqual({ ports: ['53:53', '53:53/udp', '127.0.0.1:53:53'] });
  });

  it('replaces a volume with the same container path and appends the others', () => {
    const merged = mergeService(
      { volumes: ['./config:/config', 'data:/data'] },
      { volumes: ['/srv/config:/config:ro', { type: 'bind', source: '/logs', target: '/logs' }] },
    );
    expect(merged).toEqual({
      volumes: [
        '/srv/config:/config:ro',
        'data:/data',
        { type: 'bind', source: '/logs', target: '/logs' },
      ],
    });
  });

  it('replaces a device with the same container path', () => {
    const merged = mergeService(
      { devices: ['/dev/a:/dev/b', '/dev/c'] },
      { devices: ['/dev/d:/dev/b'] },
    );
    expect(merged).toEqual({ devices: ['/dev/d:/dev/b', '/dev/c'] });
  });

  it('merges service networks written as a list and as a mapping', () => {
    const merged = mergeService(
      { networks: ['front'] },
      { networks: { back: { aliases: ['db'] } } },
    );
    expect(merged).toEqual({ networks: { front: null, back: { aliases: ['db'] } } });
  });

  it('replaces command and entrypoint instead of appending', () => {
    expect(mergeService({ command: ['a', 'b'] }, { command: ['c'] })).toEqual({ command: ['c'] });
  });

  it('appends other lists', () => {
    expect(mergeService({ dns: ['1.1.1.1'] }, { dns: ['8.8.8.8'] })).toEqual({
      dns: ['1.1.1.1', '8.8.8.8'],
    });
  });

  it('deep-merges top-level networks', () => {
    const merged = mergeComposeDocuments(
      { networks: { proxy: { external: true } } },
      { networks: { proxy: { name: 'traefik_proxy' } } },
    );
    expect(merged['networks']).toEqual({ proxy: { external: true, name: 'traefik_proxy' } });
  });
});
