import type { HostStatus } from '../../shared/contract';
import type { HostConfig } from '../core/config/types';
import type { Executors, HostCheck } from '../core/executor';
import { takeSnapshot } from '../core/operations/snapshot';
import { appErrorOf, hostKeyDetailsOf } from './exec-errors';

/** How long a check waits for a host before calling it unreachable. */
export const CHECK_TIMEOUT_MS = 5_000;

/** Connects to one host, measures a round trip, and counts its compose containers. */
export async function checkHost(
  executors: Executors,
  host: HostConfig,
  signal?: AbortSignal,
): Promise<HostStatus> {
  const check = await executors
    .forHost(host)
    .check({ timeoutMs: CHECK_TIMEOUT_MS, ...(signal === undefined ? {} : { signal }) });
  const status = statusOf(check);
  if (!status.reachable) return status;

  const snapshot = await takeSnapshot(executors, host, {
    timeoutMs: 15_000,
    ...(signal === undefined ? {} : { signal }),
  });
  if (!snapshot.reachable) {
    return {
      ...status,
      error: snapshot.cause
        ? appErrorOf(snapshot.cause)
        : {
            code: 'host-unreachable',
            message: snapshot.error,
            hint: `Check that docker runs on ${host.name} and that the SSH user may use it.`,
            host: host.name,
          },
    };
  }
  const running = snapshot.containers.filter((container) => container.state === 'running');
  return { ...status, containers: { running: running.length, total: snapshot.containers.length } };
}

function statusOf(check: HostCheck): HostStatus {
  // The executor reports `unknown` for any failed connection; only a key failure says anything
  // about the key.
  const keyFailure = check.error?.code.startsWith('host-key-') ?? true;
  const hostKey = keyFailure ? check.hostKey : 'not-checked';
  return {
    name: check.host,
    target: check.target,
    local: check.local,
    reachable: check.error === undefined,
    authMethod: check.authMethod ?? null,
    hostKey,
    hostKeyDetails: hostKeyDetailsOf(check.error),
    latencyMs: check.latencyMs === undefined ? null : Math.round(check.latencyMs * 10) / 10,
    containers: null,
    error: check.error === undefined ? null : appErrorOf(check.error),
    checkedAt: new Date().toISOString(),
  };
}

/** True when the change is worth an event: up or down, or another host key verdict. */
export function statusDiffers(before: HostStatus | undefined, after: HostStatus): boolean {
  if (before === undefined) return false;
  return (
    before.reachable !== after.reachable ||
    before.hostKey !== after.hostKey ||
    before.error?.code !== after.error?.code
  );
}
