/** Exit codes shared by every command. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  interrupted: 130,
} as const;

/**
 * Ends a command with an exit code after its messages were written. Thrown instead of calling
 * `process.exit` so that tests can run commands in-process and pending output is flushed.
 */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'CliExit';
  }
}
