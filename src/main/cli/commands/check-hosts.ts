import type { StackConfig } from '../../core/config/types';
import type { OperationContext } from '../../core/operations/context';
import { hostConfig } from '../../core/operations/context';
import type { PreflightProblem } from '../../core/operations/events';
import { checkRequirements } from '../../core/operations/preflight';
import type { Output } from '../output';

export interface HostRequirementProblem {
  readonly stack: string;
  readonly host: string;
  readonly problem: PreflightProblem;
}

export interface Compatibility {
  readonly stack: string;
  readonly host: string;
  readonly assigned: boolean;
  readonly required: number;
  readonly missing: readonly string[];
}

export interface HostCheckReport {
  readonly unreachable: readonly { readonly host: string; readonly error: string }[];
  /** Problems of stacks on their configured hosts. */
  readonly problems: readonly HostRequirementProblem[];
  /** With named stacks: how well each fits on every host. */
  readonly compatibility: readonly Compatibility[];
}

/**
 * Connects to every host (5 s each, in parallel), then checks each stack's mounts, devices and
 * networks on its configured hosts; with `everyHost`, on every reachable host, to show where a
 * stack could move.
 */
export async function checkHosts(
  operation: OperationContext,
  stacks: readonly StackConfig[],
  options: { everyHost: boolean },
): Promise<HostCheckReport> {
  const hosts = [...operation.config.hosts.keys()];
  const checks = await Promise.all(
    hosts.map((host) =>
      operation.executors
        .forHost(hostConfig(operation, host))
        .check({ timeoutMs: 5_000, ...(operation.signal ? { signal: operation.signal } : {}) }),
    ),
  );
  const unreachable = checks
    .filter((check) => check.error !== undefined)
    .map((check) => ({ host: check.host, error: check.error?.message ?? '' }));
  const reachable = new Set(hosts.filter((host) => !unreachable.some((u) => u.host === host)));

  const pairs = stacks.flatMap((stack) =>
    (options.everyHost ? hosts : stack.hosts)
      .filter((host) => reachable.has(host))
      .map((host) => ({ stack, host })),
  );
  const results = await Promise.all(
    pairs.map(({ stack, host }) =>
      operation.limiter.run(host, async () => ({
        stack,
        host,
        check: await checkRequirements(operation, stack.name, host),
      })),
    ),
  );

  const problems: HostRequirementProblem[] = [];
  const compatibility: Compatibility[] = [];
  for (const { stack, host, check } of results) {
    const assigned = stack.hosts.includes(host);
    const found = check.problems.filter((problem) => problem.kind !== 'compose-error');
    if (assigned) {
      for (const problem of found) problems.push({ stack: stack.name, host, problem });
    }
    if (options.everyHost) {
      compatibility.push({
        stack: stack.name,
        host,
        assigned,
        required: check.required,
        missing: found.map((problem) => problem.subject),
      });
    }
  }
  return { unreachable, problems, compatibility };
}

const HEADINGS: Record<PreflightProblem['kind'], string> = {
  'remote-check-failed': 'Remote check failures',
  'compose-file': 'Missing compose files',
  'compose-error': 'Compose file errors',
  path: 'Missing mounts',
  network: 'Missing networks',
  device: 'Missing devices',
};

/** Prints the host part of `check` and returns the number of errors. */
export function printHostCheck(out: Output, report: HostCheckReport, named: boolean): number {
  let errors = 0;
  if (report.unreachable.length > 0) {
    errors += report.unreachable.length;
    out.error(`Unreachable hosts (${report.unreachable.length}):`);
    for (const host of report.unreachable) out.detail(`${host.host}: ${host.error}`);
  } else {
    out.success('All hosts reachable');
  }

  const kinds = Object.keys(HEADINGS) as PreflightProblem['kind'][];
  for (const kind of kinds) {
    const own = report.problems.filter((entry) => entry.problem.kind === kind);
    if (own.length === 0) continue;
    errors += own.length;
    out.error(`${HEADINGS[kind]} (${own.length}):`);
    for (const entry of own) {
      out.detail(`${entry.stack}@${entry.host}: ${entry.problem.subject}`);
      out.detail(`  Hint: ${entry.problem.fix}`);
    }
  }
  if (report.problems.length === 0) out.success('All mounts, networks, and devices exist');

  if (named) {
    const stacks = [...new Set(report.compatibility.map((entry) => entry.stack))];
    for (const stack of stacks) {
      out.line();
      out.line(`Host compatibility for ${stack}:`);
      for (const entry of report.compatibility.filter((item) => item.stack === stack)) {
        const found = entry.required - entry.missing.length;
        const marker = entry.assigned ? ' (assigned)' : '';
        if (entry.missing.length === 0) {
          out.line(`  ${out.colors.green('✓')} ${entry.host} ${found}/${entry.required}${marker}`);
        } else {
          const preview = entry.missing.slice(0, 2).join(', ');
          const more = entry.missing.length > 2 ? `, +${entry.missing.length - 2} more` : '';
          out.line(
            `  ${out.colors.red('✗')} ${entry.host} ${found}/${entry.required} (missing: ${preview}${more})${marker}`,
          );
        }
      }
    }
  }
  return errors;
}
