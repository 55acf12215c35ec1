import { userInfo } from 'node:os';

/**
 * Returns the login name of the user running this process, which ssh uses when neither the config nor
 * `~/.ssh/config` names a user. For display; the SSH layer applies the real precedence.
 */
export function defaultUser(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  try {
    return userInfo().username;
  } catch {
    // A container user without a passwd entry has no name; fall back to the shell variables.
    return env.USER ?? env.LOGNAME ?? env.USERNAME ?? 'unknown';
  }
}
