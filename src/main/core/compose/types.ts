import type { PortMapping } from './ports';
import type { DeviceMapping, VolumeMount } from './volumes';

export type { DeviceMapping, PortMapping, VolumeMount };
export type { PortRange } from './ports';

export type ComposeIssueCode =
  /** The stack folder does not exist under `compose_dir`. */
  | 'stack-folder-missing'
  /** The stack folder contains none of the four compose file names. */
  | 'no-compose-file'
  /** Several main or override file names exist, so the first in compose's order is used. */
  | 'several-compose-files'
  | 'unreadable-file'
  | 'yaml'
  | 'env-file'
  | 'unset-variable'
  | 'required-variable'
  | 'invalid-interpolation'
  | 'invalid-service'
  | 'invalid-port'
  | 'invalid-volume'
  | 'invalid-device'
  /** `include:`, `extends:` or `COMPOSE_FILE`, which this model does not read yet. */
  | 'not-followed';

/** A problem found while reading a stack; the message names the file and what to change. */
export interface ComposeIssue {
  readonly code: ComposeIssueCode;
  readonly message: string;
  /** Absolute path of the file concerned, when there is one. */
  readonly file?: string;
  readonly line?: number;
  /** Where in the compose file, written as compose does: `services.web.ports[0]`. */
  readonly path?: string;
}

export interface ServiceModel {
  readonly name: string;
  /** The image reference with variables resolved, when the service names one. */
  readonly image?: string;
  /** True when the service has a `build:` section. */
  readonly build: boolean;
  readonly ports: readonly PortMapping[];
  readonly volumes: readonly VolumeMount[];
  readonly devices: readonly DeviceMapping[];
  /** Labels from either form, values as text: `true` and `9000` stay `"true"` and `"9000"`. */
  readonly labels: Readonly<Record<string, string>>;
  /** `null` marks a variable passed through from the environment docker compose runs in. */
  readonly environment: Readonly<Record<string, string | null>>;
  /**
   * Networks the service joins, in the order written. A service that names none (or an empty
   * list) and has no `network_mode` joins `default`, as in `docker compose config`.
   */
  readonly networks: readonly string[];
  readonly networkMode?: string;
  readonly containerName?: string;
  readonly profiles: readonly string[];
  readonly restart?: string;
}

export interface NetworkModel {
  /** The key under top-level `networks:`. */
  readonly key: string;
  /** The name docker uses: `name:` when given, else the key for an external network. */
  readonly name: string;
  readonly external: boolean;
}

export interface StackModel {
  readonly stack: string;
  /** Absolute folder of the stack; relative paths in its files are resolved against it. */
  readonly stackDir: string;
  /** The `compose_dir` the stack lives in, without a trailing slash. */
  readonly composeDir: string;
  /** The files docker compose reads, main file first, then the override file if present. */
  readonly composeFiles: readonly string[];
  /** The project name docker compose gives the containers (`com.docker.compose.project`). */
  readonly projectName: string;
  readonly services: readonly ServiceModel[];
  readonly networks: readonly NetworkModel[];
  readonly warnings: readonly ComposeIssue[];
  /** Problems that make docker compose refuse the stack; empty when it would run. */
  readonly errors: readonly ComposeIssue[];
}

/** One line for a person: the stack, the file and place, and the message. */
export function formatIssue(stack: string, issue: ComposeIssue): string {
  const where = [issue.file, issue.path].filter((part) => part !== undefined).join(': ');
  return where === '' ? `[${stack}] ${issue.message}` : `[${stack}] ${where}: ${issue.message}`;
}
