/**
 * The executor's expected failures, each with a message that names the host and the cause and
 * a hint with the next step. Operations show them unchanged.
 */
import type { ExecError } from './types';

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

export function unreachableError(host: string, address: string, cause: string): ExecError {
  return {
    code: 'unreachable',
    host,
    address,
    message: `Cannot reach ${host} at ${address}: ${cause}.`,
    hint: `Check that ${host} is up and that sshd listens at ${address}, then try again.`,
  };
}

export function authFailedError(host: string, target: string, tried: string[]): ExecError {
  if (tried.length === 0) {
    return {
      code: 'auth-failed',
      host,
      tried,
      message:
        `No login method to offer ${target} for ${host}: no ssh-agent key, no IdentityFile ` +
        'from ~/.ssh/config, and no default or Compose Farm key file.',
      hint:
        `Run \`cf ssh setup\`, or add an IdentityFile in ~/.ssh/config under a Host line that ` +
        `matches ${host}'s address in compose-farm.yaml (not its name there).`,
    };
  }
  const methods = tried.join(', ');
  return {
    code: 'auth-failed',
    host,
    tried,
    message: `${target} rejected every login method for ${host} (tried: ${methods}).`,
    hint:
      `Run \`cf ssh setup\` to install Compose Farm's key on ${host}, ` +
      'or load a key the host accepts into ssh-agent.',
  };
}

export function hostKeyUnknownError(
  host: string,
  knownHostsName: string,
  keyType: string,
  fingerprint: string,
): ExecError {
  return {
    code: 'host-key-unknown',
    host,
    keyType,
    fingerprint,
    message: `The host key of ${host} (${knownHostsName}) is not in known_hosts: ${keyType} ${fingerprint}.`,
    hint:
      'Compare the fingerprint with the one on the host (ssh-keygen -lf on its host key). ' +
      'If they match, answer y when a terminal asks, trust it on the host page of the app, ' +
      'or pass --accept-new-host-keys in scripts.',
  };
}

export function hostKeyChangedError(
  host: string,
  knownHostsName: string,
  details: {
    keyType: string;
    fingerprint: string;
    knownFingerprint: string;
    file: string;
    line: number;
  },
): ExecError {
  const removeCommand = `ssh-keygen -R '${knownHostsName}' -f '${details.file}'`;
  return {
    code: 'host-key-changed',
    host,
    keyType: details.keyType,
    fingerprint: details.fingerprint,
    knownFingerprint: details.knownFingerprint,
    knownHostsFile: details.file,
    knownHostsLine: details.line,
    removeCommand,
    message:
      `The host key of ${host} (${knownHostsName}) has changed: line ${details.line} of ` +
      `${details.file} lists ${details.knownFingerprint}, the host now presents ` +
      `${details.keyType} ${details.fingerprint}. The connection was refused.`,
    hint:
      'Someone may be intercepting the connection. If the host was reinstalled or its key ' +
      `replaced on purpose, remove the old entry with \`${removeCommand}\` and connect again.`,
  };
}

export function hostKeyRevokedError(
  host: string,
  keyType: string,
  fingerprint: string,
  file: string,
): ExecError {
  return {
    code: 'host-key-revoked',
    host,
    keyType,
    fingerprint,
    message: `${host} presents a host key that ${file} marks @revoked (${keyType} ${fingerprint}).`,
    hint: `Give ${host} a new host key, or remove the @revoked line if the revocation was a mistake.`,
  };
}

export function connectTimeoutError(host: string, address: string, timeoutMs: number): ExecError {
  return {
    code: 'timeout',
    phase: 'connect',
    host,
    timeoutMs,
    message: `${host} (${address}) did not complete the SSH handshake within ${seconds(timeoutMs)}.`,
    hint:
      `Check that ${address} runs sshd on that port and is not overloaded; ` +
      'raise ConnectTimeout in ~/.ssh/config for a slow link.',
  };
}

export function commandTimeoutError(host: string, command: string, timeoutMs: number): ExecError {
  return {
    code: 'timeout',
    phase: 'command',
    host,
    timeoutMs,
    message: `\`${command}\` on ${host} ran longer than ${seconds(timeoutMs)} and was stopped.`,
    hint: 'Run it again with a longer timeout if it needs more time.',
  };
}

export function cancelledError(host: string, command: string): ExecError {
  return {
    code: 'cancelled',
    host,
    message: `\`${command}\` on ${host} was cancelled.`,
    hint: 'Run it again when needed.',
  };
}

export function connectionLostError(host: string, cause: string): ExecError {
  return {
    code: 'connection-lost',
    host,
    message: `The SSH connection to ${host} dropped before the command finished (${cause}).`,
    hint: 'The command may have done part of its work: check the stack with `cf ps`, then retry.',
  };
}

export function channelRefusedError(host: string, attempts: number, cause: string): ExecError {
  return {
    code: 'channel-refused',
    host,
    message: `${host} rejected ${attempts} requests to open a session (${cause}).`,
    hint: `Raise MaxSessions in the sshd_config of ${host}, or run fewer commands on it at once.`,
  };
}

export function spawnFailedError(host: string, program: string, cause: string): ExecError {
  return {
    code: 'spawn-failed',
    host,
    message: `Could not start ${program} on ${host}: ${cause}.`,
    hint: `Check that ${program} is installed and on the PATH, and that the folder exists.`,
  };
}

export function sshConfigError(host: string, file: string, cause: string): ExecError {
  return {
    code: 'ssh-config-invalid',
    host,
    message: `Cannot use ${file} for ${host}: ${cause}.`,
    hint: `Fix ${file}, or set address, user and port for ${host} in compose-farm.yaml.`,
  };
}

/** Formats an error as one line for logs and the CLI: the message, then the hint. */
export function formatExecError(error: ExecError): string {
  return `${error.message} ${error.hint}`;
}
