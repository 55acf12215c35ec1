/** A machine that runs stacks, as written under `hosts:` in `compose-farm.yaml`. */
export interface HostConfig {
  readonly name: string;
  /** An IP address, a DNS name or an alias from `~/.ssh/config`. */
  readonly address: string;
  /** The SSH user when the config names one; otherwise `~/.ssh/config` or the OS user applies. */
  readonly user?: string;
  /** The SSH port when the config names one; otherwise `~/.ssh/config` or 22 applies. */
  readonly port?: number;
}

/** How a stack's hosts were written: one name, a list of names, or the keyword `all`. */
export type AssignmentForm = 'single' | 'list' | 'all';

/** A stack and the hosts it should run on, as written under `stacks:`. */
export interface StackConfig {
  readonly name: string;
  /** Host names in the order written; for `all`, every host in config order. Never empty. */
  readonly hosts: readonly string[];
  readonly form: AssignmentForm;
}

/** A validated `compose-farm.yaml`. */
export interface Config {
  /** Absolute path of the loaded file, symlinks resolved; the state file lives beside it. */
  readonly path: string;
  /** Absolute folder holding one sub-folder per stack; the same path on every host. */
  readonly composeDir: string;
  /** Hosts in config order. */
  readonly hosts: ReadonlyMap<string, HostConfig>;
  /** Stacks in config order. */
  readonly stacks: ReadonlyMap<string, StackConfig>;
  readonly traefikFile: string | null;
  readonly traefikStack: string | null;
  readonly glancesStack: string | null;
}

/** A stack runs on several hosts at once when its resolved host list has more than one entry. */
export function isMultiHost(stack: StackConfig): boolean {
  return stack.hosts.length > 1;
}

export function stackDir(config: Config, stack: string): string {
  return `${config.composeDir.replace(/\/+$/, '')}/${stack}`;
}
