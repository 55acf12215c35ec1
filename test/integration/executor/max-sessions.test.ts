import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

import type { HostConfig } from '../../../src/main/core/config/types';
import type { Executors, HostExecutor, RunResult } from '../../../src/main/core/executor/types';
import { describeLab } from '../../lab/describe-lab';
import { labInfo } from '../../lab/lab';
import { labExecutors, labHome, labHost, recordLogs, waitUntil } from './helpers';

const CASE_18 = join(import.meta.dirname, 'fixtures/18-ssh-max-sessions');
/** A loopback address no lab host uses, for the sshd with MaxSessions 2. */
const NARROW_ADDRESS = '127.0.0.81';

function describeFailures(results: RunResult[]): string[] {
  return results
    .filter((result) => !result.success)
    .map((result) => `${result.label}: ${JSON.stringify(result.end)} ${result.stderr}`);
}

/** up, ps, logs and down of every stack at once, as a multi-stack command would run them. */
async function exerciseStacks(executor: HostExecutor, stacksDir: string): Promise<void> {
  const stacks = readdirSync(stacksDir).sort();
  expect(stacks).toHaveLength(12);
  const all = (argv: string[]) =>
    Promise.all(
      stacks.map((stack) =>
        executor.run({
          argv: ['docker', 'compose', ...argv],
          cwd: join(stacksDir, stack),
          label: stack,
        }),
      ),
    );

  const up = await all(['up', '-d']);
  expect(describeFailures(up)).toEqual([]);
  const ps = await all(['ps', '--status', 'running', '-q']);
  expect(describeFailures(ps)).toEqual([]);
  expect(ps.filter((result) => result.stdout.trim() !== '')).toHaveLength(12);
  const logs = await all(['logs', '--tail', '5']);
  expect(describeFailures(logs)).toEqual([]);
  // sleep as pid 1 ignores SIGTERM; a short stop timeout keeps the test quick.
  const down = await all(['down', '--timeout', '1']);
  expect(describeFailures(down)).toEqual([]);
  for (const result of [...up, ...ps, ...logs, ...down]) {
    expect(result.stderr).not.toMatch(
      /open failed|Channel open failure|administratively prohibited/,
    );
  }
}

describeLab('more commands at once than sshd allows sessions', () => {
  let work: string;
  let executors: Executors;
  let narrowPidFile: string;
  const logs = recordLogs();

  beforeAll(async () => {
    const lab = labInfo();
    work = mkdtempSync(join(tmpdir(), 'cf-max-sessions-'));
    cpSync(CASE_18, join(work, '18-ssh-max-sessions'), { recursive: true });

    // A second sshd in front of h1's engine that allows two sessions per connection.
    const h1 = lab.hosts[0];
    if (!h1) throw new Error('the lab has no h1');
    narrowPidFile = join(work, 'sshd.pid');
    const config = readFileSync(h1.sshdConfig, 'utf8')
      .replace(/^ListenAddress .*$/m, `ListenAddress ${NARROW_ADDRESS}:2222`)
      .replace(/^PidFile .*$/m, `PidFile ${narrowPidFile}`)
      .replace(/^MaxSessions .*$/m, 'MaxSessions 2');
    writeFileSync(join(work, 'sshd_config'), config);
    execFileSync('/usr/sbin/sshd', ['-f', join(work, 'sshd_config'), '-E', join(work, 'sshd.log')]);
    await waitUntil(() => {
      try {
        return readFileSync(narrowPidFile, 'utf8').trim() !== '';
      } catch {
        return false;
      }
    });

    const hostKey = readFileSync(`${h1.hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    const knownHosts = join(work, 'known_hosts');
    writeFileSync(
      knownHosts,
      `${readFileSync(lab.knownHosts, 'utf8')}[${NARROW_ADDRESS}]:2222 ${hostKey}\n`,
    );
    const home = labHome(
      `Host *\n  IdentityFile ${lab.key}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${knownHosts}\n`,
    );
    executors = labExecutors(home, { logger: logs.logger });
  });

  afterAll(async () => {
    await executors?.closeAll();
    try {
      process.kill(Number(readFileSync(narrowPidFile, 'utf8')), 'SIGTERM');
    } catch {
      // Not started, or already gone.
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('runs up, ps, logs and down of twelve stacks on h1 (MaxSessions 10)', async () => {
    await exerciseStacks(
      executors.forHost(labHost('h1')),
      join(work, '18-ssh-max-sessions/stacks'),
    );
  });

  it('gives the same results through an sshd with MaxSessions 2', async () => {
    const narrow: HostConfig = {
      name: 'narrow',
      address: NARROW_ADDRESS,
      port: 2222,
      user: 'root',
    };
    await exerciseStacks(executors.forHost(narrow), join(work, '18-ssh-max-sessions/stacks'));
    expect(logs.lines.some((line) => line.includes('narrow refused a channel'))).toBe(true);
  });
});
