import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeLab } from '../../lab/describe-lab';
import { dockerOn, labInfo, startSshd, stopSshd } from '../../lab/lab';
import type { CopiedCase } from '../../support/cases';
import { copyCase } from '../../support/cases';
import { cf, labHome } from '../../support/cf-process';
import type { Container } from './lab-helpers';
import {
  containersUnder,
  deployed,
  networksOf,
  normalizeState,
  placement,
  readText,
  removeLeftovers,
} from './lab-helpers';

/** Patterns of a failed SSH channel or connection in any output. */
const SSH_FAILURE =
  /open failed|channel open failure|administratively prohibited|ECONNRESET|connection reset/i;

function runner(copied: CopiedCase, home: string) {
  return (...args: string[]) => cf(args, { cwd: copied.dir, home });
}

function byProject(containers: Container[], project: string): Container[] {
  return containers.filter((container) => container.project === project && container.running);
}

describeLab('stack folders docker compose renames', () => {
  let copied: CopiedCase;
  let home: string;
  let run: ReturnType<typeof runner>;
  const stacks = ['Media.Server', 'dashboard.example.com', 'Home_Assistant'];

  beforeAll(() => {
    copied = copyCase('05-project-name-normalized', { labDir: labInfo().dir });
    home = labHome(labInfo().sshConfig);
    run = runner(copied, home);
  });

  afterAll(async () => {
    await run('down', '--all');
    await removeLeftovers(copied.root);
  });

  it('starts all three stacks', async () => {
    const result = await run('up', ...stacks);
    expect(result.code).toBe(0);
    expect(deployed(copied.dir)).toEqual({
      'Media.Server': 'h1',
      'dashboard.example.com': 'h1',
      Home_Assistant: 'h2',
    });
    expect(await placement(copied.root)).toEqual({
      h1: ['dashboardexamplecom', 'mediaserver'],
      h2: ['home_assistant'],
      h3: [],
    });
  });

  it('ps shows each container running', async () => {
    const result = await run('ps');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Media\.Server\s+h1\s+app\s+mediaserver-app-1\s+running/);
    expect(result.stdout).toMatch(
      /dashboard\.example\.com\s+h1\s+app\s+dashboardexamplecom-app-1\s+running/,
    );
    expect(result.stdout).toMatch(/Home_Assistant\s+h2\s+app\s+home_assistant-app-1\s+running/);
    expect(result.stdout).not.toMatch(/stopped|unknown/);
  });

  it('ps --json reports the real containers', async () => {
    const result = await run('ps', '--json');
    const rows = (JSON.parse(result.stdout) as { rows: { stack: string; state: string }[] }).rows;
    expect(rows.map((row) => `${row.stack}:${row.state}`).sort()).toEqual([
      'Home_Assistant:running',
      'Media.Server:running',
      'dashboard.example.com:running',
    ]);
  });

  it('refresh rebuilds a deleted state', async () => {
    writeFileSync(join(copied.dir, 'compose-farm-state.yaml'), '');
    const result = await run('refresh');
    expect(result.code).toBe(0);
    expect(deployed(copied.dir)).toEqual({
      'Media.Server': 'h1',
      'dashboard.example.com': 'h1',
      Home_Assistant: 'h2',
    });
    const output = result.stdout + result.stderr;
    expect(output).not.toMatch(/no longer running|stray|unmanaged|neither the config/i);
  });

  it('apply --dry-run plans nothing', async () => {
    const result = await run('apply', '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Nothing to apply');
    expect(result.stdout).not.toMatch(/to (start|stop|migrate)/);
  });
});

/** Starts a copy of h1's sshd on another loopback address with a lower MaxSessions. */
async function startNarrowSshd(dir: string, address: string, sessions: number) {
  const lab = labInfo();
  const config = readFileSync(join(lab.dir, 'h1', 'sshd_config'), 'utf8')
    .replace(/^ListenAddress .*$/m, `ListenAddress ${address}:2222`)
    .replace(/^PidFile .*$/m, `PidFile ${join(dir, 'sshd.pid')}`)
    .replace(/^MaxSessions .*$/m, `MaxSessions ${sessions}`);
  writeFileSync(join(dir, 'sshd_config'), config);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('/usr/sbin/sshd', [
      '-f',
      join(dir, 'sshd_config'),
      '-E',
      join(dir, 'sshd.log'),
    ]);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`sshd failed with exit code ${code}`)),
    );
  });
  // The daemon writes its pid file once it listens.
  for (let tries = 0; tries < 50 && readText(join(dir, 'sshd.pid')) === ''; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = Number.parseInt(readText(join(dir, 'sshd.pid')), 10);
  const h1Key = readText(lab.knownHosts)
    .split('\n')
    .find((line) => line.startsWith('[127.0.0.11]:2222 '));
  return { pid, knownHostsLine: (h1Key ?? '').replace('[127.0.0.11]', `[${address}]`) };
}

function describeManySessions(variant: string, address?: string) {
  describeLab(`twelve stacks on one host${variant}`, () => {
    let copied: CopiedCase;
    let home: string;
    let run: ReturnType<typeof runner>;
    let sshdPid: number | undefined;
    const names = Array.from({ length: 12 }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);

    beforeAll(async () => {
      copied = copyCase('18-ssh-max-sessions', { labDir: labInfo().dir });
      home = labHome(labInfo().sshConfig);
      run = runner(copied, home);
      if (address !== undefined) {
        const narrow = await startNarrowSshd(copied.root, address, 2);
        sshdPid = narrow.pid;
        const knownHosts = join(home, '.ssh', 'known_hosts');
        copyFileSync(labInfo().knownHosts, knownHosts);
        writeFileSync(knownHosts, `${readText(knownHosts)}${narrow.knownHostsLine}\n`);
        const sshConfig = join(home, '.ssh', 'config');
        writeFileSync(
          sshConfig,
          readText(sshConfig).replace(/UserKnownHostsFile .*/, `UserKnownHostsFile ${knownHosts}`),
        );
        writeFileSync(copied.config, readText(copied.config).replace('127.0.0.11', address));
      }
    });

    afterAll(async () => {
      await run('down', '--all');
      await removeLeftovers(copied.root);
      if (sshdPid !== undefined && Number.isInteger(sshdPid)) process.kill(sshdPid, 'SIGTERM');
    });

    it('starts all twelve at once', async () => {
      const result = await run('up', '--all');
      expect(result.stdout + result.stderr).not.toMatch(SSH_FAILURE);
      expect(result.code).toBe(0);
      expect(deployed(copied.dir)).toEqual(Object.fromEntries(names.map((n) => [n, 'h1'])));
      expect((await placement(copied.root)).h1).toEqual(names);
    });

    it.runIf(address !== undefined)('logs in through the narrow sshd', () => {
      expect(readText(join(copied.root, 'sshd.log'))).toContain('Accepted publickey for root');
    });

    it('ps reports twelve running containers', async () => {
      const result = await run('ps', '--all');
      expect(result.code).toBe(0);
      expect(result.stdout.match(/-worker-1\s+running/g)).toHaveLength(12);
    });

    it('refresh keeps all twelve', async () => {
      const result = await run('refresh');
      expect(result.stdout + result.stderr).not.toMatch(SSH_FAILURE);
      expect(result.code).toBe(0);
      expect(deployed(copied.dir)).toEqual(Object.fromEntries(names.map((n) => [n, 'h1'])));
    });

    it('logs reach every stack', async () => {
      const result = await run('logs', '--all', '--tail', '5');
      expect(result.stdout + result.stderr).not.toMatch(SSH_FAILURE);
      expect(result.code).toBe(0);
      expect(result.stdout.match(/docker compose logs --tail 5/g)).toHaveLength(12);
    });

    it('down stops every stack', async () => {
      const result = await run('down', '--all');
      expect(result.stdout + result.stderr).not.toMatch(SSH_FAILURE);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('All 12 stacks succeeded');
      expect(deployed(copied.dir)).toEqual({});
      expect(await containersUnder('h1', copied.root)).toEqual([]);
    });
  });
}

describeManySessions('');
describeManySessions(' behind MaxSessions 2', '127.0.0.21');

describeLab('refresh while a host is unreachable', () => {
  let copied: CopiedCase;
  let home: string;
  let run: ReturnType<typeof runner>;
  let expected: Record<string, string | string[]>;

  beforeAll(() => {
    copied = copyCase('21-refresh-unreachable-host', { labDir: labInfo().dir });
    home = labHome(labInfo().sshConfig);
    run = runner(copied, home);
    expected = normalizeState(parse(readText(join(copied.dir, 'expected-state.yaml'))));
  });

  afterAll(async () => {
    await startSshd('h2');
    await run('down', '--all');
    await removeLeftovers(copied.root);
  });

  it('starts every stack', async () => {
    const result = await run('up', '--all');
    expect(result.code).toBe(0);
    expect(deployed(copied.dir)).toEqual(expected);
  });

  describe('with the sshd of h2 stopped', () => {
    let h2Before: Container[];

    beforeAll(async () => {
      h2Before = await containersUnder('h2', copied.root);
      await stopSshd('h2');
    });

    afterAll(async () => {
      await startSshd('h2');
    });

    it('refresh keeps the state of h2', async () => {
      const result = await run('refresh');
      expect(result.code).not.toBe(0);
      expect(deployed(copied.dir)).toEqual(expected);
      expect(result.stderr).toContain('h2 could not be reached');
      expect(result.stderr).toContain('connection refused');
      expect(result.stderr).toMatch(/app: left as recorded on h2/);
      expect(result.stdout + result.stderr).not.toMatch(/no longer running|removed/i);
    });

    it('leaves the containers of h2 running', async () => {
      const now = await containersUnder('h2', copied.root);
      expect(now.map((c) => `${c.id}@${c.startedAt}:${c.running}`).sort()).toEqual(
        h2Before.map((c) => `${c.id}@${c.startedAt}:${c.running}`).sort(),
      );
    });

    it('apply --dry-run starts nothing elsewhere', async () => {
      const result = await run('apply', '--dry-run');
      expect(result.stdout).not.toMatch(/Stacks to (start|migrate)/);
      expect(result.stderr).toContain('h2 could not be reached');
      expect(result.stderr).toContain('app: nothing planned, because h2 could not be asked');
      expect(result.stderr).toContain('agent: nothing planned, because h2 could not be asked');
      expect(deployed(copied.dir)).toEqual(expected);
    });
  });

  it('refresh succeeds once h2 is back', async () => {
    const result = await run('refresh');
    expect(result.code).toBe(0);
    expect(deployed(copied.dir)).toEqual(expected);
    expect((await placement(copied.root)).h2).toEqual(['agent', 'app']);
  });
});

describeLab('a move whose image cannot be pulled', () => {
  const IMAGE = '127.0.0.1:5000/lab/notes:1';
  let copied: CopiedCase;
  let home: string;
  let run: ReturnType<typeof runner>;
  let before: Container[];
  let original: string;

  beforeAll(async () => {
    copied = copyCase('22-migration-pull-fails', { labDir: labInfo().dir });
    original = readText(copied.config);
    home = labHome(labInfo().sshConfig);
    run = runner(copied, home);
    await dockerOn('h1', ['pull', '127.0.0.1:5000/lab/app:1.0']);
    await dockerOn('h1', ['tag', '127.0.0.1:5000/lab/app:1.0', IMAGE]);
  });

  afterAll(async () => {
    writeFileSync(copied.config, original);
    await run('down', '--all');
    await removeLeftovers(copied.root, ['notes']);
    await dockerOn('h1', ['rmi', IMAGE]).catch(() => undefined);
  });

  it('starts notes on h1', async () => {
    const result = await run('up', 'notes');
    expect(result.code).toBe(0);
    expect(deployed(copied.dir)).toEqual({ notes: 'h1' });
    before = byProject(await containersUnder('h1', copied.root), 'notes');
    expect(before).toHaveLength(1);
  });

  it('apply fails the move and keeps h1', async () => {
    copyFileSync(join(copied.dir, 'compose-farm.moved.yaml'), copied.config);
    const result = await run('apply');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Pull failed on h2');
    expect(result.stderr).toContain(IMAGE);
    expect(result.stderr).toContain('manifest unknown');
    expect(result.stderr).toContain('notes still runs on h1');
  });

  it('keeps the same container on h1', async () => {
    const after = byProject(await containersUnder('h1', copied.root), 'notes');
    expect(after.map((c) => [c.id, c.startedAt])).toEqual(before.map((c) => [c.id, c.startedAt]));
  });

  it('leaves nothing of notes on h2', async () => {
    const all = await dockerOn('h2', [
      'ps',
      '-aq',
      '--filter',
      'label=com.docker.compose.project=notes',
    ]);
    expect(all.stdout.trim()).toBe('');
    expect(await networksOf('h2', 'notes')).toEqual([]);
  });

  it('keeps notes on h1 in the state', () => {
    expect(deployed(copied.dir)).toEqual({ notes: 'h1' });
  });

  it('still plans the move afterwards', async () => {
    const result = await run('apply', '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stacks to migrate (1):\n  notes: h1 → h2');
  });
});

describeLab('host filter on a stack on every host', () => {
  let copied: CopiedCase;
  let home: string;
  let run: ReturnType<typeof runner>;
  const full = { agent: ['h1', 'h2', 'h3'], web: 'h2' };

  async function agentIds(host: string): Promise<string[]> {
    return byProject(await containersUnder(host, copied.root), 'agent').map((c) => c.id);
  }

  beforeAll(() => {
    copied = copyCase('23-host-filter-multi-host', { labDir: labInfo().dir });
    home = labHome(labInfo().sshConfig);
    run = runner(copied, home);
  });

  afterAll(async () => {
    await run('down', '--all');
    await removeLeftovers(copied.root);
  });

  let h1Agent: string[];
  let h3Agent: string[];

  it('starts agent everywhere and web', async () => {
    const result = await run('up', '--all');
    expect(result.code).toBe(0);
    expect(deployed(copied.dir)).toEqual(full);
    expect(await placement(copied.root)).toEqual({
      h1: ['agent'],
      h2: ['agent', 'web'],
      h3: ['agent'],
    });
    h1Agent = await agentIds('h1');
    h3Agent = await agentIds('h3');
  });

  it('down --host h2 touches only h2', async () => {
    const result = await run('down', '--host', 'h2');
    expect(result.code).toBe(0);
    expect(await placement(copied.root)).toEqual({ h1: ['agent'], h2: [], h3: ['agent'] });
    expect(await agentIds('h1')).toEqual(h1Agent);
    expect(await agentIds('h3')).toEqual(h3Agent);
    expect(deployed(copied.dir)).toEqual({ agent: ['h1', 'h3'] });
  });

  it('logs --host h1 shows one instance', async () => {
    const result = await run('logs', '--host', 'h1');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('h1: (agent) docker compose logs');
    expect(result.stdout).not.toMatch(/h[23]: \(agent\)/);
  });

  it('ps --host h1 shows one instance', async () => {
    const result = await run('ps', '--host', 'h1');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/agent\s+h1\s+agent\s+agent-agent-1\s+running/);
    expect(result.stdout).not.toMatch(/\sh[23]\s/);
  });

  it('up --host h2 restores h2 only', async () => {
    const result = await run('up', '--host', 'h2');
    expect(result.code).toBe(0);
    expect(deployed(copied.dir)).toEqual(full);
    expect(await placement(copied.root)).toEqual({
      h1: ['agent'],
      h2: ['agent', 'web'],
      h3: ['agent'],
    });
    expect(await agentIds('h1')).toEqual(h1Agent);
    expect(await agentIds('h3')).toEqual(h3Agent);
  });

  it('apply plans only agent on h3', async () => {
    const down = await run('down', '--host', 'h3');
    expect(down.code).toBe(0);
    const result = await run('apply', '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stacks to start (1):\n  agent on h3');
    expect(result.stdout.match(/^ {2}\S/gm)).toHaveLength(1);
  });
});
