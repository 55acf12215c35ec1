/** The reason a state file could not be used. */
export type StateErrorCode = 'malformed' | 'unreadable' | 'unwritable' | 'lock-timeout';

/**
 * An error for a state file that cannot be read, written or locked. The message names the file
 * and the hint tells the user what to do next. A malformed file is left exactly as it is.
 */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';

  constructor(
    readonly code: StateErrorCode,
    readonly file: string,
    message: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
