import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { runCf } from '../../support/run-cli';
import { startFakeRegistry, type FakeRegistry } from './fake-registry';

const DOCKER_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const DIGEST = `sha256:${'a'.repeat(64)}`;

let fake: FakeRegistry | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function farm(): Promise<string> {
  fake = await startFakeRegistry({
    tags: { 'lab/app': ['1.0', '1.1', '2.0'] },
    manifests: {
      'lab/app:1.0': { mediaType: DOCKER_V2, digest: DIGEST },
      'lab/app:2.0': { mediaType: DOCKER_V2, digest: DIGEST },
    },
  });
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'cf-updates-')));
  mkdirSync(join(dir, 'stacks', 'apps'), { recursive: true });
  writeFileSync(
    join(dir, 'stacks', 'apps', 'compose.yaml'),
    `services:
  old:
    image: localhost:${fake.port}/lab/app:1.0
  newest:
    image: ${fake.address}/lab/app:2.0
  built:
    build: .
`,
  );
  writeFileSync(
    join(dir, 'compose-farm.yaml'),
    `compose_dir: ${dir}/stacks\nhosts:\n  nas: 192.0.2.20\nstacks:\n  apps: nas\n`,
  );
  return dir;
}

describe('cf updates', () => {
  it('prints newer tags per service', async () => {
    const dir = await farm();
    const run = await runCf(['updates'], { cwd: dir });

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Stack\s+Service\s+Image\s+Newer tags$/);
    expect(lines[1]).toMatch(/^apps\s+old\s+localhost:\d+\/lab\/app:1\.0\s+2\.0, 1\.1$/);
    expect(lines[2]).toMatch(/^apps\s+newest\s+127\.0\.0\.1:\d+\/lab\/app:2\.0\s+up to date$/);
  });

  it('prints JSON', async () => {
    const dir = await farm();
    const run = await runCf(['updates', 'apps', '--json'], { cwd: dir });

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        stack: 'apps',
        service: 'old',
        image: `localhost:${fake!.port}/lab/app:1.0`,
        newerTags: ['2.0', '1.1'],
        registryDigest: DIGEST,
        tagMoved: null,
        error: null,
      },
      {
        stack: 'apps',
        service: 'newest',
        image: `${fake!.address}/lab/app:2.0`,
        newerTags: [],
        registryDigest: DIGEST,
        tagMoved: null,
        error: null,
      },
    ]);
  });

  it('fails naming the registry it could not reach', async () => {
    const dir = await farm();
    await fake!.close();
    fake = undefined;
    const run = await runCf(['updates', '--all'], { cwd: dir });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /\[apps\/old\] localhost:\d+\/lab\/app:1\.0: Registry localhost:\d+ is unreachable/,
    );
  });
});
