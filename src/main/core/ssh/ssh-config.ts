/**
 * Resolution of a host's connection settings: compose-farm.yaml first, then the user's SSH config,
 * then the system's (`Host` aliases and patterns, HostName, User, Port, IdentityFile,
 * IdentitiesOnly, ProxyJump, ConnectTimeout, ServerAliveInterval, UserKnownHostsFile,
 * HashKnownHosts), then OpenSSH's defaults.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SSHConfig from 'ssh-config';

import { readSshConfigText } from './config-include';

import type { HostConfig } from '../config/types';

export interface SshTarget {
  /** The name the host was looked up by: an address or an SSH config alias. */
  readonly alias: string;
  /** The TCP destination: HostName, or the alias itself. */
  readonly hostname: string;
  readonly port: number;
  readonly user: string;
  /** IdentityFile entries, `~` and `%` tokens expanded, in order. */
  readonly identityFiles: readonly string[];
  readonly identitiesOnly: boolean;
  /** False when the config sets `IdentityAgent none`. */
  readonly useAgent: boolean;
  /** An agent socket named by IdentityAgent, instead of SSH_AUTH_SOCK. */
  readonly identityAgent?: string;
  readonly knownHostsFiles: readonly string[];
  /** HashKnownHosts: new known_hosts entries name the host by a salted hash. */
  readonly hashKnownHosts: boolean;
  readonly connectTimeoutMs?: number;
  readonly serverAliveIntervalMs?: number;
  /** Jump hosts, the first one connected first. */
  readonly jumps: readonly SshTarget[];
}

export interface ResolveOptions {
  readonly home: string;
  /** The user's SSH config file; `<home>/.ssh/config` unless given. */
  readonly sshConfigPath?: string;
  /** The login name used when neither compose-farm.yaml nor the SSH config names a user. */
  readonly localUser: string;
  /** The system-wide SSH config, read after the user's; SYSTEM_SSH_CONFIG unless given, null for none. */
  readonly systemConfigPath?: string | null;
}

export const SYSTEM_SSH_CONFIG = '/etc/ssh/ssh_config';

export type ResolveResult =
  | { readonly ok: true; readonly target: SshTarget }
  | { readonly ok: false; readonly file: string; readonly cause: string };

/** Jump chains deeper than this are treated as a loop in the config. */
const MAX_JUMPS = 8;

type Computed = Record<string, string | string[]>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function all(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function expandPath(value: string, tokens: Record<string, string>, home: string): string {
  const withTokens = value.replace(/%([%dhprun])/g, (_, token: string) =>
    token === '%' ? '%' : (tokens[token] ?? ''),
  );
  if (withTokens === '~') return home;
  return withTokens.startsWith('~/') ? join(home, withTokens.slice(2)) : withTokens;
}

function seconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value) * 1000;
}

/** `user@host:port`, `host:port`, `[v6]:port` or `host`, as ProxyJump writes a hop. */
export function parseJumpHop(hop: string): { user?: string; host: string; port?: number } {
  let rest = hop.trim().replace(/^ssh:\/\//, '');
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
  }
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed) {
    return {
      user,
      host: bracketed[1] ?? '',
      port: bracketed[2] ? Number(bracketed[2]) : undefined,
    };
  }
  const withPort = /^([^:]+):(\d+)$/.exec(rest);
  if (withPort) return { user, host: withPort[1] ?? '', port: Number(withPort[2]) };
  return { user, host: rest };
}

function parseConfig(file: string, home: string, folder: string): SSHConfig | undefined {
  return existsSync(file) ? SSHConfig.parse(readSshConfigText(file, home, folder)) : undefined;
}

/**
 * Merges the user's and the system's settings as OpenSSH does: the first value of an option
 * wins, except IdentityFile, whose values add up.
 */
function mergeComputed(user: Computed, system: Computed): Computed {
  const merged: Computed = { ...system, ...user };
  const identities = [...all(user.identityfile), ...all(system.identityfile)];
  if (identities.length > 0) merged.identityfile = identities;
  return merged;
}

class Resolver {
  private readonly config: SSHConfig | undefined;
  private readonly systemConfig: SSHConfig | undefined;

  constructor(
    private readonly options: ResolveOptions,
    readonly file: string,
  ) {
    this.config = parseConfig(file, options.home, join(options.home, '.ssh'));
    const system =
      options.systemConfigPath === undefined ? SYSTEM_SSH_CONFIG : options.systemConfigPath;
    this.systemConfig =
      system === null ? undefined : parseConfig(system, options.home, dirname(system));
  }

  private compute(alias: string): Computed {
    // Match exec would run shell commands just to look a host up; OpenSSH users rarely need it
    // for the hosts of a farm, so those sections are skipped.
    const options = { ignoreCase: true, matchExec: false };
    return mergeComputed(
      this.config?.compute(alias, options) ?? {},
      this.systemConfig?.compute(alias, options) ?? {},
    );
  }

  resolve(alias: string, overrides: { user?: string; port?: number }, depth: number): SshTarget {
    if (depth > MAX_JUMPS) {
      throw new Error(`ProxyJump chains deeper than ${MAX_JUMPS} hops (is there a loop?)`);
    }
    const computed = this.compute(alias);
    const { home, localUser } = this.options;
    const hostname = first(computed.hostname) ?? alias;
    const port = overrides.port ?? Number(first(computed.port) ?? 22);
    const user = overrides.user ?? first(computed.user) ?? localUser;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`Port for ${alias} is not a valid port number`);
    }
    const tokens = { d: home, h: hostname, p: String(port), r: user, u: localUser, n: alias };
    const expand = (value: string) => expandPath(value, tokens, home);

    const agent = first(computed.identityagent);
    const knownHostsFiles = all(computed.userknownhostsfile)
      .flatMap((value) => value.split(/\s+/))
      .filter((value) => value !== '' && value !== 'none')
      .map(expand);

    const jumpValue = first(computed.proxyjump);
    const jumps: SshTarget[] = [];
    if (jumpValue !== undefined && jumpValue.toLowerCase() !== 'none') {
      for (const hop of jumpValue.split(',')) {
        const parsed = parseJumpHop(hop);
        const target = this.resolve(
          parsed.host,
          { user: parsed.user, port: parsed.port },
          depth + 1,
        );
        // A hop's own jump hosts come before it.
        jumps.push(...target.jumps, { ...target, jumps: [] });
      }
    }

    return {
      alias,
      hostname,
      port,
      user,
      identityFiles: all(computed.identityfile).map(expand),
      identitiesOnly: first(computed.identitiesonly)?.toLowerCase() === 'yes',
      useAgent: agent?.toLowerCase() !== 'none',
      ...(agent !== undefined && agent.toLowerCase() !== 'none' && agent !== 'SSH_AUTH_SOCK'
        ? { identityAgent: expand(agent) }
        : {}),
      knownHostsFiles:
        knownHostsFiles.length > 0
          ? knownHostsFiles
          : [join(home, '.ssh', 'known_hosts'), join(home, '.ssh', 'known_hosts2')],
      hashKnownHosts: first(computed.hashknownhosts)?.toLowerCase() === 'yes',
      connectTimeoutMs: seconds(first(computed.connecttimeout)),
      serverAliveIntervalMs: seconds(first(computed.serveraliveinterval)),
      jumps,
    };
  }
}

/**
 * Resolves a configured host through the SSH config. The address in compose-farm.yaml is looked
 * up as a `Host` alias; its user and port win over the file. Never touches DNS.
 */
export function resolveSshTarget(host: HostConfig, options: ResolveOptions): ResolveResult {
  const file = options.sshConfigPath ?? join(options.home, '.ssh', 'config');
  try {
    const resolver = new Resolver(options, file);
    return { ok: true, target: resolver.resolve(host.address, host, 0) };
  } catch (error) {
    return { ok: false, file, cause: error instanceof Error ? error.message : String(error) };
  }
}

/** `user@hostname:port`, for messages. */
export function describeTarget(target: SshTarget): string {
  return `${target.user}@${target.hostname}:${target.port}`;
}
