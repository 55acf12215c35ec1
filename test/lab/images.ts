/**
 * Images without the internet: a busybox root folder imported into every engine, and the
 * registry's lab/app tags built from it with one distinct file each.
 */
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { LabHost, LabLayout } from './layout';
import { APP_REPOSITORY, APP_TAGS, BUSYBOX_IMAGE } from './layout';
import { LAB_PATH, isListening, run, runningPid, spawnDaemon, tailOf, waitFor } from './process';

const BUSYBOX_BINARY = '/bin/busybox';
const IMAGE_CMD = 'CMD ["sh"]';

export function dockerEnv(host: LabHost): NodeJS.ProcessEnv {
  // DOCKER_CONTEXT and a config's current context must not redirect the CLI elsewhere.
  return {
    PATH: LAB_PATH,
    HOME: process.env.HOME ?? '/root',
    DOCKER_HOST: host.dockerHost,
    DOCKER_CONTEXT: 'default',
  };
}

function busyboxRoot(layout: LabLayout): string {
  return join(layout.imagesDir, 'busybox-root');
}

async function buildBusyboxRoot(layout: LabLayout): Promise<void> {
  const root = busyboxRoot(layout);
  const bin = join(root, 'bin');
  if (existsSync(join(bin, 'sh'))) return;
  for (const folder of ['bin', 'etc', 'root', 'tmp', 'var/tmp']) {
    mkdirSync(join(root, folder), { recursive: true });
  }
  await run('cp', [BUSYBOX_BINARY, join(bin, 'busybox')]);
  const { stdout } = await run(join(bin, 'busybox'), ['--list']);
  const present = new Set(readdirSync(bin));
  for (const applet of stdout.split('\n').filter(Boolean)) {
    if (!present.has(applet)) symlinkSync('busybox', join(bin, applet));
  }
  writeFileSync(
    join(root, 'etc/passwd'),
    'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n',
  );
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  await run('chmod', ['1777', join(root, 'tmp'), join(root, 'var/tmp')]);
}

/** Tars of the image folders: the busybox base, and one per app tag. */
export async function buildImageTars(layout: LabLayout): Promise<void> {
  await buildBusyboxRoot(layout);
  const root = busyboxRoot(layout);
  const busyboxTar = join(layout.imagesDir, 'busybox.tar');
  if (!existsSync(busyboxTar)) await run('tar', ['-C', root, '-cf', busyboxTar, '.']);

  for (const tag of APP_TAGS) {
    const tar = join(layout.imagesDir, `app-${tag}.tar`);
    if (existsSync(tar)) continue;
    const extra = join(layout.imagesDir, `app-${tag}`);
    mkdirSync(join(extra, 'app'), { recursive: true });
    writeFileSync(join(extra, 'app/version'), `${tag}\n`);
    await run('tar', ['-cf', tar, '-C', root, '.', '-C', extra, 'app']);
  }
}

async function hasImage(host: LabHost, image: string): Promise<boolean> {
  return run('docker', ['image', 'inspect', image], { env: dockerEnv(host) }).then(
    () => true,
    () => false,
  );
}

export async function importBusybox(layout: LabLayout, host: LabHost): Promise<void> {
  if (await hasImage(host, BUSYBOX_IMAGE)) return;
  const tar = join(layout.imagesDir, 'busybox.tar');
  await run('docker', ['import', '--change', IMAGE_CMD, tar, BUSYBOX_IMAGE], {
    env: dockerEnv(host),
  });
}

export function writeRegistryConfig(layout: LabLayout): void {
  const { registry } = layout;
  mkdirSync(registry.storage, { recursive: true });
  const config = [
    'version: 0.1',
    'log:',
    '  level: info',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${registry.storage}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${registry.address}`,
    '',
  ];
  writeFileSync(registry.config, config.join('\n'));
}

export async function startRegistry(layout: LabLayout): Promise<void> {
  const { registry } = layout;
  if (runningPid(registry.pidFile, 'docker-registry') !== undefined) return;
  const [host = '', port = ''] = registry.address.split(':');
  if (await isListening(host, Number(port))) {
    throw new Error(
      `${registry.address} is taken by a process the lab did not start (no live pid in ` +
        `${registry.pidFile}); stop it and run lab:up again.`,
    );
  }
  spawnDaemon('docker-registry', ['serve', registry.config], {
    logFile: registry.log,
    pidFile: registry.pidFile,
  });
  try {
    await waitFor(
      async () => {
        if (runningPid(registry.pidFile, 'docker-registry') === undefined) {
          throw new Error('the registry exited at start');
        }
        return isListening(host, Number(port));
      },
      `the registry on ${registry.address}`,
      15_000,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${tailOf(registry.log)}`, { cause: error });
  }
}

export async function registryTags(layout: LabLayout, repository: string): Promise<string[]> {
  const response = await fetch(`${layout.registry.url}/v2/${repository}/tags/list`);
  if (response.status === 404) return [];
  if (!response.ok) {
    throw new Error(
      `Registry ${layout.registry.url} answered ${response.status} for ${repository}`,
    );
  }
  const body = (await response.json()) as { tags?: string[] | null };
  return body.tags ?? [];
}

/** Pushes the app tags the registry lacks, through `host`, and leaves that engine clean. */
export async function fillRegistry(layout: LabLayout, host: LabHost): Promise<void> {
  const present = new Set(await registryTags(layout, APP_REPOSITORY));
  const env = dockerEnv(host);
  for (const tag of APP_TAGS) {
    if (present.has(tag)) continue;
    const reference = `${layout.registry.address}/${APP_REPOSITORY}:${tag}`;
    const tar = join(layout.imagesDir, `app-${tag}.tar`);
    await run('docker', ['import', '--change', IMAGE_CMD, tar, reference], { env });
    await run('docker', ['push', '--quiet', reference], { env });
    await run('docker', ['rmi', reference], { env });
  }
}
