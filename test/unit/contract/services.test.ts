import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/services';
import { createAppServices, silentLogger } from '../../../src/main/services';

const DUPLICATE_STACK = `compose_dir: /opt/compose
hosts:
  nas: 192.0.2.20
  nuc: 192.0.2.21
stacks:
  jellyfin: nas
  immich: nas
  paperless: nuc
  jellyfin: nuc
`;

let folder: string;
let services: AppServices | undefined;

function start(explicitConfigPath?: string): AppServices {
  services = createAppServices({
    explicitConfigPath,
    cwd: folder,
    env: { XDG_CONFIG_HOME: join(folder, 'xdg') },
    home: folder,
    log: silentLogger,
  });
  return services;
}

async function call(app: AppServices, name: string, payload: unknown = {}) {
  return app.dispatcher.dispatch('test', name, { requestId: 'r', payload });
}

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'cf-services-'));
});

afterEach(() => {
  services?.dispose();
  services = undefined;
  rmSync(folder, { recursive: true, force: true });
});

describe('app services', () => {
  it('lists hosts and stacks from the config and the state file', async () => {
    const composeDir = join(folder, 'stacks');
    mkdirSync(join(composeDir, 'web'), { recursive: true });
    writeFileSync(
      join(composeDir, 'web', 'compose.yaml'),
      'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n',
    );
    writeFileSync(
      join(folder, 'compose-farm.yaml'),
      `compose_dir: ${composeDir}\nhosts:\n  h1: 127.0.0.11\n  h2: {address: 127.0.0.12, user: root, port: 2222}\nstacks:\n  web: h1\n  db: h2\n  mon: all\n`,
    );
    writeFileSync(join(folder, 'compose-farm-state.yaml'), 'deployed:\n  web: h2\n  old: h1\n');
    const app = start();

    expect(await call(app, 'hosts.list')).toEqual({
      ok: true,
      value: {
        hosts: [
          {
            name: 'h1',
            address: '127.0.0.11',
            user: null,
            port: null,
            configuredStacks: ['web', 'mon'],
            deployedStacks: ['old'],
          },
          {
            name: 'h2',
            address: '127.0.0.12',
            user: 'root',
            port: 2222,
            configuredStacks: ['db', 'mon'],
            deployedStacks: ['web'],
          },
        ],
      },
    });

    const stacks = await call(app, 'stacks.list');
    expect(stacks).toMatchObject({
      ok: true,
      value: {
        stacks: [
          { name: 'web', placement: 'needs-migration', deployedHosts: ['h2'] },
          { name: 'db', placement: 'not-deployed' },
          { name: 'mon', form: 'all', configuredHosts: ['h1', 'h2'] },
        ],
        orphans: [{ name: 'old', hosts: ['h1'] }],
      },
    });

    const web = await call(app, 'stacks.get', { name: 'web' });
    expect(web).toMatchObject({
      ok: true,
      value: { services: [{ name: 'web', image: 'nginx:1.27', ports: ['8080:80/tcp'] }] },
    });
    expect(await call(app, 'stacks.get', { name: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'stack-not-found', stack: 'nope' },
    });
  });

  it('reports a duplicate stack key as problems, and refuses to list stacks', async () => {
    writeFileSync(join(folder, 'compose-farm.yaml'), DUPLICATE_STACK);
    const app = start();

    const current = await call(app, 'config.current');
    expect(current.ok).toBe(true);
    if (!current.ok) return;
    expect(current.value).toMatchObject({ status: 'invalid' });
    const text = JSON.stringify(current.value);
    expect(text).toContain('jellyfin');
    expect(text).toContain('"line":9');

    expect(await call(app, 'stacks.list')).toMatchObject({
      ok: false,
      error: { code: 'config-invalid' },
    });
  });

  it('reports a missing config with where it looked, then creates one', async () => {
    const app = start();
    const current = await call(app, 'config.current');
    expect(current).toMatchObject({
      ok: true,
      value: {
        status: 'missing',
        suggestedPath: join(folder, 'xdg', 'compose-farm', 'compose-farm.yaml'),
      },
    });

    const target = join(folder, 'xdg', 'compose-farm', 'compose-farm.yaml');
    const changes: unknown[] = [];
    app.events.subscribe((event) => changes.push(event));
    expect(await call(app, 'config.create', { path: target })).toEqual({
      ok: true,
      value: { path: target },
    });
    expect(changes).toEqual([{ event: 'config.changed', payload: { path: target } }]);
    expect(await call(app, 'config.current')).toMatchObject({
      ok: true,
      value: { status: 'loaded', path: target },
    });
    expect(await call(app, 'config.create', { path: target })).toMatchObject({
      ok: false,
      error: { code: 'file-exists' },
    });
  });

  it('rejects config paths outside the searched places', async () => {
    const app = start();
    const outside = join(folder, 'elsewhere', 'compose-farm.yaml');
    mkdirSync(join(folder, 'elsewhere'));
    writeFileSync(outside, 'compose_dir: /opt\nstacks: {}\n');
    writeFileSync(join(folder, 'notes.yaml'), 'secret-line: keep\n');

    for (const name of ['config.use', 'config.create']) {
      const answer = await call(app, name, { path: outside, overwrite: true });
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(await call(app, 'config.use', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(await call(app, 'config.create', { path: join(folder, 'notes.yaml') })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(readFileSync(join(folder, 'notes.yaml'), 'utf8')).toBe('secret-line: keep\n');
    expect(readFileSync(outside, 'utf8')).toContain('compose_dir');
  });

  it('keeps the content of a text file out of problems', async () => {
    writeFileSync(join(folder, 'compose-farm.yaml'), 'root:x:0:0:root:/root:/bin/bash\n');
    const app = start();
    const current = await call(app, 'config.current');
    expect(current).toMatchObject({ ok: true, value: { status: 'invalid' } });
    expect(JSON.stringify(current)).not.toContain('/bin/bash');
  });

  it('announces a change of the state file', async () => {
    writeFileSync(
      join(folder, 'compose-farm.yaml'),
      'hosts:\n  h1: 127.0.0.11\nstacks:\n  web: h1\n',
    );
    const app = start();
    await call(app, 'config.current');
    const announced = new Promise((resolve) => app.events.subscribe(resolve));
    writeFileSync(join(folder, 'compose-farm-state.yaml'), 'deployed:\n  web: h1\n');
    expect(await announced).toEqual({
      event: 'stacks.stateChanged',
      payload: { path: join(folder, 'compose-farm-state.yaml') },
    });
  });
});
