import type { ComposeIssue, ComposeIssueCode, StackModel } from '../compose/types';
import { formatIssue, loadStack } from '../compose';
import type { Config } from '../config/types';
import { buildTraefikConfig, type TraefikStackInput, type TraefikWarning } from './build';
import type { TraefikTree } from './labels';

/** Resolves a configured host name to the address other machines reach it at. */
export type HostAddressResolver = (hostName: string) => string;

export interface GenerateTraefikOptions {
  /** The stacks to include, in order; every one must be in the config. */
  readonly stacks: readonly string[];
  /**
   * Process every stack, also those Traefik's docker provider discovers or that run locally,
   * without working out their upstream addresses: for checking labels rather than writing the file.
   */
  readonly checkAll?: boolean;
  /** Defaults to the host's `address` from the config. */
  readonly hostAddress?: HostAddressResolver;
  /** The environment that overrides each stack's `.env`; defaults to this process's. */
  readonly env?: NodeJS.ProcessEnv;
}

/** A stack whose compose files could not be read at all; no file should be written. */
export interface TraefikStackError {
  readonly stack: string;
  readonly message: string;
}

export interface SkippedStack {
  readonly stack: string;
  readonly reason: 'traefik-host' | 'local-host';
}

export interface GenerateTraefikResult {
  readonly config: TraefikTree;
  readonly warnings: readonly TraefikWarning[];
  readonly errors: readonly TraefikStackError[];
  readonly skipped: readonly SkippedStack[];
}

/** Addresses of this machine, where Traefik's docker provider already discovers the stack. */
const LOCAL_ADDRESSES = new Set(['local', 'localhost', '127.0.0.1', '::1']);

/** Compose problems that leave nothing to read; any other one still lets the labels be used. */
const FATAL_CODES = new Set<ComposeIssueCode>([
  'stack-folder-missing',
  'no-compose-file',
  'unreadable-file',
  'yaml',
]);

export function configuredHostAddress(config: Config): HostAddressResolver {
  return (hostName) => config.hosts.get(hostName)?.address ?? hostName;
}

/**
 * Why Traefik must not get a stack from the file: its docker provider discovers the stack already
 * because the stack shares the first host of `traefik_stack`, or the stack runs on this machine.
 * `null` when the stack belongs in the file.
 */
export function traefikSkipReason(
  config: Config,
  stack: string,
  hostAddress: HostAddressResolver = configuredHostAddress(config),
): SkippedStack['reason'] | null {
  const host = config.stacks.get(stack)?.hosts[0];
  if (host === undefined) return null;
  const traefikHost =
    config.traefikStack === null ? undefined : config.stacks.get(config.traefikStack)?.hosts[0];
  if (traefikHost !== undefined && traefikHost === host) return 'traefik-host';

  const configured = config.hosts.get(host)?.address ?? host;
  const addresses = [configured, hostAddress(host)].map((address) => address.toLowerCase());
  if (addresses.some((address) => LOCAL_ADDRESSES.has(address))) return 'local-host';
  return null;
}

/**
 * Reads the selected stacks from disk and turns their Traefik labels into one file-provider
 * configuration. Stacks on Traefik's own host and on local hosts are left out unless `checkAll`
 * is set. Label problems are warnings. A stack whose compose file is missing or invalid is an
 * error, so that a caller keeps the previous file rather than dropping that stack's routes.
 */
export async function generateTraefikConfig(
  config: Config,
  options: GenerateTraefikOptions,
): Promise<GenerateTraefikResult> {
  const hostAddress = options.hostAddress ?? configuredHostAddress(config);
  const skipped: SkippedStack[] = [];
  const toLoad: { stack: string; resolveUpstreams: boolean; address: string }[] = [];

  for (const stack of options.stacks) {
    const host = config.stacks.get(stack)?.hosts[0];
    if (host === undefined)
      throw new Error(`Stack ${stack} not found in the config ${config.path}`);
    const reason = traefikSkipReason(config, stack, hostAddress);
    if (reason !== null) {
      skipped.push({ stack, reason });
      if (!options.checkAll) continue;
    }
    toLoad.push({ stack, resolveUpstreams: reason === null, address: hostAddress(host) });
  }

  const models = await Promise.all(
    toLoad.map((entry) =>
      loadStack(config.composeDir, entry.stack, options.env ? { env: options.env } : {}),
    ),
  );

  const inputs: TraefikStackInput[] = [];
  const warnings: TraefikWarning[] = [];
  const errors: TraefikStackError[] = [];
  models.forEach((model, index) => {
    const entry = toLoad[index]!;
    const fatal = model.errors.filter((issue) => FATAL_CODES.has(issue.code));
    if (fatal.length > 0) {
      for (const issue of fatal)
        errors.push({ stack: model.stack, message: formatIssue(model.stack, issue) });
      return;
    }
    warnings.push(...composeWarnings(model));
    inputs.push({ model, address: entry.address, resolveUpstreams: entry.resolveUpstreams });
  });

  const built = buildTraefikConfig(inputs);
  return { config: built.config, warnings: [...warnings, ...built.warnings], errors, skipped };
}

/** Compose's own complaints about a stack, which may explain a wrong label or port. */
function composeWarnings(model: StackModel): TraefikWarning[] {
  const issues: ComposeIssue[] = [...model.errors, ...model.warnings];
  return issues.map((issue) => {
    const where = [issue.file, issue.path].filter((part) => part !== undefined).join(': ');
    return {
      stack: model.stack,
      message: where === '' ? issue.message : `${where}: ${issue.message}`,
    };
  });
}
