/**
 * Compares the executor with OpenSSH connection sharing: 50 short commands on each of the
 * three lab hosts in one run, at most 8 at a time per host, connection setup included. Run
 * with `npx tsx bench/executor.ts` once the lab is up (`npm run lab:up`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createExecutors } from '../src/main/core/executor/executors';
import { labInfo, labProblems, sshArgs } from '../test/lab/lab';

const COMMANDS_PER_HOST = 50;
const PARALLEL_PER_HOST = 8;

async function pool(count: number, limit: number, task: (index: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

function runSsh(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ssh exited ${code}: ${stderr.trim()}`)),
    );
  });
}

async function timeOurs(): Promise<number> {
  const lab = labInfo();
  const home = mkdtempSync(join(tmpdir(), 'cf-bench-'));
  const executors = createExecutors({
    home,
    sshConfigPath: lab.sshConfig,
    env: {},
    globalKnownHostsFiles: [],
    localUser: 'root',
  });
  const started = performance.now();
  try {
    await Promise.all(
      lab.hosts.slice(0, 3).map(async (host) => {
        const executor = executors.forHost({
          name: host.name,
          address: host.address,
          port: host.port,
          user: 'root',
        });
        // The executor queues beyond its channel cap itself, so all 50 are handed over at once.
        const results = await Promise.all(
          Array.from({ length: COMMANDS_PER_HOST }, () => executor.run({ argv: ['echo', 'ok'] })),
        );
        const failed = results.filter((result) => result.stdout !== 'ok\n');
        if (failed.length > 0) throw new Error(`${failed.length} commands failed on ${host.name}`);
      }),
    );
    return performance.now() - started;
  } finally {
    await executors.closeAll();
    rmSync(home, { recursive: true, force: true });
  }
}

async function timeOpenSsh(): Promise<number> {
  const lab = labInfo();
  const controlDir = mkdtempSync(join(tmpdir(), 'cf-bench-ssh-'));
  const control = (host: string) => [
    '-o',
    'ControlMaster=auto',
    '-o',
    `ControlPath=${controlDir}/${host}`,
    '-o',
    'ControlPersist=60',
  ];
  const started = performance.now();
  try {
    await Promise.all(
      lab.hosts.slice(0, 3).map(async (host) => {
        // The first command opens the master; the rest share it.
        await runSsh([...control(host.name), ...sshArgs(host.name), 'echo', 'ok']);
        await pool(COMMANDS_PER_HOST - 1, PARALLEL_PER_HOST, () =>
          runSsh([...control(host.name), ...sshArgs(host.name), 'echo', 'ok']),
        );
      }),
    );
    return performance.now() - started;
  } finally {
    await Promise.all(
      lab.hosts
        .slice(0, 3)
        .map((host) =>
          runSsh([...control(host.name), '-O', 'exit', ...sshArgs(host.name)]).catch(() => {}),
        ),
    );
    rmSync(controlDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const problems = await labProblems();
  if (problems.length > 0) {
    console.error(`The lab is not up (${problems.join('; ')}). Start it with: npm run lab:up`);
    process.exitCode = 1;
    return;
  }
  const total = COMMANDS_PER_HOST * 3;
  console.log(`${total} commands (echo ok), ${COMMANDS_PER_HOST} on each of h1, h2, h3`);
  const ours = await timeOurs();
  const openssh = await timeOpenSsh();
  const row = (name: string, ms: number) =>
    `${name.padEnd(28)} ${ms.toFixed(0).padStart(7)} ms  ${(ms / total).toFixed(1).padStart(6)} ms/command`;
  console.log(row('executor (ssh2, shared)', ours));
  console.log(row('OpenSSH ssh + ControlMaster', openssh));
  console.log(`ratio executor / OpenSSH: ${(ours / openssh).toFixed(2)}`);
}

await main();
