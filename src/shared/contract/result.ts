import * as z from 'zod';

/**
 * Every way a call can fail, as a closed list. The renderer branches on these codes, never on
 * message text, so a code once published keeps its meaning.
 */
export const ERROR_CODES = [
  /** The payload did not match the call's request schema. */
  'invalid-request',
  /** No call of that name exists in the contract. */
  'unknown-call',
  /** The caller cancelled the call before it finished. */
  'cancelled',
  /** No compose-farm.yaml was found where the app looks for one. */
  'config-missing',
  /** compose-farm.yaml exists but does not load; the problems come with the config view. */
  'config-invalid',
  /** compose-farm-state.yaml exists but cannot be read or parsed. */
  'state-invalid',
  'stack-not-found',
  'host-not-found',
  /** A file the call would create already exists. */
  'file-exists',
  /** A file could not be read or written (permissions, a directory in the way, a full disk). */
  'file-access',
  'host-unreachable',
  'auth-rejected',
  'host-key-unknown',
  'host-key-changed',
  /** The host presents another key than the one the user was shown and agreed to trust. */
  'host-key-mismatch',
  /** No terminal of the caller has that id: it ended, or its connection to main was lost. */
  'terminal-not-found',
  /** No running or recent action has that id; it ended long ago or main restarted. */
  'action-not-found',
  /** The plan is too old or unknown; preview the apply again. */
  'plan-expired',
  /** Another action or apply run is still working on the stack; `stack` names it. */
  'stack-busy',
  /** The connection to main closed before the response arrived, as when cf serve stops. */
  'disconnected',
  /** The feature behind the call is not part of this build yet. */
  'not-available',
  /** A bug: something threw that should have returned an error. */
  'internal',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const appErrorSchema = z.object({
  code: errorCodeSchema,
  /** The failure, naming the host, stack or file concerned. */
  message: z.string(),
  /** The next step for the user, or empty when there is nothing useful to suggest. */
  hint: z.string(),
  host: z.string().optional(),
  stack: z.string().optional(),
});
export type AppError = z.infer<typeof appErrorSchema>;

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Failed = { readonly ok: false; readonly error: AppError };
export type Result<T> = Ok<T> | Failed;

/** Builds the schema of a result whose value matches `value`. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: appErrorSchema }),
  ]);
}

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function failed(
  code: ErrorCode,
  message: string,
  hint = '',
  about: { host?: string; stack?: string } = {},
): Failed {
  return { ok: false, error: { code, message, hint, ...about } };
}
