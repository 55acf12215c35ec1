/**
 * Times `cf ps` and `cf refresh --dry-run` on a farm of 60 stacks over 3 lab hosts, next to the
 * floor: one new SSH connection and one `docker ps` per host, all hosts at once. Then the same
 * through the lab's delay proxy. Needs the lab (`npm run lab:up`); run with `npm run bench`.
 *
 * Both are timed inside this process, so Node's start-up is not counted on either side.
 */
import { readFileSync, mkdtempSync, mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'ssh2';
import type { CliContext } from '../src/main/cli/context';
import { createOutput } from '../src/main/cli/output';
import { runCli } from '../src/main/cli/program';
import { createExecutors } from '../src/main/core/executor';
import { SNAPSHOT_ARGV } from '../src/main/core/operations/snapshot';
import { quoteShellArg } from '../src/main/core/executor/shell-quote';
import { ensureLab } from '../test/lab/lab';
import type { LabInfo } from '../test/lab/lab';
import { startDelayProxy } from '../test/lab/delay-proxy';
import { generateFarm } from '../test/lab/farm';

const STACKS = 60;
const RUNS = 7;
/** Added to each direction by the proxy, so a round trip gains twice this. */
const DELAY_MS = 50;

interface Target {
  readonly name: string;
  readonly address: string;
  readonly port: number;
}

class Discard {
  readonly isTTY = false;
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** A home whose ssh config and known_hosts reach the lab hosts, also at the proxy addresses. */
function benchHome(lab: LabInfo, aliases: ReadonlyMap<string, string>): string {
  const home = mkdtempSync(join(tmpdir(), 'cf-bench-home-'));
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  copyFileSync(lab.key, join(home, '.ssh', 'id_ed25519'));
  const known = readFileSync(lab.knownHosts, 'utf8').split('\n').filter(Boolean);
  const extra: string[] = [];
  for (const [alias, original] of aliases) {
    for (const line of known) {
      if (line.startsWith(`${original} `))
        extra.push(`${alias} ${line.slice(original.length + 1)}`);
    }
  }
  writeFileSync(join(home, '.ssh', 'known_hosts'), [...known, ...extra, ''].join('\n'));
  writeFileSync(
    join(home, '.ssh', 'config'),
    'Host *\n  IdentitiesOnly yes\n  IdentityAgent none\n',
  );
  return home;
}

function writeConfig(dir: string, composeDir: string, targets: readonly Target[]): string {
  const hosts = targets
    .map((host) => `  ${host.name}: {address: ${host.address}, port: ${host.port}, user: root}`)
    .join('\n');
  const stacks = [...Array(STACKS).keys()]
    .map(
      (index) =>
        `  s${String(index + 1).padStart(2, '0')}: ${targets[index % targets.length]?.name}`,
    )
    .join('\n');
  const path = join(dir, `compose-farm-${targets[0]?.port}.yaml`);
  writeFileSync(path, `compose_dir: ${composeDir}\nhosts:\n${hosts}\nstacks:\n${stacks}\n`);
  return path;
}

async function cf(args: string[], home: string, cwd: string): Promise<number> {
  const stdout = new Discard();
  const stderr = new Discard();
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete env.SSH_AUTH_SOCK;
  const context: CliContext = {
    out: createOutput({ stdout, stderr, env }),
    stdout,
    stderr,
    env,
    cwd,
    interactive: false,
    createExecutors: () => Promise.resolve(createExecutors({ home, env })),
  };
  const code = await runCli(args, context);
  if (code !== 0) throw new Error(`cf ${args.join(' ')} exited ${code}: ${stderr.text}`);
  return code;
}

/** One connection and one `docker ps` per host, all at once: the least any status query costs. */
function floorOnce(targets: readonly Target[], key: Buffer): Promise<void[]> {
  const command = SNAPSHOT_ARGV.map(quoteShellArg).join(' ');
  return Promise.all(
    targets.map(
      (target) =>
        new Promise<void>((resolve, reject) => {
          const client = new Client();
          client
            .on('ready', () => {
              client.exec(command, (error, channel) => {
                if (error) return reject(error);
                channel.on('data', () => {}).stderr.on('data', () => {});
                channel.on('close', () => {
                  client.end();
                  resolve();
                });
              });
            })
            .on('error', reject)
            .connect({
              host: target.address,
              port: target.port,
              username: 'root',
              privateKey: key,
            });
        }),
    ),
  );
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  await run(); // warm-up: file caches, the engines' first query
  for (let index = 0; index < RUNS; index++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function measure(
  label: string,
  config: string,
  targets: readonly Target[],
  home: string,
  key: Buffer,
  cwd: string,
) {
  const floor = await time(() => floorOnce(targets, key));
  const ps = await time(() => cf(['ps', '-c', config], home, cwd));
  const refresh = await time(() => cf(['refresh', '--dry-run', '-c', config], home, cwd));
  const row = (name: string, ms: number) =>
    `  ${name.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms   ${(ms / floor).toFixed(2)}× floor`;
  console.log(`${label}`);
  console.log(`  ${'floor'.padEnd(22)} ${floor.toFixed(0).padStart(6)} ms`);
  console.log(row('cf ps', ps));
  console.log(row('cf refresh --dry-run', refresh));
}

async function main(): Promise<void> {
  const lab = await ensureLab();
  const hosts = lab.hosts.slice(0, 3);
  const dir = mkdtempSync(join(tmpdir(), 'cf-bench-'));
  const farm = generateFarm({ dir, stacks: STACKS, hosts });
  const key = readFileSync(lab.key);

  const proxies = await Promise.all(
    hosts.map((host, index) =>
      startDelayProxy({
        target: { host: host.address, port: host.port },
        delayMs: DELAY_MS,
        listenHost: `127.0.0.${111 + index}`,
        listenPort: host.port,
      }),
    ),
  );
  const direct: Target[] = hosts.map((host) => ({
    name: host.name,
    address: host.address,
    port: host.port,
  }));
  const delayed: Target[] = hosts.map((host, index) => ({
    name: host.name,
    address: proxies[index]?.host ?? '',
    port: proxies[index]?.port ?? 0,
  }));
  const aliases = new Map(
    hosts.map((host, index) => [
      `[${delayed[index]?.address}]:${delayed[index]?.port}`,
      `[${host.address}]:${host.port}`,
    ]),
  );
  const home = benchHome(lab, aliases);
  const directConfig = farm.configPath;
  const delayedConfig = writeConfig(dir, farm.composeDir, delayed);

  console.log(`Starting ${STACKS} stacks on ${hosts.length} lab hosts...`);
  await cf(['up', '--all', '-c', directConfig], home, dir);
  try {
    console.log(`Medians of ${RUNS} runs after one warm-up, timed inside one Node process:`);
    await measure('direct (loopback)', directConfig, direct, home, key, dir);
    await measure(
      `through the delay proxy (+${DELAY_MS} ms each way)`,
      delayedConfig,
      delayed,
      home,
      key,
      dir,
    );
  } finally {
    await cf(['down', '--all', '-c', directConfig], home, dir).catch((error: unknown) => {
      console.error(`Cleaning up the farm failed: ${String(error)}`);
    });
    await Promise.all(proxies.map((proxy) => proxy.close()));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
