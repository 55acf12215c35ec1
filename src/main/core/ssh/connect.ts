/**
 * Opens one verified SSH connection through each ProxyJump hop in turn. Each hop gets its own
 * host key check and login. The connect timeout pauses while a prompt waits for the user (a host
 * key to trust, a passphrase).
 */
// ssh2 is CommonJS, so Node's ESM loader exposes only its default export.
import ssh2 from 'ssh2';
import type { Client, ClientChannel } from 'ssh2';

import {
  authFailedError,
  connectTimeoutError,
  hostKeyChangedError,
  hostKeyRevokedError,
  hostKeyUnknownError,
  unreachableError,
} from '../executor/errors';
import type {
  ExecError,
  HostKeyPrompt,
  Logger,
  Outcome,
  PassphrasePrompt,
} from '../executor/types';
import type { PasswordPrompt } from './auth';
import { authCandidates, createAuthTracker } from './auth';
import {
  appendKnownHost,
  fingerprintOf,
  keyTypeOf,
  knownHostsName,
  knownKeyTypes,
  readKnownHosts,
  verifyHostKey,
} from './known-hosts';
import type { SshTarget } from './ssh-config';
import { describeTarget } from './ssh-config';

/** The part of an ssh2 Client a connection uses; tests may hand in their own. */
export type ClientFactory = () => Client;

export type HostKeyState = 'trusted' | 'accepted-new';

export interface ConnectOptions {
  /** The host's name in compose-farm.yaml, for messages. */
  readonly host: string;
  readonly target: SshTarget;
  readonly createClient?: ClientFactory;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  readonly connectTimeoutMs: number;
  readonly keepaliveIntervalMs: number;
  readonly acceptNewHostKeys: boolean;
  readonly confirmHostKey?: (prompt: HostKeyPrompt) => Promise<boolean>;
  readonly askPassphrase?: PassphrasePrompt;
  readonly askPassword?: PasswordPrompt;
  /** Files checked after the target's own known_hosts files; never written. */
  readonly globalKnownHostsFiles: readonly string[];
  readonly logger: Logger;
  readonly signal?: AbortSignal;
}

export interface Connected {
  readonly client: Client;
  /** Connections to the jump hosts, closed together with `client`. */
  readonly jumps: readonly Client[];
  readonly authMethod: string;
  readonly hostKey: HostKeyState;
}

/** ssh2 names for each key type known_hosts may list. */
const ALGORITHMS_FOR_KEY_TYPE: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/** A timer that can stop counting while the user answers a question. */
class PausableTimer {
  private timer: NodeJS.Timeout | undefined;
  private remaining: number;
  private startedAt = 0;
  private pauses = 0;

  constructor(
    durationMs: number,
    private readonly onExpire: () => void,
  ) {
    this.remaining = durationMs;
    this.start();
  }

  pause(waiting: boolean): void {
    if (waiting) {
      if (this.pauses++ === 0 && this.timer !== undefined) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.remaining -= Date.now() - this.startedAt;
      }
    } else if (--this.pauses === 0) {
      this.start();
    }
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pauses = Number.POSITIVE_INFINITY;
  }

  private start(): void {
    this.startedAt = Date.now();
    this.timer = setTimeout(this.onExpire, Math.max(0, this.remaining));
  }
}

function describeSocketError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused (no sshd listening on that port)';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'no route to the host';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the name does not resolve (not in DNS and not a Host in the SSH config)';
    case 'ECONNRESET':
      return 'the connection was reset during the handshake';
    default:
      return error.message;
  }
}

/** Connects to one hop, over `sock` when it is reached through the previous hop. */
function connectHop(
  options: ConnectOptions,
  hop: SshTarget,
  sock: ClientChannel | undefined,
): Promise<Outcome<{ client: Client; authMethod: string; hostKey: HostKeyState }>> {
  const { host, logger } = options;
  const address = `${hop.hostname}:${hop.port}`;
  const name = knownHostsName(hop.hostname, hop.port);
  const entries = readKnownHosts([...hop.knownHostsFiles, ...options.globalKnownHostsFiles]);
  const preferred = knownKeyTypes(entries, name).flatMap(
    (type) => ALGORITHMS_FOR_KEY_TYPE[type] ?? [],
  );
  const timeoutMs = hop.connectTimeoutMs ?? options.connectTimeoutMs;
  const client = (options.createClient ?? (() => new ssh2.Client()))();

  return new Promise((resolve) => {
    let failure: ExecError | undefined;
    let hostKey: HostKeyState = 'trusted';
    let settled = false;

    const settle = (
      outcome: Outcome<{ client: Client; authMethod: string; hostKey: HostKeyState }>,
    ) => {
      if (settled) return;
      settled = true;
      timer.clear();
      options.signal?.removeEventListener('abort', onAbort);
      if (!outcome.ok) {
        client.removeAllListeners('ready');
        client.on('error', () => {});
        client.end();
        client.destroy();
      }
      resolve(outcome);
    };
    const timer = new PausableTimer(timeoutMs, () =>
      settle({ ok: false, error: connectTimeoutError(host, address, timeoutMs) }),
    );
    const onAbort = () =>
      settle({
        ok: false,
        error: {
          code: 'cancelled',
          host,
          message: `Connecting to ${host} was cancelled.`,
          hint: 'Connect again when needed.',
        },
      });
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const auth = createAuthTracker({
      host,
      username: hop.user,
      candidates: authCandidates(hop, options),
      home: options.home,
      askPassphrase: options.askPassphrase,
      askPassword: options.askPassword,
      logger,
      onPrompt: (waiting) => timer.pause(waiting),
    });

    const hostVerifier = (key: Buffer, verify: (valid: boolean) => void) => {
      const verdict = verifyHostKey(entries, name, key);
      const keyType = keyTypeOf(key);
      const fingerprint = fingerprintOf(key);
      if (verdict.state === 'trusted') return verify(true);
      if (verdict.state === 'revoked') {
        failure = hostKeyRevokedError(host, keyType, fingerprint, verdict.entry.file);
        return verify(false);
      }
      if (verdict.state === 'changed') {
        failure = hostKeyChangedError(host, name, {
          keyType,
          fingerprint,
          knownFingerprint: `${verdict.entry.keyType} ${fingerprintOf(verdict.entry.key)}`,
          file: verdict.entry.file,
          line: verdict.entry.line,
        });
        return verify(false);
      }
      const file = hop.knownHostsFiles[0];
      const accept = () => {
        if (file !== undefined) appendKnownHost(file, name, key, { hashed: hop.hashKnownHosts });
        hostKey = 'accepted-new';
        logger.info(`added ${name} ${keyType} ${fingerprint} to ${file ?? 'no known_hosts file'}`);
        verify(true);
      };
      if (options.acceptNewHostKeys) return accept();
      const refuse = () => {
        failure = hostKeyUnknownError(host, name, keyType, fingerprint);
        verify(false);
      };
      if (options.confirmHostKey === undefined) return refuse();
      timer.pause(true);
      options
        .confirmHostKey({ host, knownHostsName: name, keyType, fingerprint })
        .then(
          (accepted) => (accepted ? accept() : refuse()),
          () => refuse(),
        )
        .finally(() => timer.pause(false));
    };

    client.once('ready', () => {
      const authMethod = auth.current() ?? 'none';
      logger.info(`connected to ${describeTarget(hop)} with ${authMethod}`);
      settle({ ok: true, value: { client, authMethod, hostKey } });
    });
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      if (failure !== undefined) return settle({ ok: false, error: failure });
      if (error.level === 'client-authentication') {
        return settle({ ok: false, error: authFailedError(host, describeTarget(hop), auth.tried) });
      }
      const cause =
        error.level === 'client-socket' || error.code ? describeSocketError(error) : error.message;
      settle({ ok: false, error: unreachableError(host, address, cause) });
    });
    client.on('close', () => {
      settle({
        ok: false,
        error:
          failure ?? unreachableError(host, address, 'the connection closed during the handshake'),
      });
    });

    logger.debug(`connecting to ${describeTarget(hop)}${sock ? ' through the jump host' : ''}`);
    client.connect({
      ...(sock ? { sock } : { host: hop.hostname, port: hop.port }),
      username: hop.user,
      hostVerifier,
      authHandler: auth.handler,
      // The connect timeout is ours (it pauses for prompts); ssh2's own one is kept out of the way.
      readyTimeout: 2_147_483_647,
      keepaliveInterval: hop.serverAliveIntervalMs ?? options.keepaliveIntervalMs,
      keepaliveCountMax: 3,
      ...(preferred.length > 0
        ? { algorithms: { serverHostKey: { remove: preferred, prepend: preferred } as never } }
        : {}),
    });
  });
}

function forward(client: Client, target: SshTarget): Promise<Outcome<ClientChannel>> {
  return new Promise((resolve) => {
    client.forwardOut('127.0.0.1', 0, target.hostname, target.port, (error, channel) => {
      if (error) {
        resolve({
          ok: false,
          error: unreachableError('', `${target.hostname}:${target.port}`, error.message),
        });
      } else {
        resolve({ ok: true, value: channel });
      }
    });
  });
}

/** Connects through every jump host to the target; on failure, closes what was opened. */
export async function connectTarget(options: ConnectOptions): Promise<Outcome<Connected>> {
  const hops = [...options.target.jumps, options.target];
  const opened: Client[] = [];
  const closeAll = () => {
    for (const client of opened) client.end();
  };
  let sock: ClientChannel | undefined;

  for (const [index, hop] of hops.entries()) {
    const result = await connectHop(options, hop, sock);
    if (!result.ok) {
      closeAll();
      const via = index > 0 ? ` (through jump host ${hops[index - 1]?.alias})` : '';
      const error =
        index < hops.length - 1
          ? { ...result.error, message: `Jump host ${hop.alias}: ${result.error.message}` }
          : { ...result.error, message: `${result.error.message.replace(/\.$/, '')}${via}.` };
      return { ok: false, error };
    }
    opened.push(result.value.client);
    const next = hops[index + 1];
    if (next === undefined) {
      return {
        ok: true,
        value: {
          client: result.value.client,
          jumps: opened.slice(0, -1),
          authMethod: result.value.authMethod,
          hostKey: result.value.hostKey,
        },
      };
    }
    const channel = await forward(result.value.client, next);
    if (!channel.ok) {
      closeAll();
      return {
        ok: false,
        error: unreachableError(
          options.host,
          `${next.hostname}:${next.port}`,
          `jump host ${hop.alias} could not open a connection to it (${channel.error.message})`,
        ),
      };
    }
    sock = channel.value;
  }
  throw new Error('unreachable: a target always has at least one hop');
}
