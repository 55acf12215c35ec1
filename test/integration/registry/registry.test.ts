import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadStack } from '../../../src/main/core/compose';
import {
  RegistryClient,
  checkImageUpdate,
  checkImageUpdates,
  parseImageReference,
  serviceImages,
  type ImageReference,
} from '../../../src/main/core/registry';
import { describeLab } from '../../lab/describe-lab';
import { dockerOn, labInfo } from '../../lab/lab';

const caseStacks = fileURLToPath(
  new URL('../../fixtures/cases/16-registry-with-port/stacks', import.meta.url),
);

/** A repository of its own, so moving its tag leaves lab/app as other tests expect it. */
const MOVING_REPOSITORY = 'cf-test/moving';

function reference(text: string): ImageReference {
  const parsed = parseImageReference(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.reference;
}

function client(): RegistryClient {
  return new RegistryClient({ credentials: async () => undefined });
}

/** Returns the digest h1's engine recorded for an image pushed to or pulled from the lab registry. */
async function repoDigest(image: string): Promise<string> {
  const { stdout } = await dockerOn('h1', [
    'image',
    'inspect',
    '--format',
    '{{range .RepoDigests}}{{println .}}{{end}}',
    image,
  ]);
  const repository = image.replace(/:[^:/]+$/, '');
  const line = stdout.split('\n').find((entry) => entry.startsWith(`${repository}@`));
  if (line === undefined) throw new Error(`h1 has no digest of ${image} in:\n${stdout}`);
  return line.slice(repository.length + 1);
}

describeLab('registry client on the lab registry', () => {
  const registry = labInfo().registryAddress;
  const port = registry.split(':')[1]!;

  it('lists the tags of lab/app', async () => {
    const tags = await client().listTags(reference(`${registry}/lab/app`));
    expect([...tags].sort()).toEqual(['1.0', '1.1', '2.0']);
  });

  it('reaches the registry as localhost too', async () => {
    const tags = await client().listTags(reference(`localhost:${port}/lab/app`));
    expect(tags).toContain('1.0');
  });

  it('reads the digest docker records for a pulled image', async () => {
    const image = `${registry}/lab/app:1.1`;
    await dockerOn('h1', ['pull', '--quiet', image]);
    try {
      const digest = await client().manifestDigest(reference(image), '1.1');
      expect(digest).toBe(await repoDigest(image));
    } finally {
      await dockerOn('h1', ['rmi', image]).catch(() => undefined);
    }
  });

  it('finds the newer tags of the lab-apps stack', async () => {
    const model = await loadStack(caseStacks, 'lab-apps', { env: {} });
    const results = await checkImageUpdates(client(), serviceImages(model));

    expect(results.map((result) => result.error)).toEqual([undefined, undefined, undefined]);
    expect(Object.fromEntries(results.map((result) => [result.service, result.newerTags]))).toEqual(
      { old: ['2.0', '1.1'], middle: ['2.0'], newest: [] },
    );
  });

  describe('a tag moved by a new push', () => {
    const image = `${registry}/${MOVING_REPOSITORY}:1.0`;
    const container = 'cf-test-moving-source';
    let firstDigest = '';
    let secondDigest = '';

    beforeAll(async () => {
      const source = `${registry}/lab/app:1.0`;
      await dockerOn('h1', ['pull', '--quiet', source]);
      await dockerOn('h1', ['tag', source, image]);
      await dockerOn('h1', ['push', '--quiet', image]);
      firstDigest = await repoDigest(image);

      // A new image under the same tag: the same files with a label no earlier run had.
      await dockerOn('h1', ['rm', '-f', container]).catch(() => undefined);
      await dockerOn('h1', ['create', '--name', container, source]);
      await dockerOn('h1', [
        'commit',
        '--change',
        `LABEL cf.test.pushed=${Date.now()}`,
        container,
        image,
      ]);
      await dockerOn('h1', ['push', '--quiet', image]);
      secondDigest = await repoDigest(image);
    });

    afterAll(async () => {
      await dockerOn('h1', ['rm', '-f', container]).catch(() => undefined);
      await dockerOn('h1', ['rmi', image, `${registry}/lab/app:1.0`]).catch(() => undefined);
    });

    it('sees a tag moved by a new push', async () => {
      expect(secondDigest).not.toBe(firstDigest);
      const result = await checkImageUpdate(client(), {
        stack: 'moving',
        service: 'app',
        image,
        runningDigests: [`${registry}/${MOVING_REPOSITORY}@${firstDigest}`],
      });

      expect(result.error).toBeUndefined();
      expect(result.registryDigest).toBe(secondDigest);
      expect(result.tagMoved).toBe(true);
    });

    it('sees an unmoved tag as such', async () => {
      const result = await checkImageUpdate(client(), {
        stack: 'moving',
        service: 'app',
        image,
        runningDigests: [secondDigest],
      });
      expect(result.tagMoved).toBe(false);
    });
  });
});
