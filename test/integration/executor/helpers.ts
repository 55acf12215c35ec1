import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { HostConfig } from '../../../src/main/core/config/types';
import type { AllExecutorOptions } from '../../../src/main/core/executor/executors';
import { createExecutors } from '../../../src/main/core/executor/executors';
import type { Executors, Logger } from '../../../src/main/core/executor/types';
import { labInfo } from '../../lab/lab';

export interface LabHome {
  readonly home: string;
  readonly sshConfigPath: string;
}

/** A home folder whose ~/.ssh/config holds `config`; by default the lab key and known_hosts. */
export function labHome(config?: string): LabHome {
  const lab = labInfo();
  const home = mkdtempSync(join(tmpdir(), 'cf-exec-home-'));
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  const sshConfigPath = join(home, '.ssh', 'config');
  writeFileSync(
    sshConfigPath,
    config ??
      [
        'Host *',
        `  IdentityFile ${lab.key}`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${lab.knownHosts}`,
        '',
      ].join('\n'),
  );
  return { home, sshConfigPath };
}

export interface LogRecord {
  readonly lines: string[];
  readonly logger: (component: string) => Logger;
}

export function recordLogs(): LogRecord {
  const lines: string[] = [];
  const logger = (component: string): Logger => ({
    debug: (message) => lines.push(`debug ${component} ${message}`),
    info: (message) => lines.push(`info ${component} ${message}`),
    warn: (message) => lines.push(`warn ${component} ${message}`),
  });
  return { lines, logger };
}

/** Executors for the lab with nothing from the real home, agent or /etc/ssh. */
export function labExecutors(home: LabHome, options: AllExecutorOptions = {}): Executors {
  return createExecutors({
    home: home.home,
    sshConfigPath: home.sshConfigPath,
    // The machine's own /etc/ssh/ssh_config would decide, for one, whether new known_hosts
    // entries are hashed; tests that need a system config pass their own.
    systemSshConfigPath: null,
    env: { PATH: process.env.PATH },
    globalKnownHostsFiles: [],
    localUser: 'root',
    ...options,
  });
}

export function labHost(name: string): HostConfig {
  const host = labInfo().hosts.find((candidate) => candidate.name === name);
  if (!host) throw new Error(`no lab host ${name}`);
  return { name, address: host.address, port: host.port, user: 'root' };
}

/** Pids of processes on this machine (where the lab hosts run) whose command line has `text`. */
export function processesMatching(text: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', '--', text], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(Number);
  } catch {
    return [];
  }
}

export async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
