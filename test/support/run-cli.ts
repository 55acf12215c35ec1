import type { CliContext } from '../../src/main/cli/context';
import { createExecutors } from '../../src/main/core/executor';
import { createOutput } from '../../src/main/cli/output';
import type { TextSink } from '../../src/main/cli/output';
import { runCli } from '../../src/main/cli/program';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

class Capture implements TextSink {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Pretend both streams are terminals, to see colour. */
  readonly tty?: boolean;
}

/** Runs `cf ARGS` in this process with captured streams and returns its exit code and output. */
export async function runCf(args: readonly string[], options: RunOptions): Promise<CliRun> {
  const stdout = new Capture(options.tty ?? false);
  const stderr = new Capture(options.tty ?? false);
  const env = options.env ?? { HOME: options.cwd, XDG_CONFIG_HOME: `${options.cwd}/.config` };
  const context: CliContext = {
    out: createOutput({ stdout, stderr, env }),
    stdout,
    stderr,
    env,
    cwd: options.cwd,
    interactive: false,
    // Real executors: they connect only when a command asks a host something.
    createExecutors: () => Promise.resolve(createExecutors({ home: options.cwd, env })),
  };
  const code = await runCli(args, context);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
