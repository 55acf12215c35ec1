import type { ErrorCode } from '../../../shared/contract';

/**
 * Error codes that the same request gets again until the user changes something, such as a
 * name that is not configured, a request the contract rejects or a feature this build lacks.
 */
const PERMANENT_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'invalid-request',
  'unknown-call',
  'stack-not-found',
  'host-not-found',
  'terminal-not-found',
  'action-not-found',
  'file-exists',
  'not-available',
]);

/** True when sending the same request again may succeed, so a "Try again" button can help. */
export function canRetry(code: ErrorCode): boolean {
  return !PERMANENT_ERRORS.has(code);
}
