import type { HostConnection, HostSummary } from '../../../shared/contract';

/** The origin of a connection setting. */
export type SettingSource = 'compose-farm.yaml' | '~/.ssh/config' | 'default';

export interface ConnectionPart {
  readonly value: string;
  readonly source: SettingSource;
  /** True when the source is a guess between ~/.ssh/config and OpenSSH's default. */
  readonly uncertain: boolean;
}

export interface ConnectionParts {
  readonly user: ConnectionPart;
  readonly hostname: ConnectionPart;
  readonly port: ConnectionPart;
  /** `user@host:port` of each jump host, first hop first. Jump hosts only come from ~/.ssh/config. */
  readonly jumps: readonly string[];
}

const DEFAULT_SSH_PORT = 22;

/**
 * Splits the resolved connection of `host` into user, host name and port, each with where it
 * comes from. compose-farm.yaml wins where it sets a value. Otherwise a host name or port that
 * differs from the address or from 22 comes from ~/.ssh/config.
 */
export function connectionParts(host: HostSummary, connection: HostConnection): ConnectionParts {
  const hostname: ConnectionPart =
    connection.hostname === host.address
      ? { value: connection.hostname, source: 'compose-farm.yaml', uncertain: false }
      : { value: connection.hostname, source: '~/.ssh/config', uncertain: false };

  let port: ConnectionPart;
  if (host.port !== null) {
    port = { value: String(connection.port), source: 'compose-farm.yaml', uncertain: false };
  } else if (connection.port !== DEFAULT_SSH_PORT) {
    port = { value: String(connection.port), source: '~/.ssh/config', uncertain: false };
  } else {
    port = { value: String(connection.port), source: 'default', uncertain: false };
  }

  // NOTE: hosts.connection does not say whether a user came from ~/.ssh/config or from the
  // login name that OpenSSH falls back to, so a user the config lacks is marked as either.
  const user: ConnectionPart =
    host.user !== null
      ? { value: connection.user, source: 'compose-farm.yaml', uncertain: false }
      : { value: connection.user, source: '~/.ssh/config', uncertain: true };

  return { user, hostname, port, jumps: connection.jumps };
}

/** Returns the tooltip text that names the origin of a part. */
export function sourceText(part: ConnectionPart): string {
  if (part.uncertain) return 'from ~/.ssh/config, or your login name when it sets none';
  if (part.source === 'default') return "OpenSSH's default";
  return `from ${part.source}`;
}
