import { setMaxListeners } from 'node:events';
import type { Command } from 'commander';
import { sshHostAddress } from '../core/operations/host-address';
import type { Config } from '../core/config/types';
import type { Executors } from '../core/executor/types';
import { HostLimiter } from '../core/operations/context';
import type { OperationContext } from '../core/operations/context';
import type { OperationEvent } from '../core/operations/events';
import { stateFilePath } from '../core/state/path';
import type { CliContext } from './context';
import { CliExit, ExitCode } from './exit';
import { createEventPrinter } from './render';

export interface SshOptions {
  acceptNewHostKeys?: boolean;
}

/** Adds the options every command that reaches hosts shares. */
export function addSshOptions(command: Command): Command {
  return command.option(
    '--accept-new-host-keys',
    'trust and record the key of a host never seen before without asking (never a changed key)',
  );
}

export interface OperationRun {
  readonly operation: OperationContext;
  readonly events: OperationEvent[];
}

/**
 * Runs `action` with an operation context whose events are printed as they come, and closes every
 * SSH connection afterwards. Ctrl+C aborts the operation: what runs is stopped, `Interrupted` is
 * printed and the command ends with 130.
 */
export async function withOperation<T>(
  context: CliContext,
  config: Config,
  options: SshOptions & { prefix: boolean },
  action: (run: OperationRun) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  // Every running command listens for the abort; a farm runs many at once.
  setMaxListeners(0, controller.signal);
  const print = createEventPrinter(context, { prefix: options.prefix });
  const events: OperationEvent[] = [];
  if (context.createExecutors === undefined) {
    throw new Error('this CLI was started without a way to reach hosts (createExecutors)');
  }
  const executors: Executors = await context.createExecutors({
    acceptNewHostKeys: options.acceptNewHostKeys === true,
    interactive: context.interactive,
  });

  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts > 1) process.exit(ExitCode.interrupted);
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);

  const operation: OperationContext = {
    config,
    executors,
    statePath: stateFilePath(config),
    signal: controller.signal,
    limiter: new HostLimiter(),
    hostAddress: sshHostAddress(config, context.env),
    emit: (event) => {
      events.push(event);
      print(event);
    },
  };

  try {
    const value = await action({ operation, events });
    if (controller.signal.aborted) {
      context.out.error('Interrupted');
      throw new CliExit(ExitCode.interrupted);
    }
    return value;
  } finally {
    process.off('SIGINT', onInterrupt);
    await executors.closeAll();
  }
}
