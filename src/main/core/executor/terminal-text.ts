/**
 * Raw terminal output to the plain text a terminal finally shows: cursor moves, erased lines,
 * colours and carriage-return progress are replayed by a headless xterm, and only the last
 * frame is kept. Used wherever output is kept as text (files, history, copies).
 */
// The package is CommonJS without named exports that Node's ESM loader can see.
import headless from '@xterm/headless';

export interface TerminalTextOptions {
  readonly cols?: number;
  readonly rows?: number;
}

/** Lines kept beyond the screen; output longer than this loses its oldest lines. */
const MAX_SCROLLBACK = 200_000;

export async function terminalText(
  output: string,
  options: TerminalTextOptions = {},
): Promise<string> {
  const rows = options.rows ?? 24;
  const newlines = output.split('\n').length;
  const terminal = new headless.Terminal({
    cols: options.cols ?? 80,
    rows,
    scrollback: Math.min(MAX_SCROLLBACK, newlines + rows),
    // Output captured without a terminal ends lines with a bare `\n`.
    convertEol: true,
    allowProposedApi: true,
  });
  try {
    await new Promise<void>((resolve) => terminal.write(output, resolve));
    const buffer = terminal.buffer.active;
    const lines: string[] = [];
    for (let index = 0; index < buffer.length; index++) {
      const line = buffer.getLine(index);
      if (line === undefined) continue;
      // Untrimmed, so a space at a wrap point survives the join; lines are trimmed below.
      const text = line.translateToString(false);
      if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    const trimmed = lines.map((line) => line.trimEnd());
    while (trimmed.length > 0 && trimmed[trimmed.length - 1] === '') trimmed.pop();
    while (trimmed.length > 0 && trimmed[0] === '') trimmed.shift();
    return trimmed.length === 0 ? '' : `${trimmed.join('\n')}\n`;
  } finally {
    terminal.dispose();
  }
}
