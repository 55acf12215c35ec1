import type { Command } from 'commander';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import ssh2 from 'ssh2';

import type { HostConfig } from '../../core/config/types';
import { createExecutors, isLocalAddress } from '../../core/executor';
import type { AllExecutorOptions } from '../../core/executor';
import type { ExecError, Executors, HostCheck } from '../../core/executor/types';
import type { PasswordPrompt } from '../../core/ssh/auth';
import { COMPOSE_FARM_KEY } from '../../core/ssh/auth';
import type { CliContext } from '../context';
import { askPasswordOnTerminal, confirmHostKeyOnTerminal } from '../prompts';
import { loadConfigOrExit } from '../context';
import { CliExit, ExitCode } from '../exit';
import { createCliExecutors } from '../executors';
import { HelpGroup } from '../program';
import { renderTable } from '../table';

/** The edges of the ssh commands outside the process; tests replace these. */
export interface SshCommandDeps {
  /** Executors for status and setup, built from these options. */
  readonly createExecutors?: (options: AllExecutorOptions) => Executors;
  /** Asks for a host's password during setup. */
  readonly askPassword?: PasswordPrompt;
}

function homeOf(context: CliContext): string {
  return context.env.HOME ?? homedir();
}

export function composeFarmKeyPath(context: CliContext): string {
  return join(homeOf(context), COMPOSE_FARM_KEY);
}

/** Writes Compose Farm's key pair (OpenSSH format, ed25519, no passphrase). */
export function generateComposeFarmKey(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  chmodSync(dirname(path), 0o700);
  const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'compose-farm' });
  writeFileSync(path, pair.private, { mode: 0o600 });
  writeFileSync(`${path}.pub`, `${pair.public}\n`, { mode: 0o644 });
}

export function sshKeygen(context: CliContext, options: { force?: boolean }): void {
  const path = composeFarmKeyPath(context);
  if (existsSync(path) && !options.force) {
    context.out.warning(`SSH key already exists: ${path}`);
    context.out.detail(
      'Use `cf ssh keygen --force` to replace it (hosts then need `cf ssh setup` again).',
    );
    return;
  }
  rmSync(path, { force: true });
  rmSync(`${path}.pub`, { force: true });
  try {
    generateComposeFarmKey(path);
  } catch (error) {
    context.out.error(`Could not write the SSH key ${path}: ${(error as Error).message}`);
    throw new CliExit(ExitCode.failed);
  }
  context.out.success(`SSH key created: ${path}`);
  context.out.line(`Public key: ${path}.pub`);
  context.out.line('Next: run `cf ssh setup` to install it on your hosts.');
}

function statusText(check: HostCheck): string {
  switch (check.error?.code) {
    case undefined:
      return 'OK';
    case 'auth-failed':
      return 'Auth failed';
    case 'host-key-unknown':
      return 'Host key unknown';
    case 'host-key-changed':
      return 'Host key CHANGED';
    case 'host-key-revoked':
      return 'Host key revoked';
    case 'timeout':
      return `Timeout (${Math.round(check.error.timeoutMs / 1000)}s)`;
    default:
      return 'Unreachable';
  }
}

function shortKey(text: string): string {
  return text.length > 60 ? `${text.slice(0, 30)}...${text.slice(-20)}` : text;
}

function reportError(context: CliContext, error: ExecError): void {
  context.out.error(error.message);
  context.out.detail(error.hint);
}

export async function sshStatus(
  context: CliContext,
  options: { config?: string; acceptNewHostKeys?: boolean },
): Promise<void> {
  const config = await loadConfigOrExit(context, options.config);
  const key = composeFarmKeyPath(context);
  const hasKey = existsSync(`${key}.pub`);
  if (hasKey) {
    context.out.line(`SSH key: ${key}`);
    context.out.line(`  ${shortKey(readFileSync(`${key}.pub`, 'utf8').trim())}`);
  }

  const create = context.createExecutors ?? createCliExecutors;
  const executors = await create({
    acceptNewHostKeys: options.acceptNewHostKeys === true,
    interactive: context.interactive,
  });
  try {
    const hosts = [...config.hosts.values()].sort((a, b) => a.name.localeCompare(b.name));
    const checks = await Promise.all(hosts.map((host) => executors.forHost(host).check()));
    const rows = checks.map((check) => [
      check.host,
      check.target,
      statusText(check),
      check.authMethod ?? '-',
      check.hostKey,
      check.latencyMs === undefined ? '-' : `${check.latencyMs} ms`,
    ]);
    const columns = ['Host', 'Address', 'Status', 'Auth', 'Host key', 'Latency'].map((header) => ({
      header,
    }));
    for (const line of renderTable(columns, rows, context.out.colors)) context.out.line(line);
    const failed = checks.filter((check) => check.error !== undefined);
    for (const check of failed) if (check.error) reportError(context, check.error);
    // The key matters only where a login failed; other hosts log in with the user's own keys.
    if (!hasKey && failed.some((check) => check.error?.code === 'auth-failed')) {
      context.out.detail(`No Compose Farm SSH key at ${key} yet: \`cf ssh setup\` creates it.`);
    }
    if (failed.length > 0) throw new CliExit(ExitCode.failed);
  } finally {
    await executors.closeAll();
  }
}

const INSTALL_KEY_SCRIPT = [
  'umask 077',
  'mkdir -p "$HOME/.ssh"',
  'touch "$HOME/.ssh/authorized_keys"',
  'if grep -qxF -- "$1" "$HOME/.ssh/authorized_keys"; then echo present; exit 0; fi',
  // A file without a final newline would glue the new key onto its last line.
  'if [ -s "$HOME/.ssh/authorized_keys" ] && [ -n "$(tail -c1 "$HOME/.ssh/authorized_keys")" ]; then echo >> "$HOME/.ssh/authorized_keys"; fi',
  'printf "%s\\n" "$1" >> "$HOME/.ssh/authorized_keys" && echo added',
].join('\n');

export async function sshSetup(
  context: CliContext,
  options: { config?: string; force?: boolean; acceptNewHostKeys?: boolean },
  deps: SshCommandDeps = {},
): Promise<void> {
  const config = await loadConfigOrExit(context, options.config);
  const remote = [...config.hosts.values()].filter((host) => !isLocalAddress(host.address));
  if (remote.length === 0) {
    context.out.line('No remote hosts configured.');
    return;
  }
  const key = composeFarmKeyPath(context);
  if (!existsSync(key) || options.force) sshKeygen(context, { force: true });
  const publicKey = readFileSync(`${key}.pub`, 'utf8').trim().split(/\s+/).slice(0, 3).join(' ');

  const home = homeOf(context);
  const interactive = context.interactive;
  const base: AllExecutorOptions = {
    home,
    env: context.env,
    acceptNewHostKeys: options.acceptNewHostKeys === true,
    ...(interactive ? { confirmHostKey: confirmHostKeyOnTerminal } : {}),
  };
  const create = deps.createExecutors ?? createExecutors;
  const askPassword = deps.askPassword ?? (interactive ? askPasswordOnTerminal : undefined);
  // The login that installs the key may use a password; the check afterwards may not.
  const installing = create({ ...base, ...(askPassword ? { askPassword } : {}) });
  const checking = create({ ...base, env: {} });

  let configured = 0;
  try {
    for (const host of remote) {
      if (await setupHost(context, host, publicKey, installing, checking)) configured++;
    }
  } finally {
    await Promise.all([installing.closeAll(), checking.closeAll()]);
  }
  if (configured === remote.length) {
    context.out.success(`Setup complete. ${configured}/${remote.length} hosts configured.`);
    return;
  }
  context.out.error(`Setup incomplete. ${configured}/${remote.length} hosts configured.`);
  throw new CliExit(ExitCode.failed);
}

async function setupHost(
  context: CliContext,
  host: HostConfig,
  publicKey: string,
  installing: Executors,
  checking: Executors,
): Promise<boolean> {
  const result = await installing.forHost(host).run({
    argv: ['sh', '-c', INSTALL_KEY_SCRIPT, 'sh', publicKey],
    timeoutMs: 30_000,
  });
  if (result.end.type === 'error') {
    reportError(context, result.end.error);
    return false;
  }
  if (!result.success) {
    context.out.error(
      `Could not write ~/.ssh/authorized_keys on ${host.name}: ${result.stderr.trim()}`,
    );
    context.out.detail('Check that the user may write to its home folder on that host.');
    return false;
  }
  const check = await checking.forHost(host).check();
  if (check.error || check.authMethod !== `key ~/${COMPOSE_FARM_KEY}`) {
    context.out.error(
      `${host.name} still does not accept Compose Farm's key (${check.error?.message ?? check.authMethod}).`,
    );
    context.out.detail(
      `Check AuthorizedKeysFile and PubkeyAuthentication in the sshd_config of ${host.name}.`,
    );
    return false;
  }
  const state = result.stdout.trim() === 'present' ? 'key already installed' : 'key installed';
  context.out.success(`${host.name}: ${state}`);
  return true;
}

export function registerSshCommand(program: Command, context: CliContext): void {
  const ssh = program
    .command('ssh')
    .description("manage Compose Farm's SSH key and check the connections to the hosts")
    .helpGroup(HelpGroup.configuration);

  ssh
    .command('keygen')
    .description(`create Compose Farm's SSH key (~/${COMPOSE_FARM_KEY})`)
    .option('-f, --force', 'replace an existing key')
    .action((options: { force?: boolean }) => sshKeygen(context, options));

  ssh
    .command('status')
    .description('check each host: reachable, login method, host key, latency')
    .option('-c, --config <path>', 'the config file to use instead of searching for one')
    .option('--accept-new-host-keys', 'trust and record keys of hosts never seen before')
    .action((options: { config?: string; acceptNewHostKeys?: boolean }) =>
      sshStatus(context, options),
    );

  ssh
    .command('setup')
    .description("install Compose Farm's public key on every remote host")
    .option('-c, --config <path>', 'the config file to use instead of searching for one')
    .option('-f, --force', 'create a new key pair first')
    .option('--accept-new-host-keys', 'trust and record keys of hosts never seen before')
    .action((options: { config?: string; force?: boolean; acceptNewHostKeys?: boolean }) =>
      sshSetup(context, options),
    );
}
