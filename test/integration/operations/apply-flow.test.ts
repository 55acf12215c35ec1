import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeLab } from '../../lab/describe-lab';
import { dockerOn, labInfo, startSshd, stopSshd } from '../../lab/lab';
import { cf, labHome } from '../../support/cf-process';

const SLEEPER = 'services:\n  app:\n    image: local/busybox:1\n    command: ["sleep", "3600"]\n';
const NETWORK = 'af_proxy';

let dir: string;
let home: string;

function writeConfig(stacks: string): void {
  const hosts = labInfo()
    .hosts.slice(0, 3)
    .map((host) => `  ${host.name}: {address: ${host.address}, port: ${host.port}, user: root}`)
    .join('\n');
  writeFileSync(
    join(dir, 'compose-farm.yaml'),
    `compose_dir: ${join(dir, 'stacks')}\nhosts:\n${hosts}\nstacks:\n${stacks}`,
  );
}

function run(...args: string[]) {
  return cf(args, { cwd: dir, home });
}

function stateText(): string {
  try {
    return readFileSync(join(dir, 'compose-farm-state.yaml'), 'utf8');
  } catch {
    return '';
  }
}

/** Compose projects with a running container on a lab host, asked of its engine directly. */
async function projectsOn(host: string): Promise<string[]> {
  const result = await dockerOn(host, [
    'ps',
    '--filter',
    'label=com.docker.compose.project',
    '--format',
    '{{.Label "com.docker.compose.project"}}',
  ]);
  return [...new Set(result.stdout.split('\n').filter((line) => line.startsWith('af-')))].sort();
}

async function placement(): Promise<Record<string, string[]>> {
  return {
    h1: await projectsOn('h1'),
    h2: await projectsOn('h2'),
    h3: await projectsOn('h3'),
  };
}

describeLab('apply on the lab, step by step', () => {
  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'cf-apply-')));
    home = labHome(labInfo().sshConfig);
    for (const stack of ['af-web', 'af-list', 'af-all']) {
      mkdirSync(join(dir, 'stacks', stack), { recursive: true });
      writeFileSync(join(dir, 'stacks', stack, 'compose.yaml'), SLEEPER);
    }
    mkdirSync(join(dir, 'stacks', 'af-net'), { recursive: true });
    writeFileSync(
      join(dir, 'stacks', 'af-net', 'compose.yaml'),
      `${SLEEPER}    networks: [proxy]\nnetworks:\n  proxy:\n    external: true\n    name: ${NETWORK}\n`,
    );
    writeConfig('  af-web: h1\n  af-list: [h2, h3]\n  af-all: all\n  af-net: h2\n');
  });

  afterAll(async () => {
    await startSshd('h3');
    await run('down', '--all');
    await dockerOn('h2', ['network', 'rm', NETWORK]).catch(() => undefined);
  });

  it('previews the starts and what would fail', async () => {
    const result = await run('apply', '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stacks to start (4):');
    expect(result.stdout).toContain('  af-all on h1, h2, h3');
    expect(result.stderr).toContain('af-net will not start on h2:');
    expect(result.stderr).toContain(`missing network: ${NETWORK}`);
    expect(await placement()).toEqual({ h1: [], h2: [], h3: [] });
  });

  it('starts every stack except one whose network is missing', async () => {
    const result = await run('apply');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[af-net] Cannot start on h2:');
    expect(result.stderr).toContain(`missing network: ${NETWORK}`);
    expect(result.stderr).toContain(`cf init-network h2 --network ${NETWORK}`);
    expect(await placement()).toEqual({
      h1: ['af-all', 'af-web'],
      h2: ['af-all', 'af-list'],
      h3: ['af-all', 'af-list'],
    });
    expect(stateText()).toBe(
      'deployed:\n  af-all:\n  - h1\n  - h2\n  - h3\n  af-list:\n  - h2\n  - h3\n  af-web: h1\n',
    );
  });

  it('starts the stack once its network exists', async () => {
    const network = await run(
      'init-network',
      'h2',
      '--network',
      NETWORK,
      '--subnet',
      '172.31.250.0/24',
      '--gateway',
      '172.31.250.1',
    );
    expect(network.code).toBe(0);
    expect(network.stdout).toContain(`Created network '${NETWORK}'`);

    const result = await run('apply');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stacks to start (1):');
    expect((await placement()).h2).toEqual(['af-all', 'af-list', 'af-net']);
    expect(stateText()).toContain('af-net: h2');
  });

  it('previews a move and an orphan without changing anything', async () => {
    writeConfig('  af-web: h2\n  af-all: all\n  af-net: h2\n');
    const before = await placement();
    const state = stateText();

    const result = await run('apply', '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stacks to migrate (1):\n  af-web: h1 → h2');
    expect(result.stdout).toContain('Orphaned stacks to stop (1):\n  af-list on h2, h3');
    expect(result.stdout).not.toContain('Stray stacks');
    expect(result.stdout).toContain('(dry-run: no changes made)');
    expect(await placement()).toEqual(before);
    expect(stateText()).toBe(state);
  });

  it('carries out the move and stops the orphan', async () => {
    const result = await run('apply');
    expect(result.code).toBe(0);
    expect(await placement()).toEqual({
      h1: ['af-all'],
      h2: ['af-all', 'af-net', 'af-web'],
      h3: ['af-all'],
    });
    expect(stateText()).toBe(
      'deployed:\n  af-all:\n  - h1\n  - h2\n  - h3\n  af-net: h2\n  af-web: h2\n',
    );
  });

  it('drops a stack stopped behind its back on refresh', async () => {
    const ids = await dockerOn('h2', [
      'ps',
      '-q',
      '--filter',
      'label=com.docker.compose.project=af-net',
    ]);
    await dockerOn('h2', ['rm', '-f', ...ids.stdout.split('\n').filter(Boolean)]);

    const result = await run('refresh');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stacks no longer running (1):\n  - af-net (was on h2)');
    expect(stateText()).not.toContain('af-net');

    const log = join(dir, 'dockerfarm-log.toml');
    expect(result.stdout).toContain(`Digests written to ${log}`);
    const entries = readFileSync(log, 'utf8');
    expect(entries).toContain('stack = "af-all"\nhost = "h3"');
    expect(entries).toContain('image = "local/busybox:1"');
    expect(entries).toMatch(/digest = "sha256:[0-9a-f]{64}"/);
  });

  it('keeps the stacks of a host whose sshd is down', async () => {
    await stopSshd('h3');
    try {
      const state = stateText();
      const result = await run('refresh');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('h3 could not be reached');
      expect(stateText()).toBe(state);

      const plan = await run('apply', '--dry-run');
      expect(plan.stdout).not.toContain('af-all on');
      expect(plan.stderr).toContain('h3 could not be reached');
      expect(plan.stderr).toContain('af-all: nothing planned, because h3 could not be asked');
    } finally {
      await startSshd('h3');
    }
  });

  it('finds a copy started by hand on the wrong host', async () => {
    await dockerOn('h3', [
      'compose',
      '-f',
      join(dir, 'stacks', 'af-web', 'compose.yaml'),
      '-p',
      'af-web',
      'up',
      '-d',
    ]);

    const plan = await run('apply', '--dry-run');
    expect(plan.stdout).toContain('Stray stacks to stop (1):\n  af-web on h3 (should be on h2)');
    expect(plan.stdout).toContain('Stacks to start (1):\n  af-net on h2');

    const result = await run('apply');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('af-web@h3: stopped (stray)');
    expect((await placement()).h3).toEqual(['af-all']);
  });
});
