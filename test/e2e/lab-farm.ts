import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerOn, labInfo } from '../lab/lab';

/** A stack that starts fast from the image every lab host has. */
const SLEEPER = 'services:\n  app:\n    image: local/busybox:1\n    command: ["sleep", "3600"]\n';

export const LAB_STACKS = ['e2e-web', 'e2e-api'] as const;

/**
 * A farm on the first three lab hosts, and a home whose SSH settings are the lab's except that
 * known_hosts is the home's own copy without `untrusted`, so that host's key starts unknown.
 */
export function labFarm(untrusted: string): { dir: string; home: string } {
  const info = labInfo();
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'cf-e2e-lab-')));
  const home = join(dir, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  const knownHosts = join(home, '.ssh', 'known_hosts');
  writeFileSync(
    join(home, '.ssh', 'config'),
    readFileSync(info.sshConfig, 'utf8').replace(
      /UserKnownHostsFile .*/,
      `UserKnownHostsFile ${knownHosts}`,
    ),
  );
  const host = info.hosts.find((candidate) => candidate.name === untrusted);
  const hidden = `[${host?.address}]:${host?.port}`;
  writeFileSync(
    knownHosts,
    readFileSync(info.knownHosts, 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith(`${hidden} `))
      .join('\n'),
  );
  for (const stack of LAB_STACKS) {
    mkdirSync(join(dir, 'stacks', stack), { recursive: true });
    writeFileSync(join(dir, 'stacks', stack, 'compose.yaml'), SLEEPER);
  }
  writeFileSync(join(dir, 'stacks', 'e2e-web', '.env'), 'GREETING=hello\n');
  writeLabConfig(dir, { 'e2e-web': 'h1', 'e2e-api': 'h2' });
  return { dir, home };
}

export function writeLabConfig(dir: string, stacks: Readonly<Record<string, string>>): void {
  const hosts = labInfo()
    .hosts.slice(0, 3)
    .map((host) => `  ${host.name}: {address: ${host.address}, port: ${host.port}, user: root}`)
    .join('\n');
  const entries = Object.entries(stacks)
    .map(([stack, host]) => `  ${stack}: ${host}`)
    .join('\n');
  writeFileSync(
    join(dir, 'compose-farm.yaml'),
    `compose_dir: ${join(dir, 'stacks')}\nhosts:\n${hosts}\nstacks:\n${entries}\n`,
  );
}

export function stateText(dir: string): string {
  try {
    return readFileSync(join(dir, 'compose-farm-state.yaml'), 'utf8');
  } catch {
    return '';
  }
}

/** The e2e projects with a running container on a lab host, asked of its engine directly. */
export async function projectsOn(host: string): Promise<string[]> {
  const result = await dockerOn(host, [
    'ps',
    '--filter',
    'label=com.docker.compose.project',
    '--format',
    '{{.Label "com.docker.compose.project"}}',
  ]);
  return [...new Set(result.stdout.split('\n').filter((line) => line.startsWith('e2e-')))].sort();
}

/** Removes every e2e container and network from the lab hosts. */
export async function cleanLab(): Promise<void> {
  for (const host of ['h1', 'h2', 'h3']) {
    for (const stack of LAB_STACKS) {
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
  }
}
