import { afterAll, beforeAll, expect, it } from 'vitest';

import { DIGEST_QUERY_COMMAND, parseDigestQueryOutput } from '../../../src/main/core/digest-log';
import { describeLab } from '../../lab/describe-lab';
import { dockerOn, labInfo } from '../../lab/lab';
import { run } from '../../lab/process';
import { dockerEnv } from '../../lab/images';
import { labLayout } from '../../lab/layout';

const PROJECT = 'cf-digest-query';
const CONTAINER = `${PROJECT}-app-1`;

describeLab('digest query on a lab engine', () => {
  const image = `${labInfo().registryAddress}/lab/app:2.0`;

  beforeAll(async () => {
    await dockerOn('h1', ['rm', '-f', CONTAINER]).catch(() => undefined);
    await dockerOn('h1', ['pull', '--quiet', image]);
    await dockerOn('h1', [
      'run',
      '-d',
      '--name',
      CONTAINER,
      '--label',
      `com.docker.compose.project=${PROJECT}`,
      image,
      'sleep',
      '600',
    ]);
  });

  afterAll(async () => {
    await dockerOn('h1', ['rm', '-f', CONTAINER]).catch(() => undefined);
    await dockerOn('h1', ['rmi', image]).catch(() => undefined);
  });

  it('finds the digest the engine pulled the image by', async () => {
    const h1 = labLayout().hosts[0]!;
    const { stdout } = await run('sh', ['-c', DIGEST_QUERY_COMMAND], { env: dockerEnv(h1) });
    const { stdout: repoDigests } = await dockerOn('h1', [
      'image',
      'inspect',
      '--format',
      '{{index .RepoDigests 0}}',
      image,
    ]);

    const observed = parseDigestQueryOutput(stdout, new Map([[PROJECT, 'digest-stack']]));
    expect(observed).toEqual([
      { stack: 'digest-stack', image, digest: repoDigests.trim().split('@')[1] },
    ]);
  });
});
