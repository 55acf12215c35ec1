import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import type { HostKeyPrompt, PassphrasePrompt } from '../core/executor/types';
import type { PasswordPrompt } from '../core/ssh/auth';

/**
 * The prompt being shown, if any. Connections to several hosts run at once, and each may need
 * an answer; questions wait for each other so that one answer never reaches several of them.
 */
let current: Promise<unknown> = Promise.resolve();

function oneAtATime<T>(ask: () => Promise<T>): Promise<T> {
  const next = current.then(ask, ask);
  current = next.catch(() => undefined);
  return next;
}

/**
 * Asks a question on the terminal (on stderr, so stdout stays clean for results). With `secret`,
 * what is typed is not echoed. Ctrl+C returns undefined. Questions are asked one at a time.
 */
export function askOnTerminal(question: string, secret: boolean): Promise<string | undefined> {
  return oneAtATime(() => askNow(question, secret));
}

async function askNow(question: string, secret: boolean): Promise<string | undefined> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const prompt = createInterface({ input: process.stdin, output, terminal: true });
  const aborted = new Promise<undefined>((resolve) =>
    prompt.once('SIGINT', () => resolve(undefined)),
  );
  try {
    const answer = prompt.question(question);
    muted = secret;
    return await Promise.race([answer, aborted]);
  } finally {
    muted = false;
    if (secret) process.stderr.write('\n');
    prompt.close();
  }
}

/** Shows an unknown host key's fingerprint and asks whether to trust it, as ssh does. */
export async function confirmHostKeyOnTerminal(request: HostKeyPrompt): Promise<boolean> {
  const answer = await oneAtATime(() => {
    process.stderr.write(
      `The host key of ${request.host} (${request.knownHostsName}) is not known yet.\n` +
        `${request.keyType} key fingerprint is ${request.fingerprint}.\n`,
    );
    return askNow(`Trust the key of ${request.host} and add it to known_hosts? [y/N] `, false);
  });
  return /^y(es)?$/i.test(answer?.trim() ?? '');
}

export const askPassphraseOnTerminal: PassphrasePrompt = async ({ host, keyPath }) => {
  const answer = await askOnTerminal(`Passphrase for ${keyPath} (to reach ${host}): `, true);
  return answer === '' ? undefined : answer;
};

export const askPasswordOnTerminal: PasswordPrompt = async ({ host, user }) =>
  askOnTerminal(`Password for ${user} on ${host} (used once, to install the key): `, true);

/** Asks a yes/no question on the terminal; anything but y or yes, and Ctrl+C, is no. */
export async function confirmOnTerminal(question: string): Promise<boolean> {
  const answer = await askOnTerminal(question, false);
  return /^y(es)?$/i.test(answer?.trim() ?? '');
}
