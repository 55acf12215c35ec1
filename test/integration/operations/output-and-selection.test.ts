import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeLab } from '../../lab/describe-lab';
import { labInfo, startSshd, stopSshd } from '../../lab/lab';
import type { CopiedCase } from '../../support/cases';
import { copyCase } from '../../support/cases';
import { cf, labHome } from '../../support/cf-process';
import { containersUnder, deployed, placement, removeLeftovers, startCf } from './lab-helpers';

const SLEEPER =
  'services:\n  app:\n    image: local/busybox:1\n    command: ["sh", "-c", "echo hello; sleep 3600"]\n';

describeLab('output of the CLI', () => {
  let dir: string;
  let home: string;
  const run = (...args: string[]) => cf(args, { cwd: dir, home });

  beforeAll(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'cf-output-')));
    home = labHome(labInfo().sshConfig);
    mkdirSync(join(dir, 'stacks', 'dft-a'), { recursive: true });
    writeFileSync(join(dir, 'stacks', 'dft-a', 'compose.yaml'), SLEEPER);
    const h1 = labInfo().hosts[0];
    writeFileSync(
      join(dir, 'compose-farm.yaml'),
      `compose_dir: ${join(dir, 'stacks')}\nhosts:\n  h1: {address: ${h1?.address}, port: ${h1?.port}, user: root}\nstacks:\n  dft-a: h1\n`,
    );
    await run('up', 'dft-a');
  });

  afterAll(async () => {
    await run('down', '--all');
    await removeLeftovers(dir);
  });

  it('piped logs hold no escapes', async () => {
    const result = await run('logs', 'dft-a');
    expect(result.stdout).toContain('hello');
    expect(result.stdout).not.toContain('\u001b');
  });

  it('Ctrl+C hides the remote wrapper', async () => {
    const live = startCf(['logs', 'dft-a', '--follow'], { cwd: dir, home });
    await live.waitFor('hello');
    live.interrupt();
    const result = await live.done;
    expect(result.code).toBe(130);
    expect(result.stderr).not.toContain('for f in compose.yaml');
  });
});

describeLab('messages while a host is unreachable', () => {
  let copied: CopiedCase;
  let home: string;
  const run = (...args: string[]) => cf(args, { cwd: copied.dir, home });

  beforeAll(async () => {
    copied = copyCase('21-refresh-unreachable-host', { labDir: labInfo().dir });
    home = labHome(labInfo().sshConfig);
    await run('up', '--all');
    await stopSshd('h2');
  });

  afterAll(async () => {
    await startSshd('h2');
    await run('down', '--all');
    await removeLeftovers(copied.root);
  });

  it('refresh does not claim sync', async () => {
    const result = await run('refresh');
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('State is already in sync');
  });

  it('apply does not claim a match', async () => {
    const result = await run('apply', '--dry-run');
    expect(result.stdout).not.toContain('reality matches config');
  });
});

describeLab('host filter with stack names', () => {
  let copied: CopiedCase;
  let home: string;
  const run = (...args: string[]) => cf(args, { cwd: copied.dir, home });

  beforeAll(async () => {
    copied = copyCase('23-host-filter-multi-host', { labDir: labInfo().dir });
    home = labHome(labInfo().sshConfig);
    await run('up', '--all');
  });

  afterAll(async () => {
    await run('down', '--all');
    await removeLeftovers(copied.root);
  });

  it('rejects a named stack not on the host', async () => {
    const result = await run('down', 'web', '--host', 'h1');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Stack web is not configured for host h1 (configured: h2)');
  });

  describe('as the case describes it', () => {
    it('logs agent --host h1 works', async () => {
      const result = await run('logs', 'agent', '--host', 'h1');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('h1: (agent) docker compose logs');
    });

    it('ps agent --host h1 works', async () => {
      const result = await run('ps', 'agent', '--host', 'h1');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/agent\s+h1\s+agent\s+agent-agent-1\s+running/);
    });

    it('down agent --host h3 works', async () => {
      const h1 = (await containersUnder('h1', copied.root)).map((c) => c.id);
      const result = await run('down', 'agent', '--host', 'h3');
      expect(result.code).toBe(0);
      expect(await placement(copied.root)).toEqual({
        h1: ['agent'],
        h2: ['agent', 'web'],
        h3: [],
      });
      expect((await containersUnder('h1', copied.root)).map((c) => c.id)).toEqual(h1);
      expect(deployed(copied.dir)).toEqual({ agent: ['h1', 'h2'], web: 'h2' });
    });
  });
});
