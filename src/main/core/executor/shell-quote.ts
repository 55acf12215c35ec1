/**
 * The one place where arguments become a POSIX shell command line. Everything that reaches a
 * remote shell goes through quoteShellArg, so a name with spaces, quotes, `$`, backticks, `;`
 * or a leading `-` arrives as one literal argument.
 */

/** Words made only of these characters mean the same to sh quoted or not. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Quotes `value` for a POSIX shell: unchanged when it is a plain word, otherwise inside single
 * quotes, where each `'` becomes `'\''` (close, escaped quote, reopen).
 */
export function quoteShellArg(value: string): string {
  if (SAFE_WORD.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Always single-quoted, even when plain, so that a folder reads the same in every command. */
function quoteAlways(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function isValidEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

export interface CommandLineParts {
  readonly argv: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Builds the command line a remote login shell runs for `argv`: `cd '<cwd>' && exec <argv>`, with
 * `env NAME=value` in front when variables are given. `exec` makes the program the session's
 * process, so a signal sent over the channel reaches it rather than the shell.
 */
export function remoteCommandLine(parts: CommandLineParts): string {
  const { argv, cwd, env } = parts;
  if (argv.length === 0) throw new TypeError('A command needs at least a program name.');

  const words: string[] = ['exec'];
  const variables = Object.entries(env ?? {});
  if (variables.length > 0) {
    words.push('env');
    for (const [name, value] of variables) {
      if (!isValidEnvName(name)) {
        throw new TypeError(`${JSON.stringify(name)} is not a valid environment variable name.`);
      }
      words.push(quoteShellArg(`${name}=${value}`));
    }
  }
  words.push(...argv.map(quoteShellArg));
  const command = words.join(' ');
  return cwd === undefined ? command : `cd ${quoteAlways(cwd)} && ${command}`;
}

/** Formats the command as a person would type it, for log lines and dry runs. */
export function displayCommand(argv: readonly string[]): string {
  return argv.map(quoteShellArg).join(' ');
}
