import { createExecutors } from '../core/executor';
import type { Executors } from '../core/executor/types';
import type { ExecutorRequest } from './context';
import { askPassphraseOnTerminal, confirmHostKeyOnTerminal } from './prompts';

/**
 * Creates the executors of the command line. On a terminal, an unknown host key and a key's passphrase
 * are asked for; without one, unknown keys are rejected unless `--accept-new-host-keys` is given.
 */
export async function createCliExecutors(request: ExecutorRequest): Promise<Executors> {
  return createExecutors({
    acceptNewHostKeys: request.acceptNewHostKeys,
    ...(request.interactive
      ? { confirmHostKey: confirmHostKeyOnTerminal, askPassphrase: askPassphraseOnTerminal }
      : {}),
  });
}
