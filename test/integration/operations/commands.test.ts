import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeLab } from '../../lab/describe-lab';
import { dockerOn, labInfo } from '../../lab/lab';
import { cf, labHome } from '../../support/cf-process';
import type { Container } from './lab-helpers';
import {
  containersUnder,
  deployed,
  placement,
  readText,
  removeLeftovers,
  startCf,
} from './lab-helpers';

const IMAGE = '127.0.0.1:5000/lab/app:1.0';
const NETWORK = 'cmd_initnet';
const HOSTILE = `odd dir 'q' $HOME; "x"`;
const BUILT_IMAGE = 'cmd-build-app';

function sleeper(name: string): string {
  return (
    'services:\n' +
    `  app:\n    image: local/busybox:1\n    command: ["sh", "-c", "echo hello-${name}; sleep 3600"]\n` +
    '  side:\n    image: local/busybox:1\n    command: ["sleep", "3600"]\n'
  );
}

const STACKS: Record<string, string> = {
  'cmd-a': sleeper('cmd-a'),
  'cmd-b': sleeper('cmd-b'),
  'cmd-multi': sleeper('cmd-multi'),
  'cmd-reg': `services:\n  app:\n    image: ${IMAGE}\n    command: ["sleep", "3600"]\n`,
  'cmd-build': `services:\n  app:\n    build: .\n    image: ${BUILT_IMAGE}\n    command: ["sleep", "3600"]\n`,
  // The dependency never becomes healthy, so `up` waits until it is stopped.
  'cmd-slow':
    'services:\n' +
    '  dep:\n    image: local/busybox:1\n    command: ["sleep", "3600"]\n' +
    '    healthcheck:\n      test: ["CMD", "false"]\n      interval: 1h\n      start_period: 1h\n' +
    '  app:\n    image: local/busybox:1\n    command: ["sleep", "3600"]\n' +
    '    depends_on:\n      dep:\n        condition: service_healthy\n',
  [HOSTILE]: sleeper('hostile'),
};

const ASSIGNMENT: Record<string, string> = {
  'cmd-a': 'h1',
  'cmd-b': 'h2',
  'cmd-multi': '[h1, h3]',
  'cmd-reg': 'h2',
  'cmd-build': 'h3',
  'cmd-slow': 'h2',
  [HOSTILE]: 'h2',
};

let dir: string;
let home: string;

function writeConfig(without: string[] = []): void {
  const hosts = labInfo()
    .hosts.slice(0, 3)
    .map((host) => `  ${host.name}: {address: ${host.address}, port: ${host.port}, user: root}`)
    .join('\n');
  const stacks = Object.entries(ASSIGNMENT)
    .filter(([name]) => !without.includes(name))
    .map(([name, hosts]) => `  ${JSON.stringify(name)}: ${hosts}`)
    .join('\n');
  writeFileSync(
    join(dir, 'compose-farm.yaml'),
    `compose_dir: ${join(dir, 'stacks')}\nhosts:\n${hosts}\nstacks:\n${stacks}\n`,
  );
}

function run(...args: string[]) {
  return cf(args, { cwd: dir, home });
}

async function containersOf(host: string, project: string): Promise<Container[]> {
  return (await containersUnder(host, dir)).filter((c) => c.project === project);
}

/** `service:running|stopped` for each container of a project on a host, sorted. */
async function states(host: string, project: string): Promise<string[]> {
  const containers = await containersOf(host, project);
  return containers
    .map((c) => `${c.name.split('-').at(-2) ?? ''}:${c.running ? 'running' : 'stopped'}`)
    .sort();
}

function stateText(): string {
  return readText(join(dir, 'compose-farm-state.yaml'));
}

describeLab('every cf command on the lab', () => {
  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'cf-cmd-')));
    home = labHome(labInfo().sshConfig);
    for (const [name, compose] of Object.entries(STACKS)) {
      mkdirSync(join(dir, 'stacks', name), { recursive: true });
      writeFileSync(join(dir, 'stacks', name, 'compose.yaml'), compose);
    }
    writeFileSync(join(dir, 'stacks', 'cmd-build', 'Dockerfile'), 'FROM local/busybox:1\n');
    writeConfig();
  });

  afterAll(async () => {
    writeConfig();
    await run('down', '--all');
    await removeLeftovers(dir, ['cmd-slow']);
    for (const host of ['h1', 'h2', 'h3']) {
      await dockerOn(host, ['network', 'rm', NETWORK]).catch(() => undefined);
    }
    await dockerOn('h3', ['rmi', BUILT_IMAGE]).catch(() => undefined);
  });

  describe('stack selection', () => {
    it('rejects names with --all', async () => {
      const result = await run('up', 'cmd-a', '--all');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Use only one of: stack names, --all, or --host');
    });

    it('rejects --all with --host', async () => {
      const result = await run('down', '--all', '--host', 'h1');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Use only one of: stack names, --all, or --host');
    });

    it('names every unknown stack', async () => {
      const result = await run('up', 'nope', 'cmd-a', 'zz');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Stack nope not found in config');
      expect(result.stderr).toContain('Stack zz not found in config');
      expect(result.stderr).toContain('Hint: Add the stack to compose-farm.yaml or use --all');
      expect(await placement(dir)).toEqual({ h1: [], h2: [], h3: [] });
    });

    it('asks for a selection', async () => {
      const result = await run('stop');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Specify stacks or use --all / --host');
    });

    it('rejects an unknown host', async () => {
      const result = await run('restart', '--host', 'h9');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Host h9 not found in config');
    });

    it('needs one stack for --service', async () => {
      const result = await run('up', 'cmd-a', 'cmd-b', '--service', 'app');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--service requires exactly one stack');
    });

    it('keeps --orphaned alone', async () => {
      const result = await run('down', '--orphaned', 'cmd-a');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Cannot combine --orphaned with stacks, --all, or --host');
    });

    it('finds no orphans at first', async () => {
      const result = await run('down', '--orphaned');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('No orphaned stacks to stop');
    });
  });

  describe('up and its flags', () => {
    it('up --service starts one service', async () => {
      const result = await run('up', 'cmd-a', '--service', 'app');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('h1: (cmd-a) docker compose up -d app');
      expect(await states('h1', 'cmd-a')).toEqual(['app:running']);
      expect(deployed(dir)).toEqual({});
    });

    it('up starts stacks where configured', async () => {
      const result = await run('up', 'cmd-a', 'cmd-b', 'cmd-multi');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('All 3 stacks succeeded (4 of 4 stack@host runs succeeded)');
      expect(deployed(dir)).toEqual({ 'cmd-a': 'h1', 'cmd-b': 'h2', 'cmd-multi': ['h1', 'h3'] });
      expect(await placement(dir)).toEqual({
        h1: ['cmd-a', 'cmd-multi'],
        h2: ['cmd-b'],
        h3: ['cmd-multi'],
      });
    });

    it('up . takes the current folder', async () => {
      const result = await cf(['up', '.', '--config', join(dir, 'compose-farm.yaml')], {
        cwd: join(dir, 'stacks', 'cmd-a'),
        home,
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('h1: (cmd-a) docker compose up -d');
    });

    it('up --pull pulls first', async () => {
      const result = await run('up', 'cmd-reg', '--pull');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('h2: (cmd-reg) docker compose up -d --pull always');
      expect(await states('h2', 'cmd-reg')).toEqual(['app:running']);
      expect(deployed(dir)['cmd-reg']).toBe('h2');
    });

    it('up --build builds the image', async () => {
      const result = await run('up', 'cmd-build', '--build');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('h3: (cmd-build) docker compose up -d --build');
      expect(await states('h3', 'cmd-build')).toEqual(['app:running']);
      const image = await dockerOn('h3', ['image', 'inspect', '--format', '{{.Id}}', BUILT_IMAGE]);
      expect(image.stdout.trim()).toMatch(/^sha256:/);
    });

    it('up --host starts one host only', async () => {
      await dockerOn('h3', [
        'rm',
        '-f',
        ...(await containersOf('h3', 'cmd-multi')).map((c) => c.id),
      ]);
      const h1Before = (await containersOf('h1', 'cmd-multi')).map((c) => c.id).sort();
      const result = await run('up', '--host', 'h3');
      expect(result.code).toBe(0);
      expect(await states('h3', 'cmd-multi')).toEqual(['app:running', 'side:running']);
      expect((await containersOf('h1', 'cmd-multi')).map((c) => c.id).sort()).toEqual(h1Before);
      expect(deployed(dir)['cmd-multi']).toEqual(['h1', 'h3']);
    });

    it('Ctrl+C ends a long up with 130', async () => {
      const live = startCf(['up', 'cmd-slow'], { cwd: dir, home });
      await live.waitFor('slow-dep-1  Waiting', 60_000);
      live.interrupt();
      const result = await live.done;
      expect(result.code).toBe(130);
      expect(result.stderr).toContain('Interrupted');
      expect(deployed(dir)['cmd-slow']).toBeUndefined();
    });

    it('down clears the interrupted stack', async () => {
      const result = await run('down', 'cmd-slow');
      expect(result.code).toBe(0);
      expect(await containersOf('h2', 'cmd-slow')).toEqual([]);
    });
  });

  describe('stop, restart, pull, update', () => {
    it('stop keeps the containers', async () => {
      const state = stateText();
      const result = await run('stop', 'cmd-a');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('h1: (cmd-a) docker compose stop');
      expect(await states('h1', 'cmd-a')).toEqual(['app:stopped', 'side:stopped']);
      expect(stateText()).toBe(state);
    });

    it('stop --service stops one service', async () => {
      const result = await run('stop', 'cmd-b', '-s', 'side');
      expect(result.code).toBe(0);
      expect(await states('h2', 'cmd-b')).toEqual(['app:running', 'side:stopped']);
    });

    it('restart starts them again', async () => {
      const result = await run('restart', 'cmd-a');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('h1: (cmd-a) docker compose restart');
      expect(await states('h1', 'cmd-a')).toEqual(['app:running', 'side:running']);
    });

    it('r restarts one service', async () => {
      const before = (await containersOf('h2', 'cmd-b')).find((c) => c.name.includes('-app-'));
      const result = await run('r', 'cmd-b', '--service', 'side');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('h2: (cmd-b) docker compose restart side');
      expect(await states('h2', 'cmd-b')).toEqual(['app:running', 'side:running']);
      const after = (await containersOf('h2', 'cmd-b')).find((c) => c.name.includes('-app-'));
      expect(after?.startedAt).toBe(before?.startedAt);
    });

    it('restart --host restarts one host', async () => {
      const h1 = (await containersOf('h1', 'cmd-multi')).map((c) => c.startedAt).sort();
      const h3 = (await containersOf('h3', 'cmd-multi')).map((c) => c.startedAt).sort();
      const result = await run('restart', '--host', 'h3');
      expect(result.code).toBe(0);
      expect((await containersOf('h1', 'cmd-multi')).map((c) => c.startedAt).sort()).toEqual(h1);
      const h3After = (await containersOf('h3', 'cmd-multi')).map((c) => c.startedAt).sort();
      expect(h3After).not.toEqual(h3);
    });

    it('pull skips buildable services', async () => {
      const result = await run('pull', 'cmd-reg');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('h2: (cmd-reg) docker compose pull --ignore-buildable');
    });

    it('p pulls as pull does', async () => {
      const result = await run('p', 'cmd-build');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('h3: (cmd-build) docker compose pull --ignore-buildable');
    });

    it('update keeps unchanged containers', async () => {
      const before = (await containersOf('h2', 'cmd-reg')).map((c) => c.id);
      const result = await run('update', 'cmd-reg');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('docker compose up -d --pull always --build');
      expect((await containersOf('h2', 'cmd-reg')).map((c) => c.id)).toEqual(before);
      expect(deployed(dir)['cmd-reg']).toBe('h2');
    });

    it('u updates as update does', async () => {
      const result = await run('u', 'cmd-build');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('h3: (cmd-build) docker compose up -d --pull always --build');
    });
  });

  describe('compose passthrough', () => {
    it('passes the exit code through', async () => {
      const result = await run('compose', 'cmd-a', 'exec', 'app', 'sh', '-c', 'exit 3');
      expect(result.code).toBe(3);
    });

    it('keeps each argument whole', async () => {
      const result = await run(
        'c',
        'cmd-a',
        'exec',
        'app',
        'sh',
        '-c',
        'echo "$0|$1"',
        'a b',
        '$HOME;x',
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('a b|$HOME;x');
    });

    it('needs --host for a multi-host stack', async () => {
      const result = await run('compose', 'cmd-multi', 'ps');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Stack cmd-multi runs on multiple hosts: h1, h3');
    });

    it('rejects a host outside the stack', async () => {
      const result = await run('compose', '--host', 'h2', 'cmd-multi', 'ps');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Stack cmd-multi is not configured for host h2');
    });

    it('hands options after the command on', async () => {
      const result = await run(
        'compose',
        '--host',
        'h3',
        'cmd-multi',
        'ps',
        '--format',
        '{{.Name}}',
      );
      expect(result.code).toBe(0);
      expect(
        result.stdout
          .split('\n')
          .filter((l) => l.startsWith('cmd-multi-'))
          .sort(),
      ).toEqual(['cmd-multi-app-1', 'cmd-multi-side-1']);
    });
  });

  describe('logs and ps', () => {
    it('logs --tail limits the lines', async () => {
      const result = await run('logs', 'cmd-b', '--tail', '1', '--service', 'app');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('h2: (cmd-b) docker compose logs --tail 1 app');
      expect(result.stdout.match(/hello-cmd-b/g)).toHaveLength(1);
    });

    it('l defaults to 100 lines', async () => {
      const result = await run('l', 'cmd-a');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('h1: (cmd-a) docker compose logs --tail 100');
    });

    it('logs of many default to 20', async () => {
      const result = await run('logs', 'cmd-a', 'cmd-multi');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('h3: (cmd-multi) docker compose logs --tail 20');
      expect(result.stdout).toContain('[cmd-multi@h3]');
      expect(result.stdout).toContain('[cmd-a]');
    });

    it('logs --follow stops on Ctrl+C', async () => {
      const live = startCf(['logs', 'cmd-a', '--follow', '--service', 'app'], { cwd: dir, home });
      await live.waitFor('hello-cmd-a');
      live.interrupt();
      const result = await live.done;
      expect(result.code).toBe(130);
      expect(result.stderr).toContain('Interrupted');
    });

    it('ps lists every container', async () => {
      const result = await run('ps');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/cmd-multi\s+h3\s+app\s+cmd-multi-app-1\s+running/);
      expect(result.stdout).toMatch(/cmd-b\s+h2\s+side\s+cmd-b-side-1\s+running/);
      expect(result.stdout).toMatch(/cmd-slow\s+h2\s+stopped\s+no containers/);
    });

    it('ps --json gives the rows', async () => {
      const result = await run('ps', 'cmd-multi', '--json');
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as {
        rows: { host: string; service: string; state: string }[];
        unreachable: unknown[];
      };
      expect(report.rows.map((r) => `${r.host}/${r.service}/${r.state}`).sort()).toEqual([
        'h1/app/running',
        'h1/side/running',
        'h3/app/running',
        'h3/side/running',
      ]);
      expect(report.unreachable).toEqual([]);
    });

    it('ps --host shows one host', async () => {
      const result = await run('ps', '--host', 'h3');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('cmd-multi-app-1');
      expect(result.stdout).not.toMatch(/\sh[12]\s/);
    });
  });

  describe('refresh and apply', () => {
    it('refresh --dry-run writes nothing', async () => {
      const state = stateText();
      writeFileSync(join(dir, 'compose-farm-state.yaml'), state.replace(/^ {2}cmd-b: h2\n/m, ''));
      const edited = stateText();
      const result = await run('refresh', '--dry-run');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('New stacks found (1):\n  + cmd-b on h2');
      expect(result.stdout).toContain('(dry-run: no changes made)');
      expect(stateText()).toBe(edited);
    });

    it('rf --dry-run --json reports it', async () => {
      const result = await run('rf', '--dry-run', '--json');
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as { added: unknown[]; changed: boolean };
      expect(JSON.stringify(report.added)).toContain('cmd-b');
      expect(report.changed).toBe(true);
    });

    it('refresh brings it back', async () => {
      const result = await run('refresh');
      expect(result.code).toBe(0);
      expect(deployed(dir)['cmd-b']).toBe('h2');
    });

    it('apply --no-orphans leaves an orphan', async () => {
      // Stacks never started would be started by apply; cmd-slow would wait for ever.
      writeConfig(['cmd-reg', 'cmd-slow', HOSTILE]);
      const plain = await run('apply', '--dry-run');
      expect(plain.stdout).toContain('Orphaned stacks to stop (1):\n  cmd-reg on h2');
      const result = await run('a', '--dry-run', '--no-orphans');
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('Orphaned');
    });

    it('apply --no-strays leaves a stray', async () => {
      await dockerOn('h2', [
        'compose',
        '-f',
        join(dir, 'stacks', 'cmd-a', 'compose.yaml'),
        '-p',
        'cmd-a',
        'up',
        '-d',
      ]);
      const plain = await run('apply', '--dry-run');
      expect(plain.stdout).toContain('Stray stacks to stop (1):\n  cmd-a on h2 (should be on h1)');
      const result = await run('apply', '--dry-run', '--no-strays');
      expect(result.stdout).not.toContain('Stray');
    });

    it('apply --full plans a refresh', async () => {
      const result = await run('apply', '--dry-run', '--full');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Stacks to refresh \(\d+\):[^]*cmd-b/);
    });

    it('apply --dry-run --json gives the plan', async () => {
      const result = await run('apply', '--dry-run', '--json');
      expect(result.code).toBe(0);
      const plan = JSON.parse(result.stdout) as { orphans: unknown[]; strays: unknown[] };
      expect(JSON.stringify(plan.orphans)).toContain('cmd-reg');
      expect(JSON.stringify(plan.strays)).toContain('cmd-a');
    });

    it('apply without both leaves them', async () => {
      const result = await run('apply', '--no-orphans', '--no-strays');
      expect(result.code).toBe(0);
      expect((await placement(dir)).h2).toContain('cmd-reg');
      expect((await placement(dir)).h2).toContain('cmd-a');
    });

    it('down --orphaned stops the orphan', async () => {
      const result = await run('down', '--orphaned');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Stopping 1 orphaned stack(s): cmd-reg');
      expect((await placement(dir)).h2).not.toContain('cmd-reg');
      expect(deployed(dir)['cmd-reg']).toBeUndefined();
    });

    it('apply stops the stray', async () => {
      const result = await run('apply');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('cmd-a@h2: stopped (stray)');
      expect((await placement(dir)).h2).not.toContain('cmd-a');
      expect((await placement(dir)).h1).toContain('cmd-a');
      writeConfig();
    });
  });

  describe('down', () => {
    it('down --host stops one host', async () => {
      const h1 = (await containersOf('h1', 'cmd-multi')).map((c) => c.id).sort();
      const result = await run('down', '--host', 'h3');
      expect(result.code).toBe(0);
      expect((await placement(dir)).h3).toEqual([]);
      expect((await containersOf('h1', 'cmd-multi')).map((c) => c.id).sort()).toEqual(h1);
      expect(deployed(dir)['cmd-multi']).toEqual(['h1']);
      expect(deployed(dir)['cmd-build']).toBeUndefined();
    });

    it('down removes stack and state', async () => {
      const result = await run('down', 'cmd-b');
      expect(result.code).toBe(0);
      expect(await containersOf('h2', 'cmd-b')).toEqual([]);
      expect(deployed(dir)['cmd-b']).toBeUndefined();
    });
  });

  describe('a hostile folder name', () => {
    it('starts it from its literal path', async () => {
      const result = await run('up', HOSTILE);
      expect(result.code).toBe(0);
      const containers = await containersOf('h2', 'odddirqhomex');
      expect(containers.map((c) => c.workingDir)).toEqual([
        join(dir, 'stacks', HOSTILE),
        join(dir, 'stacks', HOSTILE),
      ]);
      expect(deployed(dir)[HOSTILE]).toBe('h2');
    });

    it('stops it again', async () => {
      const result = await run('down', HOSTILE);
      expect(result.code).toBe(0);
      expect(await containersOf('h2', 'odddirqhomex')).toEqual([]);
    });
  });

  describe('networks, stats and the other aliases', () => {
    it('init-network creates the network', async () => {
      const result = await run(
        'init-network',
        'h1',
        '--network',
        NETWORK,
        '--subnet',
        '172.31.252.0/24',
        '--gateway',
        '172.31.252.1',
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`[h1] Created network '${NETWORK}'`);
      const inspect = await dockerOn('h1', [
        'network',
        'inspect',
        '--format',
        '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}',
        NETWORK,
      ]);
      expect(inspect.stdout.trim()).toBe('172.31.252.0/24 172.31.252.1');
    });

    it('init-network keeps an existing one', async () => {
      const result = await run(
        'init-network',
        'h1',
        '-n',
        NETWORK,
        '-s',
        '172.31.252.0/24',
        '-g',
        '172.31.252.1',
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`[h1] Network '${NETWORK}' already exists`);
    });

    it('init-network rejects an unknown host', async () => {
      const result = await run('init-network', 'h9', '-n', NETWORK);
      expect(result.code).toBe(1);
    });

    it('stats counts configured stacks', async () => {
      const result = await run('stats');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/h1\s+127\.0\.0\.11\s+2\s/);
      expect(result.stdout).toMatch(/h2\s+127\.0\.0\.12\s+4\s/);
      expect(result.stdout).toMatch(/h3\s+127\.0\.0\.13\s+2\s/);
    });

    it('s --live adds containers', async () => {
      const result = await run('s', '--live', '--host', 'h1');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Containers');
      expect(result.stdout).toMatch(/h1\s+127\.0\.0\.11\s+2\s+\d+\s+\d+/);
      expect(result.stdout).not.toContain('h2');
    });

    it('ls lists the stacks', async () => {
      const result = await run('ls', '--simple');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('cmd-a\ncmd-b\ncmd-build\ncmd-multi\ncmd-reg\ncmd-slow\n');
    });

    it('ck checks the config', async () => {
      const result = await run('ck', '--local');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Config matches disk');
    });
  });
});
