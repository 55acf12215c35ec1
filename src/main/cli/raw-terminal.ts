import type { HostExecutor } from '../core/executor/types';
import type { CliContext } from './context';

export interface RawCommand {
  readonly argv: readonly string[];
  readonly cwd?: string;
}

/**
 * Runs a command in a terminal on the host and connects it to this one: keys go to it, its
 * output (progress bars, prompts) comes back as it is drawn, and window size changes follow.
 * Returns its exit code; a command ended by a signal counts as 130.
 */
export async function runInTerminal(
  context: CliContext,
  executor: HostExecutor,
  command: RawCommand,
): Promise<number> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  const opened = await executor.openPty({
    argv: command.argv,
    ...(command.cwd === undefined ? {} : { cwd: command.cwd }),
    cols: stdout.columns || 80,
    rows: stdout.rows || 24,
  });
  if (!opened.ok) {
    context.out.error(`${opened.error.message} ${opened.error.hint}`);
    return 1;
  }
  const session = opened.value;

  const wasRaw = stdin.isTTY ? stdin.isRaw : false;
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.resume();
  const onInput = (chunk: Buffer) => session.write(chunk.toString('utf8'));
  const onResize = () => session.resize(stdout.columns || 80, stdout.rows || 24);
  stdin.on('data', onInput);
  stdout.on('resize', onResize);
  const output = session.onData((text) => stdout.write(text));

  try {
    return await new Promise<number>((resolve) => {
      session.onExit((exit) => {
        if (exit.type === 'exit') resolve(exit.code);
        else if (exit.type === 'signal') resolve(130);
        else {
          context.out.error(`${exit.error.message} ${exit.error.hint}`);
          resolve(1);
        }
      });
    });
  } finally {
    output.dispose();
    stdin.off('data', onInput);
    stdout.off('resize', onResize);
    if (stdin.isTTY) stdin.setRawMode(wasRaw);
    stdin.pause();
    session.dispose();
  }
}
