/**
 * Where the lab keeps its files and which loopback addresses its hosts use. Pure path
 * arithmetic: nothing here touches the disk except reading the lab's own lab.json.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SSH_PORT = 2222;
export const REGISTRY_ADDRESS = '127.0.0.1:5000';
export const REGISTRY_URL = `http://${REGISTRY_ADDRESS}`;
export const JUMP_ADDRESS = '127.0.0.10';
export const DEFAULT_HOST_COUNT = 3;
/** Each host's engine takes a /14 of 10.0.0.0/8 for its networks, which leaves room for 60. */
export const MAX_HOST_COUNT = 60;
export const BUSYBOX_IMAGE = 'local/busybox:1';
export const APP_REPOSITORY = 'lab/app';
export const APP_TAGS = ['1.0', '1.1', '2.0'] as const;
/** The user on h1 that logs in with a password only, for key-setup tests. */
export const PASSWORD_USER = { name: 'cfpass', password: 'cfpass-lab-password', host: 'h1' };

/** Unix socket paths longer than this fail to bind (sun_path has room for 108 bytes). */
const SOCKET_PATH_LIMIT = 100;

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface LabHost {
  name: string;
  address: string;
  port: number;
  dir: string;
  dockerSocket: string;
  dockerHost: string;
  dockerPidFile: string;
  dockerLog: string;
  dataRoot: string;
  /** dockerd's exec-root and containerd's sockets: kept short, under /run. */
  execRoot: string;
  sshdConfig: string;
  sshdPidFile: string;
  sshdLog: string;
  hostKey: string;
}

export interface JumpHost {
  name: 'jump';
  address: string;
  port: number;
  dir: string;
  sshdConfig: string;
  sshdPidFile: string;
  sshdLog: string;
  hostKey: string;
}

export interface LabLayout {
  dir: string;
  key: string;
  publicKey: string;
  authorizedKeys: string;
  knownHosts: string;
  sshConfig: string;
  agentSocket: string;
  agentPidFile: string;
  stateFile: string;
  imagesDir: string;
  registry: {
    url: string;
    address: string;
    dir: string;
    config: string;
    storage: string;
    pidFile: string;
    log: string;
  };
  jump: JumpHost;
  hosts: LabHost[];
}

/** Returns the lab folder: CF_LAB_DIR when set, else `.lab` in the repository. */
export function labDir(): string {
  const fromEnv = process.env.CF_LAB_DIR;
  return fromEnv ? resolve(fromEnv) : join(repoRoot, '.lab');
}

/** Returns the host count of the last lab:up in `dir` (lab.json), else the default. */
export function recordedHostCount(dir: string): number {
  const stateFile = join(dir, 'lab.json');
  if (!existsSync(stateFile)) return DEFAULT_HOST_COUNT;
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { hosts?: unknown };
  return typeof state.hosts === 'number' ? state.hosts : DEFAULT_HOST_COUNT;
}

export function hostAddress(index: number): string {
  return `127.0.0.${10 + index}`;
}

export function labLayout(dir = labDir(), hostCount = recordedHostCount(dir)): LabLayout {
  // Several lab folders may run at once; the hash keeps their exec roots apart.
  const runtimeRoot = `/run/cflab-${createHash('sha256').update(dir).digest('hex').slice(0, 8)}`;
  const hosts: LabHost[] = [];
  for (let index = 1; index <= hostCount; index++) {
    const name = `h${index}`;
    const hostDir = join(dir, name);
    const dockerSocket = join(hostDir, 'docker.sock');
    hosts.push({
      name,
      address: hostAddress(index),
      port: SSH_PORT,
      dir: hostDir,
      dockerSocket,
      dockerHost: `unix://${dockerSocket}`,
      dockerPidFile: join(hostDir, 'docker.pid'),
      dockerLog: join(hostDir, 'dockerd.log'),
      dataRoot: join(hostDir, 'docker'),
      execRoot: join(runtimeRoot, name),
      sshdConfig: join(hostDir, 'sshd_config'),
      sshdPidFile: join(hostDir, 'sshd.pid'),
      sshdLog: join(hostDir, 'sshd.log'),
      hostKey: join(hostDir, 'ssh_host_ed25519_key'),
    });
  }

  const jumpDir = join(dir, 'jump');
  const registryDir = join(dir, 'registry');
  return {
    dir,
    key: join(dir, 'id_ed25519'),
    publicKey: join(dir, 'id_ed25519.pub'),
    authorizedKeys: join(dir, 'authorized_keys'),
    knownHosts: join(dir, 'known_hosts'),
    sshConfig: join(dir, 'ssh_config'),
    agentSocket: join(dir, 'agent.sock'),
    agentPidFile: join(dir, 'agent.pid'),
    stateFile: join(dir, 'lab.json'),
    imagesDir: join(dir, 'images'),
    registry: {
      url: REGISTRY_URL,
      address: REGISTRY_ADDRESS,
      dir: registryDir,
      config: join(registryDir, 'config.yml'),
      storage: join(registryDir, 'storage'),
      pidFile: join(registryDir, 'registry.pid'),
      log: join(registryDir, 'registry.log'),
    },
    jump: {
      name: 'jump',
      address: JUMP_ADDRESS,
      port: SSH_PORT,
      dir: jumpDir,
      sshdConfig: join(jumpDir, 'sshd_config'),
      sshdPidFile: join(jumpDir, 'sshd.pid'),
      sshdLog: join(jumpDir, 'sshd.log'),
      hostKey: join(jumpDir, 'ssh_host_ed25519_key'),
    },
    hosts,
  };
}

/** Throws when a socket path of the lab would be too long to bind, naming the way out. */
export function checkSocketPaths(layout: LabLayout): void {
  const sockets = [layout.agentSocket, ...layout.hosts.map((host) => host.dockerSocket)];
  for (const socket of sockets) {
    if (socket.length > SOCKET_PATH_LIMIT) {
      throw new Error(
        `Lab socket path ${socket} is ${socket.length} characters, more than a unix socket ` +
          `allows (${SOCKET_PATH_LIMIT}). Set CF_LAB_DIR to a shorter folder, e.g. /tmp/cf-lab.`,
      );
    }
  }
}
