import type { ExecError, OutputLine } from '../executor/types';

/** The outcome of one stack, or of one host of a multi-host stack. */
export interface StackResult {
  readonly stack: string;
  /** The host it ran on; null when the failure came before a host was chosen. */
  readonly host: string | null;
  /** `stack`, or `stack@host` for one host of a multi-host stack. */
  readonly label: string;
  readonly success: boolean;
  /** The exit code of the failing command; 0 on success. */
  readonly exitCode: number;
  /** The reason it failed, in one sentence, when not simply a non-zero exit. */
  readonly message?: string;
  readonly error?: ExecError;
}

/** A check that failed before `up` on a host; nothing was run for the stack. */
export interface PreflightProblem {
  readonly kind:
    'compose-file' | 'compose-error' | 'path' | 'network' | 'device' | 'remote-check-failed';
  /** The missing path, network or device, or the failure text. */
  readonly subject: string;
  /** The command or edit that fixes it. */
  readonly fix: string;
}

export type MessageLevel = 'info' | 'success' | 'warning' | 'error';

/**
 * A report an operation emits while it runs. The CLI prints these; the desktop app forwards them
 * to the renderer. Nothing in the core prints.
 */
export type OperationEvent =
  /** A compose or docker command is about to run on a host. */
  | {
      readonly type: 'command';
      readonly stack: string;
      readonly host: string;
      readonly label: string;
      readonly command: string;
    }
  /** A line of a command's output. */
  | { readonly type: 'output'; readonly stack: string; readonly line: OutputLine }
  /** A step worth telling, such as `Migrating from h1 → h2...`. */
  | {
      readonly type: 'message';
      readonly level: MessageLevel;
      readonly text: string;
      readonly stack?: string;
      readonly host?: string;
    }
  | {
      readonly type: 'preflight-failed';
      readonly stack: string;
      readonly host: string;
      readonly problems: readonly PreflightProblem[];
    }
  | { readonly type: 'result'; readonly result: StackResult }
  /** The state file was written. */
  | { readonly type: 'state-changed' };

export type EmitEvent = (event: OperationEvent) => void;

export function succeeded(stack: string, host: string, label = stack): StackResult {
  return { stack, host, label, success: true, exitCode: 0 };
}

export function failed(
  stack: string,
  host: string | null,
  exitCode: number,
  details: { label?: string; message?: string; error?: ExecError } = {},
): StackResult {
  return {
    stack,
    host,
    label: details.label ?? stack,
    success: false,
    exitCode,
    ...(details.message === undefined ? {} : { message: details.message }),
    ...(details.error === undefined ? {} : { error: details.error }),
  };
}
