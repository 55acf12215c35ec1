import { loadStack } from '../compose/model';
import type { StackModel } from '../compose/types';
import type { OperationContext } from './context';
import { exitCodeOf, hostConfig, runCompose } from './context';
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
 * 2. pull and build there while the old host still serves, and check that every image is there;
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
    return failed(stack, to, 1, { message: 'preflight failed, nothing was started' });
  }
  if (context.signal?.aborted) return cancelled(stack, to);

  const fromInConfig = context.config.hosts.has(from);
  let wasRunning = false;

  if (fromInConfig) {
    wasRunning = await isRunningOn(context, stack, from);
    say('info', `Migrating from ${from} → ${to}...`);

    const prepared = await prepareTarget(context, stack, from, to);
    if (prepared !== null) return prepared;
    if (context.signal?.aborted) return cancelled(stack, to);

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

/** Images a pull must bring to the target: those of services that do not build their own. */
function pulledImages(model: StackModel): string[] {
  const images = model.services
    .filter((service) => !service.build && service.image !== undefined)
    .map((service) => service.image as string);
  return [...new Set(images)];
}

/** Prints the images among `images` that the host does not have, one per line. */
const MISSING_IMAGES_SCRIPT =
  'for image in "$@"; do docker image inspect "$image" >/dev/null 2>&1 || echo "$image"; done';

/**
 * Fetches and builds the stack's images on the target while the old host still runs it. A pull
 * may fail for an image the target already has (a local image, a registry that is down), which
 * is harmless. Starting without an image is not, so the images are checked afterwards. Returns
 * a failed result to stop the migration, or null to go on.
 */
async function prepareTarget(
  context: OperationContext,
  stack: string,
  from: string,
  to: string,
): Promise<StackResult | null> {
  const say = (text: string) =>
    context.emit({ type: 'message', level: 'error', text, stack, host: to });
  const model = await loadStack(context.config.composeDir, stack, { env: context.env });
  const images = model.composeFiles.length > 0 ? pulledImages(model) : null;

  // Without a local compose file the images are unknown, so only a clean pull counts.
  const pullArgs =
    images === null
      ? ['pull', '--ignore-buildable']
      : ['pull', '--ignore-buildable', '--ignore-pull-failures'];
  const pull = await runCompose(context, stack, to, pullArgs);
  if (pull.end.type === 'error' || (images === null && !pull.success)) {
    say(`Pull failed on ${to}, leaving ${stack} on ${from}`);
    return failed(stack, to, exitCodeOf(pull), {
      message: `pull failed on ${to}; ${stack} still runs on ${from}`,
      ...(pull.end.type === 'error' ? { error: pull.end.error } : {}),
    });
  }

  if (images !== null && images.length > 0) {
    const check = await context.executors.forHost(hostConfig(context, to)).run({
      argv: ['sh', '-c', MISSING_IMAGES_SCRIPT, 'images', ...images],
      signal: context.signal,
    });
    const missing = check.stdout.split('\n').filter((line) => line.trim() !== '');
    if (!check.success || missing.length > 0) {
      const what = missing.length > 0 ? missing.join(', ') : 'the images';
      say(`Pull failed on ${to}: ${what} not available there, leaving ${stack} on ${from}`);
      return failed(stack, to, exitCodeOf(pull) || 1, {
        message: `${what} could not be pulled on ${to}; ${stack} still runs on ${from}`,
      });
    }
  }

  if (!pull.success) {
    context.emit({
      type: 'message',
      level: 'info',
      text: `The pull on ${to} reported errors, but every image is there, so the move goes on`,
      stack,
      host: to,
    });
  }

  // Without a local compose file it is unknown whether anything builds, so build to be safe.
  if (images !== null && !model.services.some((service) => service.build)) return null;
  const build = await runCompose(context, stack, to, ['build']);
  if (!build.success) {
    say(`Build failed on ${to}, leaving ${stack} on ${from}`);
    return failed(stack, to, exitCodeOf(build), {
      message: `build failed on ${to}; ${stack} still runs on ${from}`,
      ...(build.end.type === 'error' ? { error: build.end.error } : {}),
    });
  }
  return null;
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
