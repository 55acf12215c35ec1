/**
 * One thing wrong with a config file, pointing at the place to fix it. Positions are 1-based;
 * they are null when the problem concerns the file as a whole (missing, a directory, unreadable).
 */
export interface ConfigProblem {
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  /** Dotted path of the key concerned, such as `stacks.web` or `hosts.nas.port`; empty when none. */
  readonly keyPath: string;
  readonly message: string;
  readonly hint: string;
}

/** `FILE:LINE:COL: stacks.web: what is wrong`, then an indented line saying how to fix it. */
export function formatConfigProblem(problem: ConfigProblem): string {
  const place =
    problem.line === null ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  const subject = problem.keyPath === '' ? '' : `${problem.keyPath}: `;
  const first = `${place}: ${subject}${problem.message}`;
  return problem.hint === '' ? first : `${first}\n  hint: ${problem.hint}`;
}

/**
 * Joins key path segments the way messages show them: `hosts.nas.port`, `stacks.app[1]`, and
 * `stacks["Media.Server"]` for a name that a dot would make ambiguous.
 */
export function joinKeyPath(segments: readonly (string | number)[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (!/^[\w-]+$/.test(segment)) path += `[${JSON.stringify(segment)}]`;
    else path += path === '' ? segment : `.${segment}`;
  }
  return path;
}
