import type { OperationContext } from './context';
import { exitCodeOf, runCompose } from './context';
import { upArguments } from './compose-command';
import type { StackResult } from './events';
import { failed, succeeded } from './events';
import { preflight } from './preflight';
import { recordSingleHost } from './state-changes';

export interface UpOptions {
  /** `--pull always`: fetch newer images before starting. */
  readonly pull?: boolean;
  /** `--build`: rebuild images that the stack builds. */
  readonly build?: boolean;
  /** Start only this service of the stack. */
  readonly service?: string;
}

/**
 * Moves a single-host stack from `from` to `to` with as little downtime as possible, and never
 * leaves it stopped on both when something fails:
 * 1. preflight on the new host;
 * 2. pull and build there while the old host still serves;
 * 3. `down` on the old host, `up -d` on the new one;
 * 4. if that start fails: `down` on the new host and, if the stack ran before, `up -d` on the
 *    old host again.
 * The state file moves to the new host only after the new host started the stack.
 */
export async function migrateStack(
  context: OperationContext,
  stack: string,
  from: string,
  to: string,
  options: UpOptions = {},
): Promise<StackResult> {
  const say = (level: 'info' | 'warning' | 'error' | 'success', text: string) =>
    context.emit({ type: 'message', level, text, stack, host: to });

  const problems = await preflight(context, stack, to);
  if (problems.length > 0) {
    context.emit({ type: 'preflight-failed', stack, host: to, problems });
    return failed(stack, to, 1, { message: `cannot start on ${to}: preflight failed` });
  }
  if (context.signal?.aborted) return cancelled(stack, to);

  const fromInConfig = context.config.hosts.has(from);
  let wasRunning = false;

  if (fromInConfig) {
    wasRunning = await isRunningOn(context, stack, from);
    say('info', `Migrating from ${from} → ${to}...`);

    for (const [step, args] of [
      ['Pull', ['pull', '--ignore-buildable']],
      ['Build', ['build']],
    ] as const) {
      const result = await runCompose(context, stack, to, args);
      if (!result.success) {
        say('error', `${step} failed on ${to}, leaving ${stack} on ${from}`);
        return failed(stack, to, exitCodeOf(result), {
          message: `${step.toLowerCase()} failed on ${to}; ${stack} still runs on ${from}`,
          ...(result.end.type === 'error' ? { error: result.end.error } : {}),
        });
      }
      if (context.signal?.aborted) return cancelled(stack, to);
    }

    const down = await runCompose(context, stack, from, ['down']);
    if (!down.success) {
      say('error', `Could not stop ${stack} on ${from}; it was not started on ${to}`);
      return failed(stack, from, exitCodeOf(down), {
        message: `down failed on ${from}`,
        ...(down.end.type === 'error' ? { error: down.end.error } : {}),
      });
    }
  } else {
    say('warning', `${stack} was on ${from} (not in config), skipping down`);
  }

  const up = await runCompose(context, stack, to, upArguments(options));
  if (up.success) {
    await recordSingleHost(context, stack, to);
    return succeeded(stack, to);
  }

  if (fromInConfig) await rollBack(context, stack, from, to, wasRunning);
  return failed(stack, to, exitCodeOf(up), {
    message: `up failed on ${to}`,
    ...(up.end.type === 'error' ? { error: up.end.error } : {}),
  });
}

async function rollBack(
  context: OperationContext,
  stack: string,
  from: string,
  to: string,
  wasRunning: boolean,
): Promise<void> {
  const say = (level: 'info' | 'warning' | 'error' | 'success', text: string, host: string) =>
    context.emit({ type: 'message', level, text, stack, host });

  say('warning', `Cleaning up failed start on ${to}`, to);
  await runCompose(context, stack, to, ['down']);

  if (!wasRunning) {
    say('warning', `Stack was not running on ${from}, skipping rollback`, from);
    return;
  }
  say('info', `Rolling back to ${from}...`, from);
  const restart = await runCompose(context, stack, from, upArguments({}));
  if (restart.success) {
    say('success', `Rollback succeeded on ${from}`, from);
  } else {
    say('error', `Rollback failed - ${stack} is down`, from);
  }
}

/** True when `docker compose ps --status running -q` lists a container of the stack. */
export async function isRunningOn(
  context: OperationContext,
  stack: string,
  host: string,
): Promise<boolean> {
  const result = await runCompose(context, stack, host, ['ps', '--status', 'running', '-q'], {
    quiet: true,
  });
  return result.success && result.stdout.trim() !== '';
}

function cancelled(stack: string, host: string): StackResult {
  return failed(stack, host, 130, { message: 'cancelled' });
}
