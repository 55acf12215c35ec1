/**
 * The lab as tests and the lab:up / lab:down commands see it: bring it up, tear it down,
 * describe it, and reach into one host's engine or sshd in the middle of a test.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';

import type { JumpHost, LabHost, LabLayout } from './layout';
import {
  BUSYBOX_IMAGE,
  DEFAULT_HOST_COUNT,
  MAX_HOST_COUNT,
  PASSWORD_USER,
  checkSocketPaths,
  labDir,
  labLayout,
  recordedHostCount,
} from './layout';
import * as hosts from './hosts';
import {
  buildImageTars,
  dockerEnv,
  fillRegistry,
  importBusybox,
  startRegistry,
  writeRegistryConfig,
} from './images';
import type { RunOptions, RunResult } from './process';
import { LAB_PATH, run, runningPid, stopByPidFile } from './process';

export type { LabHost, JumpHost } from './layout';

export interface LabInfo {
  dir: string;
  /** The private key every lab sshd accepts for root. */
  key: string;
  publicKey: string;
  knownHosts: string;
  /** ssh_config naming h1…, jump; `ssh -F` it, also for `-J jump`. */
  sshConfig: string;
  agentSocket: string;
  hosts: LabHost[];
  jump: JumpHost;
  registryUrl: string;
  /** `127.0.0.1:5000`, as it appears in image references. */
  registryAddress: string;
  passwordUser: { name: string; password: string; host: string };
  busyboxImage: string;
}

export interface UpOptions {
  hosts?: number;
  log?: (line: string) => void;
}

function toInfo(layout: LabLayout): LabInfo {
  return {
    dir: layout.dir,
    key: layout.key,
    publicKey: layout.publicKey,
    knownHosts: layout.knownHosts,
    sshConfig: layout.sshConfig,
    agentSocket: layout.agentSocket,
    hosts: layout.hosts,
    jump: layout.jump,
    registryUrl: layout.registry.url,
    registryAddress: layout.registry.address,
    passwordUser: { ...PASSWORD_USER },
    busyboxImage: BUSYBOX_IMAGE,
  };
}

/** Paths and addresses of the lab in CF_LAB_DIR (or `.lab`), whether it runs or not. */
export function labInfo(dir = labDir()): LabInfo {
  return toInfo(labLayout(dir));
}

/** Lists the parts of the lab that are not running; empty when the whole lab is up. */
export async function labProblems(dir = labDir()): Promise<string[]> {
  const layout = labLayout(dir);
  if (!existsSync(layout.stateFile)) return [`no lab in ${dir}`];
  const problems: string[] = [];
  const check = (pidFile: string, program: string, what: string) => {
    if (runningPid(pidFile, program) === undefined) problems.push(`${what} is not running`);
  };
  for (const host of layout.hosts) {
    check(host.sshdPidFile, 'sshd', `sshd of ${host.name}`);
    check(host.dockerPidFile, 'dockerd', `dockerd of ${host.name}`);
    if (!(await hosts.pingDocker(host.dockerSocket))) {
      problems.push(`dockerd of ${host.name} does not answer on ${host.dockerSocket}`);
    }
  }
  check(layout.jump.sshdPidFile, 'sshd', 'sshd of the jump host');
  check(layout.registry.pidFile, 'docker-registry', 'the registry');
  check(layout.agentPidFile, 'ssh-agent', 'the ssh-agent');
  return problems;
}

async function checkPrerequisites(): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new Error('The lab runs sshd and dockerd as root: run lab:up as root.');
  }
  const missing: string[] = [];
  for (const tool of ['sshd', 'dockerd', 'docker', 'docker-registry', 'ssh-agent', 'busybox']) {
    const found = await run('sh', ['-c', `command -v ${tool}`]).then(
      () => true,
      () => false,
    );
    if (!found) missing.push(tool);
  }
  const compose = await run('docker', ['compose', 'version', '--short']).then(
    (result) => result.stdout.trim(),
    () => '',
  );
  if (!/^v?2\./.test(compose)) missing.push('docker compose v2');
  if (missing.length > 0) {
    throw new Error(
      `The lab needs ${missing.join(', ')}. Install them with: sudo bash test/lab/install.sh`,
    );
  }
}

/** Brings up every part of the lab that is not running yet; parts that run are left alone. */
export async function upLab(options: UpOptions = {}): Promise<LabInfo> {
  const log = options.log ?? (() => {});
  const dir = labDir();
  const count = options.hosts ?? (existsSync(dir) ? recordedHostCount(dir) : DEFAULT_HOST_COUNT);
  if (!Number.isInteger(count) || count < 1 || count > MAX_HOST_COUNT) {
    throw new Error(`A lab has 1 to ${MAX_HOST_COUNT} hosts; got ${String(options.hosts)}.`);
  }
  const layout = labLayout(dir, count);
  checkSocketPaths(layout);
  await checkPrerequisites();

  for (const folder of [layout.dir, layout.imagesDir, layout.jump.dir, layout.registry.dir]) {
    mkdirSync(folder, { recursive: true });
  }
  for (const host of layout.hosts) mkdirSync(host.dir, { recursive: true });

  await hosts.ensureKey(layout.key, 'compose-farm-lab');
  await run('cp', [layout.publicKey, layout.authorizedKeys]);
  const machines = [layout.jump, ...layout.hosts];
  await Promise.all(machines.map((machine) => hosts.ensureKey(machine.hostKey, machine.name)));
  // A rotated key left behind by an interrupted test goes back to the one known_hosts lists.
  await Promise.all(machines.map((machine) => hosts.restoreHostKey(machine)));
  hosts.writeKnownHosts(layout);
  hosts.writeSshConfig(layout);
  for (const host of layout.hosts) hosts.writeHostSshdConfig(layout, host);
  hosts.writeJumpSshdConfig(layout);
  writeRegistryConfig(layout);
  await hosts.ensurePasswordUser();
  writeFileSync(layout.stateFile, `${JSON.stringify({ hosts: count }, null, 2)}\n`);

  log(`Starting ${count} hosts, the jump host, the registry and the agent in ${dir}`);
  await Promise.all([
    buildImageTars(layout),
    startRegistry(layout),
    hosts.startAgent(layout),
    ...machines.map((machine) => hosts.startSshd(machine)),
    ...layout.hosts.map((host) => hosts.startDockerd(host)),
  ]);

  log(`Importing ${BUSYBOX_IMAGE} and filling the registry`);
  const [first] = layout.hosts;
  await Promise.all([
    ...layout.hosts.map((host) => importBusybox(layout, host)),
    first ? fillRegistry(layout, first) : Promise.resolve(),
  ]);
  return toInfo(layout);
}

/** Stops every process the lab started (found by pid files); keeps all files. */
export async function downLab(dir = labDir()): Promise<string[]> {
  const layout = labLayout(dir, hostFoldersIn(dir));
  const stopped: string[] = [];
  const stop = async (what: string, action: () => Promise<boolean>) => {
    if (await action()) stopped.push(what);
  };
  await Promise.all([
    ...layout.hosts.map((host) => stop(`sshd ${host.name}`, () => hosts.stopSshd(host))),
    ...layout.hosts.map((host) => stop(`dockerd ${host.name}`, () => hosts.stopDockerd(host))),
    stop('sshd jump', () => hosts.stopSshd(layout.jump)),
    stop('registry', () => stopByPidFile(layout.registry.pidFile, 'docker-registry')),
    stop('ssh-agent', () => hosts.stopAgent(layout)),
  ]);
  return stopped;
}

/** Counts the hN folders, so that down also stops hosts of an earlier, larger lab. */
function hostFoldersIn(dir: string): number {
  if (!existsSync(dir)) return 0;
  const numbers = readdirSync(dir)
    .map((name) => /^h(\d+)$/.exec(name)?.[1])
    .filter((number): number is string => number !== undefined)
    .map(Number);
  return Math.max(0, ...numbers);
}

let ensured: Promise<LabInfo> | undefined;

/** Returns the running lab, starting it first when any part of it is down. */
export function ensureLab(options: UpOptions = {}): Promise<LabInfo> {
  ensured ??= (async () => {
    const problems = await labProblems();
    if (problems.length === 0 && options.hosts === undefined) return labInfo();
    return upLab(options);
  })().finally(() => {
    ensured = undefined;
  });
  return ensured;
}

function findHost(name: string, dir = labDir()): LabHost {
  const layout = labLayout(dir);
  const host = layout.hosts.find((candidate) => candidate.name === name);
  if (!host) {
    const names = layout.hosts.map((candidate) => candidate.name).join(', ');
    throw new Error(`No lab host ${name}; the lab in ${dir} has ${names}.`);
  }
  return host;
}

function findMachine(name: string): LabHost | JumpHost {
  return name === 'jump' ? labLayout().jump : findHost(name);
}

/** Runs the docker CLI against `host`'s engine directly, not over SSH. */
export function dockerOn(host: string, args: string[], options: RunOptions = {}) {
  const env = { ...dockerEnv(findHost(host)), ...options.env };
  return run('docker', args, { ...options, env }) as Promise<RunResult>;
}

/**
 * OpenSSH arguments that log in to `host` (h1…, or `jump`) as root with the lab key, checking
 * the host key strictly against the lab's known_hosts. `jump: true` goes through the jump
 * host. Append a command to run one.
 */
export function sshArgs(host: string, options: { jump?: boolean } = {}): string[] {
  const info = labInfo();
  const machine = findMachine(host);
  return [
    '-F',
    info.sshConfig,
    '-i',
    info.key,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${info.knownHosts}`,
    ...(options.jump ? ['-J', `root@${info.jump.address}:${info.jump.port}`] : []),
    '-p',
    String(machine.port),
    `root@${machine.address}`,
  ];
}

/** The environment for an ssh client that should use the lab's agent. */
export function agentEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PATH: LAB_PATH, SSH_AUTH_SOCK: labInfo().agentSocket };
}

export async function stopSshd(host: string): Promise<void> {
  await hosts.stopSshd(findMachine(host));
}

export async function startSshd(host: string): Promise<void> {
  await hosts.startSshd(findMachine(host));
}

export async function stopDockerd(host: string): Promise<void> {
  await hosts.stopDockerd(findHost(host));
}

export async function startDockerd(host: string): Promise<void> {
  await hosts.startDockerd(findHost(host));
}

/** Gives `host` a new host key, which the lab's known_hosts does not list. */
export async function rotateHostKey(host: string): Promise<void> {
  await hosts.rotateHostKey(findMachine(host));
}

export async function restoreHostKey(host: string): Promise<void> {
  await hosts.restoreHostKey(findMachine(host));
}

export { resetPasswordUserKeys } from './hosts';

/** True while `host`'s sshd runs (by its pid file). */
export function isSshdRunning(host: string): boolean {
  return runningPid(findMachine(host).sshdPidFile, 'sshd') !== undefined;
}
