import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { createExecutors } from '../core/executor';
import type { Executors, HostKeyPrompt, PassphrasePrompt } from '../core/executor/types';
import type { ExecutorRequest } from './context';

/** Asks a question on the terminal; with `secret`, what is typed is not echoed. */
async function ask(question: string, secret = false): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const prompt = createInterface({ input: process.stdin, output, terminal: true });
  try {
    const answer = prompt.question(question);
    muted = secret;
    return await answer;
  } finally {
    muted = false;
    if (secret) process.stderr.write('\n');
    prompt.close();
  }
}

async function confirmHostKey(request: HostKeyPrompt): Promise<boolean> {
  process.stderr.write(
    `The host key of ${request.host} (${request.knownHostsName}) is not known yet.\n` +
      `${request.keyType} key fingerprint is ${request.fingerprint}.\n`,
  );
  const answer = await ask('Trust this key and add it to ~/.ssh/known_hosts? [y/N] ');
  return /^y(es)?$/i.test(answer.trim());
}

const askPassphrase: PassphrasePrompt = async ({ host, keyPath }) => {
  const answer = await ask(`Passphrase for ${keyPath} (to reach ${host}): `, true);
  return answer === '' ? undefined : answer;
};

/**
 * The executors of the command line. On a terminal, an unknown host key and a key's passphrase
 * are asked for; without one, unknown keys are rejected unless `--accept-new-host-keys` is given.
 */
export async function createCliExecutors(request: ExecutorRequest): Promise<Executors> {
  return createExecutors({
    acceptNewHostKeys: request.acceptNewHostKeys,
    ...(request.interactive ? { confirmHostKey, askPassphrase } : {}),
  });
}
