import pc from 'picocolors';
import type { Colors } from 'picocolors/types';

/** A place to write text, such as `process.stdout`. */
export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * The CLI's two streams. Results go to stdout; errors and warnings go to stderr with a `✗` or
 * `!` marker. Colour is used only when the stream is a terminal and `NO_COLOR` is unset.
 */
export interface Output {
  readonly colors: Colors;
  /** Plain text on stdout, one line. */
  line(text?: string): void;
  /** `✓ text` on stdout. */
  success(text: string): void;
  /** `! text` on stderr. */
  warning(text: string): void;
  /** `✗ text` on stderr. */
  error(text: string): void;
  /** Indented detail under the previous error or warning, on stderr. */
  detail(text: string): void;
}

export interface OutputOptions {
  readonly stdout?: TextSink;
  readonly stderr?: TextSink;
  readonly env?: NodeJS.ProcessEnv;
}

export function colorEnabled(sink: TextSink, env: NodeJS.ProcessEnv): boolean {
  // https://no-color.org: any non-empty value turns colour off.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return sink.isTTY === true;
}

export function createOutput(options: OutputOptions = {}): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const outColors = pc.createColors(colorEnabled(stdout, env));
  const errColors = pc.createColors(colorEnabled(stderr, env));

  return {
    colors: outColors,
    line: (text = '') => stdout.write(`${text}\n`),
    success: (text) => stdout.write(`${outColors.green('✓')} ${text}\n`),
    warning: (text) => stderr.write(`${errColors.yellow('!')} ${text}\n`),
    error: (text) => stderr.write(`${errColors.red('✗')} ${text}\n`),
    detail: (text) => stderr.write(`  ${errColors.dim(text)}\n`),
  };
}
