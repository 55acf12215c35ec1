/**
 * A farm on the lab for the update, Glances and digest views: one stack running the lab
 * registry's app:1.0 on h3, `glances_stack` set, and a Glances web server for h3 only.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerOn, labInfo } from '../lab/lab';

export const APP_STACK = 'e2e-mon-app';
export const APP_HOST = 'h3';
const root = join(import.meta.dirname, '..', '..');

export function monitoringFarm(): { dir: string; image: string } {
  const info = labInfo();
  const image = `${info.registryAddress}/lab/app:1.0`;
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'cf-e2e-mon-')));
  const stacks: Record<string, string> = {
    [APP_STACK]: `services:\n  app:\n    image: ${image}\n    command: ["sleep", "3600"]\n`,
    // Only named so that glances_stack is valid; never started, and builds rather than pulls.
    glances: 'services:\n  glances:\n    build: .\n',
  };
  for (const [stack, compose] of Object.entries(stacks)) {
    mkdirSync(join(dir, 'stacks', stack), { recursive: true });
    writeFileSync(join(dir, 'stacks', stack, 'compose.yaml'), compose);
  }
  const hosts = info.hosts
    .slice(0, 3)
    .map((host) => `  ${host.name}: {address: ${host.address}, port: ${host.port}, user: root}`)
    .join('\n');
  writeFileSync(
    join(dir, 'compose-farm.yaml'),
    `compose_dir: ${join(dir, 'stacks')}\nglances_stack: glances\nhosts:\n${hosts}\n` +
      `stacks:\n  ${APP_STACK}: ${APP_HOST}\n  glances: ${APP_HOST}\n`,
  );
  return { dir, image };
}

/** Debian's Glances in web server mode on a lab host's address, reading that host's engine. */
export async function startGlances(hostName: string): Promise<ChildProcess> {
  const host = labInfo().hosts.find((candidate) => candidate.name === hostName);
  if (host === undefined) throw new Error(`The lab has no host ${hostName}`);
  const child = spawn(
    'glances',
    ['-w', '--disable-webui', '-B', host.address, '-p', '61208', '-t', '1'],
    { env: { ...process.env, DOCKER_HOST: host.dockerHost }, stdio: 'ignore' },
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `Glances for ${hostName} ended with code ${child.exitCode}: is the port in use?`,
      );
    }
    const answer = await fetch(`http://${host.address}:61208/api/3/pluginslist`).catch(
      () => undefined,
    );
    if (answer?.ok) return child;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`Glances for ${hostName} did not listen on ${host.address}:61208 in 30 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export async function hasImage(host: string, image: string): Promise<boolean> {
  return dockerOn(host, ['image', 'inspect', image]).then(
    () => true,
    () => false,
  );
}

/** Removes the stack's containers and network from its host, whatever cf down left. */
export async function removeStack(host: string, stack: string): Promise<void> {
  const ids = await dockerOn(host, [
    'ps',
    '-aq',
    '--filter',
    `label=com.docker.compose.project=${stack}`,
  ]).catch(() => ({ stdout: '' }));
  const list = ids.stdout.split('\n').filter((id) => id !== '');
  if (list.length > 0) await dockerOn(host, ['rm', '-f', ...list]).catch(() => undefined);
  await dockerOn(host, ['network', 'rm', `${stack}_default`]).catch(() => undefined);
}

/** `cf serve` in `folder` with `home` as HOME, and the address it printed. */
export async function serveIn(
  folder: string,
  home: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(root, 'bin', 'cf.js'), 'serve', '--port', '0'], {
    cwd: folder,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      USER: 'root',
      XDG_CONFIG_HOME: join(home, '.config'),
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`cf serve printed no address:\n${output}`)),
      20_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      resolve(match[0]);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cf serve ended with code ${code}:\n${output}`));
    });
  });
  return { url, stop: () => stopProcess(child) };
}
