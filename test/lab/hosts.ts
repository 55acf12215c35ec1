/**
 * The lab's machines: per host an sshd and a dockerd, a jump host, the lab key with its
 * known_hosts, an ssh-agent, and the password-only user.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';

import type { JumpHost, LabHost, LabLayout } from './layout';
import { PASSWORD_USER } from './layout';
import {
  LAB_PATH,
  isListening,
  readPid,
  run,
  runningPid,
  spawnDaemon,
  stopByPidFile,
  tailOf,
  waitFor,
} from './process';

const SSHD = '/usr/sbin/sshd';
/** A port nothing listens on: dockerd's proxy, so pulls from outside fail at once. */
const CLOSED_PROXY = 'http://127.0.0.1:9';
const ORIGINAL_KEY_SUFFIX = '.lab-original';

export async function ensureKey(path: string, comment: string): Promise<void> {
  if (existsSync(path) && existsSync(`${path}.pub`)) return;
  rmSync(path, { force: true });
  rmSync(`${path}.pub`, { force: true });
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
}

function publicKeyOf(keyPath: string): string {
  return readFileSync(`${keyPath}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
}

/** known_hosts lines for every sshd of the lab, from the keys the lab issued them. */
export function writeKnownHosts(layout: LabLayout): void {
  const machines: Array<LabHost | JumpHost> = [layout.jump, ...layout.hosts];
  const lines = machines.map((machine) => {
    const original = `${machine.hostKey}${ORIGINAL_KEY_SUFFIX}`;
    const key = existsSync(`${original}.pub`) ? original : machine.hostKey;
    return `[${machine.address}]:${machine.port} ${publicKeyOf(key)}`;
  });
  writeFileSync(layout.knownHosts, `${lines.join('\n')}\n`);
}

/**
 * An ssh_config for the lab's names (h1…, jump) and addresses. With `-F` it also reaches the
 * second ssh that `-J` starts, which command-line `-o` options do not.
 */
export function writeSshConfig(layout: LabLayout): void {
  const machines: Array<LabHost | JumpHost> = [layout.jump, ...layout.hosts];
  const lines: string[] = [];
  for (const machine of machines) {
    lines.push(`Host ${machine.name} ${machine.address}`, `  HostName ${machine.address}`);
  }
  lines.push(
    'Host *',
    '  User root',
    `  Port ${layout.jump.port}`,
    `  IdentityFile ${layout.key}`,
    '  IdentitiesOnly yes',
    '  IdentityAgent none',
    `  UserKnownHostsFile ${layout.knownHosts}`,
    '  GlobalKnownHostsFile /dev/null',
    '  StrictHostKeyChecking yes',
    '  BatchMode yes',
    '  ConnectTimeout 10',
  );
  writeFileSync(layout.sshConfig, `${lines.join('\n')}\n`);
}

function commonSshdLines(layout: LabLayout, machine: LabHost | JumpHost): string[] {
  return [
    `ListenAddress ${machine.address}:${machine.port}`,
    `HostKey ${machine.hostKey}`,
    `PidFile ${machine.sshdPidFile}`,
    `AuthorizedKeysFile ${layout.authorizedKeys}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    // Without PAM, sshd checks passwords against /etc/shadow itself and keeps no sessions
    // in the system's login records.
    'UsePAM no',
    // The lab folder lives in a checkout whose permissions sshd would otherwise judge.
    'StrictModes no',
    'MaxSessions 10',
    'X11Forwarding no',
    'PrintMotd no',
    'PrintLastLog no',
    'LogLevel VERBOSE',
  ];
}

export function writeHostSshdConfig(layout: LabLayout, host: LabHost): void {
  const lines = [
    `# Lab host ${host.name}: sessions reach only this host's dockerd.`,
    ...commonSshdLines(layout, host),
    'AllowTcpForwarding yes',
    `SetEnv DOCKER_HOST=${host.dockerHost}`,
    // As in Debian's default sshd_config.
    'AcceptEnv LANG LC_*',
    'Subsystem sftp internal-sftp',
  ];
  if (host.name === PASSWORD_USER.host) {
    lines.push(
      // Password login for this user only. Its own authorized_keys starts empty, so the lab key
      // is rejected until a key-setup test adds a key there.
      `Match User ${PASSWORD_USER.name}`,
      '  PasswordAuthentication yes',
      '  AuthorizedKeysFile .ssh/authorized_keys',
    );
  }
  writeFileSync(host.sshdConfig, `${lines.join('\n')}\n`);
}

export function writeJumpSshdConfig(layout: LabLayout): void {
  const targets = layout.hosts.map((host) => `${host.address}:*`).join(' ');
  const lines = [
    '# Lab jump host: forwards TCP to the lab hosts only.',
    ...commonSshdLines(layout, layout.jump),
    'AllowTcpForwarding local',
    `PermitOpen ${targets}`,
  ];
  writeFileSync(layout.jump.sshdConfig, `${lines.join('\n')}\n`);
}

/** Starts one sshd (lab host or jump host) unless it already runs. */
export async function startSshd(machine: LabHost | JumpHost): Promise<void> {
  if (runningPid(machine.sshdPidFile, 'sshd') !== undefined) return;
  if (await isListening(machine.address, machine.port)) {
    throw new Error(
      `${machine.address}:${machine.port} is taken by a process the lab did not start ` +
        `(no live pid in ${machine.sshdPidFile}); stop it and run lab:up again.`,
    );
  }
  // sshd refuses to start without its privilege separation folder.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  rmSync(machine.sshdPidFile, { force: true });
  await run(SSHD, ['-f', machine.sshdConfig, '-E', machine.sshdLog]).catch((error: Error) => {
    throw new Error(`sshd of ${machine.name} did not start: ${error.message}`, { cause: error });
  });
  try {
    await waitFor(
      async () =>
        readPid(machine.sshdPidFile) !== undefined &&
        (await isListening(machine.address, machine.port)),
      `sshd of ${machine.name} on ${machine.address}:${machine.port}`,
      10_000,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${tailOf(machine.sshdLog)}`, { cause: error });
  }
}

export async function stopSshd(machine: LabHost | JumpHost): Promise<boolean> {
  return stopByPidFile(machine.sshdPidFile, 'sshd');
}

/** Returns whether the engine behind `socket` replies to a ping. */
export function pingDocker(socket: string): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const req = request({ socketPath: socket, path: '/_ping', timeout: 2_000 }, (response) => {
      response.resume();
      resolvePromise(response.statusCode === 200);
    });
    req.on('error', () => resolvePromise(false));
    req.on('timeout', () => {
      req.destroy();
      resolvePromise(false);
    });
    req.end();
  });
}

/** Each engine draws its networks from its own /14, so hundreds of /24 networks fit. */
function addressPool(host: LabHost): string {
  const index = Number(host.name.slice(1));
  return `base=10.${index * 4}.0.0/14,size=24`;
}

export async function startDockerd(host: LabHost): Promise<void> {
  if (runningPid(host.dockerPidFile, 'dockerd') !== undefined) {
    await waitFor(() => pingDocker(host.dockerSocket), `dockerd of ${host.name}`, 60_000);
    return;
  }
  mkdirSync(host.dataRoot, { recursive: true });
  // An empty config file keeps a machine-wide /etc/docker/daemon.json out of the lab.
  const configFile = `${host.dir}/daemon.json`;
  writeFileSync(configFile, '{}\n');
  rmSync(host.dockerSocket, { force: true });
  const env = {
    PATH: LAB_PATH,
    HOME: process.env.HOME ?? '/root',
    HTTP_PROXY: CLOSED_PROXY,
    HTTPS_PROXY: CLOSED_PROXY,
    NO_PROXY: '127.0.0.0/8,localhost,::1',
    http_proxy: CLOSED_PROXY,
    https_proxy: CLOSED_PROXY,
    no_proxy: '127.0.0.0/8,localhost,::1',
  };
  const args = [
    `--config-file=${configFile}`,
    '--storage-driver=vfs',
    '--iptables=false',
    '--ip6tables=false',
    '--bridge=none',
    `--data-root=${host.dataRoot}`,
    `--exec-root=${host.execRoot}`,
    `--pidfile=${host.dockerPidFile}`,
    `--host=${host.dockerHost}`,
    `--default-address-pool=${addressPool(host)}`,
    // Lab containers are mostly `sleep`, which ignores SIGTERM as pid 1: an init process in
    // front of it makes `docker stop` and `compose down` quick instead of waiting 10 s each.
    '--init',
    '--shutdown-timeout=2',
  ];
  const pid = spawnDaemon('dockerd', args, { logFile: host.dockerLog, env });
  try {
    await waitFor(
      async () => {
        if (readPid(host.dockerPidFile) === undefined && !existsSync(`/proc/${pid}`)) {
          throw new Error(`dockerd of ${host.name} exited at start`);
        }
        return pingDocker(host.dockerSocket);
      },
      `dockerd of ${host.name} on ${host.dockerSocket}`,
      60_000,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${tailOf(host.dockerLog)}`, { cause: error });
  }
}

export async function stopDockerd(host: LabHost): Promise<boolean> {
  const stopped = await stopByPidFile(host.dockerPidFile, 'dockerd', 30_000);
  // dockerd bind-mounts its data root onto itself and undoes that on a clean exit only; a
  // leftover mount would make the lab folder impossible to delete.
  if (readFileSync('/proc/self/mountinfo', 'utf8').includes(` ${host.dataRoot} `)) {
    await run('umount', [host.dataRoot]);
  }
  return stopped;
}

/**
 * Gives one host a new host key, so that the lab's known_hosts no longer matches it. The
 * original key is kept beside it for restoreHostKey.
 */
export async function rotateHostKey(host: LabHost | JumpHost): Promise<void> {
  const original = `${host.hostKey}${ORIGINAL_KEY_SUFFIX}`;
  if (!existsSync(original)) {
    renameSync(host.hostKey, original);
    renameSync(`${host.hostKey}.pub`, `${original}.pub`);
  }
  rmSync(host.hostKey, { force: true });
  rmSync(`${host.hostKey}.pub`, { force: true });
  await ensureKey(host.hostKey, `lab-${host.name}-rotated`);
  await restartIfRunning(host);
}

/** Puts back the key known_hosts lists for this host (no-op when it was never rotated). */
export async function restoreHostKey(host: LabHost | JumpHost): Promise<void> {
  const original = `${host.hostKey}${ORIGINAL_KEY_SUFFIX}`;
  if (!existsSync(original)) return;
  renameSync(original, host.hostKey);
  renameSync(`${original}.pub`, `${host.hostKey}.pub`);
  await restartIfRunning(host);
}

async function restartIfRunning(host: LabHost | JumpHost): Promise<void> {
  if (await stopSshd(host)) await startSshd(host);
}

export async function startAgent(layout: LabLayout): Promise<void> {
  const env = { ...process.env, PATH: LAB_PATH, SSH_AUTH_SOCK: layout.agentSocket };
  if (runningPid(layout.agentPidFile, 'ssh-agent') === undefined) {
    rmSync(layout.agentSocket, { force: true });
    const { stdout } = await run('ssh-agent', ['-s', '-a', layout.agentSocket]);
    const pid = /SSH_AGENT_PID=(\d+)/.exec(stdout)?.[1];
    if (!pid) throw new Error(`ssh-agent did not report its pid: ${stdout}`);
    writeFileSync(layout.agentPidFile, `${pid}\n`);
  }
  const listed = await run('ssh-add', ['-L'], { env }).catch(() => ({ stdout: '' }));
  if (!listed.stdout.includes(publicKeyOf(layout.key))) {
    await run('ssh-add', [layout.key], { env });
  }
}

export async function stopAgent(layout: LabLayout): Promise<boolean> {
  const stopped = await stopByPidFile(layout.agentPidFile, 'ssh-agent');
  rmSync(layout.agentSocket, { force: true });
  return stopped;
}

/** Creates the password-only user (a real account on this machine) and sets its password. */
export async function ensurePasswordUser(): Promise<void> {
  const exists = await run('id', ['-u', PASSWORD_USER.name]).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await run('useradd', ['--create-home', '--shell', '/bin/sh', PASSWORD_USER.name]);
  }
  await run('chpasswd', [], { input: `${PASSWORD_USER.name}:${PASSWORD_USER.password}\n` });
}

/** Empties the password user's authorized_keys, undoing what a key-setup test added. */
export function resetPasswordUserKeys(): void {
  rmSync(`/home/${PASSWORD_USER.name}/.ssh/authorized_keys`, { force: true });
}
