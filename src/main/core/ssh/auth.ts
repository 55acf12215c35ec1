/**
 * The order in which a connection tries to log in: ssh-agent, Compose Farm's own key, the SSH
 * config's IdentityFiles, then OpenSSH's default key files. Encrypted keys ask for their
 * passphrase through a callback; a password is only ever used by `cf ssh setup`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// ssh2 is CommonJS, so Node's ESM loader exposes only its default export.
import ssh2 from 'ssh2';
import type {
  AnyAuthMethod,
  AuthHandlerMiddleware,
  AuthenticationType,
  NextAuthHandler,
  ParsedKey,
  Prompt,
} from 'ssh2';

import type { Logger, PassphrasePrompt } from '../executor/types';
import type { SshTarget } from './ssh-config';

/** Compose Farm's key, relative to the home folder (the same file Compose Farm uses). */
export const COMPOSE_FARM_KEY = join('.ssh', 'compose-farm', 'id_ed25519');

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((name) => join('.ssh', name));

export type AuthCandidate =
  | { readonly kind: 'agent'; readonly socket: string }
  | { readonly kind: 'key'; readonly path: string };

export interface AuthOptions {
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Lists the login methods for `target` in the order they are tried, leaving out missing key files. */
export function authCandidates(target: SshTarget, options: AuthOptions): AuthCandidate[] {
  const candidates: AuthCandidate[] = [];
  const socket = target.identityAgent ?? options.env.SSH_AUTH_SOCK;
  // With IdentitiesOnly, OpenSSH offers only the configured files, so the agent stays out.
  const onlyFiles = target.identitiesOnly && target.identityFiles.length > 0;
  if (
    target.useAgent &&
    !onlyFiles &&
    socket !== undefined &&
    socket !== '' &&
    existsSync(socket)
  ) {
    candidates.push({ kind: 'agent', socket });
  }

  // Compose Farm's own key is offered even with IdentitiesOnly (after the configured files),
  // because `cf ssh setup` installed it for exactly these hosts.
  const composeFarmKey = join(options.home, COMPOSE_FARM_KEY);
  const keys = [
    ...(onlyFiles ? [] : [composeFarmKey]),
    ...target.identityFiles,
    ...(onlyFiles ? [composeFarmKey] : []),
    // OpenSSH falls back to its default files only when the config names none.
    ...(target.identityFiles.length === 0
      ? DEFAULT_KEYS.map((key) => join(options.home, key))
      : []),
  ];
  for (const path of new Set(keys)) {
    if (existsSync(path)) candidates.push({ kind: 'key', path });
  }
  return candidates;
}

export function describeCandidate(candidate: AuthCandidate, home: string): string {
  if (candidate.kind === 'agent') return 'ssh-agent';
  const shown = candidate.path.startsWith(`${home}/`)
    ? `~/${candidate.path.slice(home.length + 1)}`
    : candidate.path;
  return `key ${shown}`;
}

function isEncryptedKeyError(error: Error): boolean {
  return /passphrase|encrypted/i.test(error.message);
}

/** Keys decrypted once stay usable for reconnects, so the passphrase is asked once per run. */
const decryptedKeys = new Map<string, ParsedKey>();

/** How many wrong passphrases the user may type before the key is skipped. */
const PASSPHRASE_ATTEMPTS = 3;

/**
 * Reads a private key, asking for its passphrase when it is encrypted. Undefined when the key
 * cannot be used (unreadable, unsupported, or no passphrase given).
 */
export async function loadPrivateKey(
  path: string,
  context: { host: string; askPassphrase?: PassphrasePrompt; logger: Logger },
): Promise<ParsedKey | undefined> {
  const cached = decryptedKeys.get(path);
  if (cached) return cached;
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    context.logger.warn(`cannot read key ${path}: ${(error as Error).message}`);
    return undefined;
  }

  const parsed = ssh2.utils.parseKey(data);
  if (!(parsed instanceof Error)) return Array.isArray(parsed) ? parsed[0] : parsed;
  if (!isEncryptedKeyError(parsed)) {
    context.logger.warn(`skipping key ${path}: ${parsed.message}`);
    return undefined;
  }
  if (context.askPassphrase === undefined) {
    context.logger.info(`skipping encrypted key ${path}: no way to ask for its passphrase`);
    return undefined;
  }
  for (let attempt = 1; attempt <= PASSPHRASE_ATTEMPTS; attempt++) {
    const passphrase = await context.askPassphrase({ host: context.host, keyPath: path });
    if (passphrase === undefined) return undefined;
    const decrypted = ssh2.utils.parseKey(data, passphrase);
    if (!(decrypted instanceof Error)) {
      const key = Array.isArray(decrypted) ? decrypted[0] : decrypted;
      decryptedKeys.set(path, key);
      return key;
    }
    context.logger.info(`wrong passphrase for ${path} (attempt ${attempt})`);
  }
  return undefined;
}

/** A password or keyboard-interactive login, for installing a key on a host. */
export type PasswordPrompt = (request: {
  readonly host: string;
  readonly user: string;
  readonly prompt: string;
}) => Promise<string | undefined>;

export interface AuthPlan {
  readonly host: string;
  readonly username: string;
  readonly candidates: readonly AuthCandidate[];
  readonly home: string;
  readonly askPassphrase?: PassphrasePrompt;
  /** Offered after the keys, for `cf ssh setup` only. */
  readonly askPassword?: PasswordPrompt;
  readonly logger: Logger;
  /** Called while a prompt waits for the user, so the connect timeout can pause. */
  readonly onPrompt?: (waiting: boolean) => void;
}

export interface AuthTracker {
  /** ssh2's authHandler. */
  readonly handler: AuthHandlerMiddleware;
  /** Methods offered so far, in order. */
  readonly tried: string[];
  /** The method offered last: the one that succeeded once the connection is ready. */
  current(): string | undefined;
}

/** Feeds ssh2 one login method at a time, skipping methods the server does not accept. */
export function createAuthTracker(plan: AuthPlan): AuthTracker {
  const queue: Array<AuthCandidate | { kind: 'password' } | { kind: 'keyboard-interactive' }> = [
    ...plan.candidates,
    ...(plan.askPassword
      ? [{ kind: 'password' as const }, { kind: 'keyboard-interactive' as const }]
      : []),
  ];
  const tried: string[] = [];
  const username = plan.username;
  const prompted = async <T>(ask: () => Promise<T>): Promise<T> => {
    plan.onPrompt?.(true);
    try {
      return await ask();
    } finally {
      plan.onPrompt?.(false);
    }
  };

  const offer = async (
    methodsLeft: AuthenticationType[] | null,
  ): Promise<AnyAuthMethod | false> => {
    const allows = (method: string) =>
      methodsLeft === null || methodsLeft.includes(method as AuthenticationType);
    for (;;) {
      const candidate = queue.shift();
      if (candidate === undefined) return false;
      if (candidate.kind === 'agent' && allows('publickey')) {
        tried.push('ssh-agent');
        return { type: 'agent', username, agent: candidate.socket };
      }
      if (candidate.kind === 'key' && allows('publickey')) {
        const key = await prompted(() =>
          loadPrivateKey(candidate.path, {
            host: plan.host,
            askPassphrase: plan.askPassphrase,
            logger: plan.logger,
          }),
        );
        if (key === undefined) continue;
        tried.push(describeCandidate(candidate, plan.home));
        return { type: 'publickey', username, key };
      }
      const askPassword = plan.askPassword;
      if (candidate.kind === 'password' && askPassword && allows('password')) {
        const password = await prompted(() =>
          askPassword({ host: plan.host, user: username, prompt: `${username}'s password` }),
        );
        if (password === undefined) continue;
        tried.push('password');
        return { type: 'password', username, password };
      }
      if (
        candidate.kind === 'keyboard-interactive' &&
        askPassword &&
        allows('keyboard-interactive')
      ) {
        tried.push('keyboard-interactive');
        return {
          type: 'keyboard-interactive',
          username,
          prompt: (_name, _instructions, _lang, prompts: Prompt[], finish) => {
            void prompted(async () => {
              const answers: string[] = [];
              for (const prompt of prompts) {
                const answer = await askPassword({
                  host: plan.host,
                  user: username,
                  prompt: prompt.prompt.trim(),
                });
                answers.push(answer ?? '');
              }
              finish(answers);
            });
          },
        };
      }
    }
  };

  return {
    handler: (methodsLeft, _partialSuccess, next: NextAuthHandler) => {
      // ssh2 takes `false` for "no more methods", which its typings leave out.
      const stop = () => next(false as unknown as AuthenticationType);
      offer(methodsLeft).then(
        (method) => (method === false ? stop() : next(method)),
        () => stop(),
      );
    },
    tried,
    current: () => tried[tried.length - 1],
  };
}
