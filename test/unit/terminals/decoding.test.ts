/**
 * Bytes from a program, as a PTY or SSH channel delivers them, through the session's stream
 * decoder and the pump that batches them for the window, to what a terminal shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import headless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { terminalText } from '../../../src/main/core/executor';
import { createPtySession } from '../../../src/main/core/executor/pty-session';
import type { Schedule } from '../../../src/main/services/output-pump';
import { OutputPump } from '../../../src/main/services/output-pump';
import { CASES_DIR } from '../../support/cases';

const SPLIT = join(import.meta.dirname, 'fixtures', 'utf8-split-across-chunks');
const PROGRESS = join(CASES_DIR, '26-progress-output-to-text');

/** Runs timers at once, so batches go out as soon as they are due. */
const immediate: Schedule = (run) => {
  queueMicrotask(run);
  return () => {};
};

/** Feeds `pieces` as separate reads and returns the batches the window would receive. */
async function throughMain(pieces: readonly Uint8Array[]): Promise<string[]> {
  const control = createPtySession('h1', {
    write: () => {},
    resize: () => {},
    pause: () => {},
    resume: () => {},
    kill: () => {},
    close: () => {},
  });
  const batches: string[] = [];
  const pump = new OutputPump<string>({
    send: (batch) => batches.push(batch.join('')),
    sizeOf: (text) => text.length,
    schedule: immediate,
  });
  control.session.onData((text) => pump.push(text));
  for (const piece of pieces) {
    control.data(piece);
    // A pause between reads, as the sleeps in the commands make.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  control.exit({ type: 'exit', code: 0 });
  await new Promise<void>((resolve) => pump.finish(() => resolve()));
  return batches;
}

/** Returns the bytes of each `printf '…'` in a command, one piece per printf. */
function printfPieces(command: string): Uint8Array[] {
  return [...command.matchAll(/printf '([^']*)'/g)].map(([, format = '']) => {
    const bytes: number[] = [];
    for (let index = 0; index < format.length; index++) {
      const octal = /^\\([0-7]{3})/.exec(format.slice(index));
      if (octal?.[1] !== undefined) {
        bytes.push(parseInt(octal[1], 8));
        index += 3;
      } else if (format.startsWith('\\n', index)) {
        bytes.push(0x0d, 0x0a);
        index += 1;
      } else {
        bytes.push(format.charCodeAt(index));
      }
    }
    return Uint8Array.from(bytes);
  });
}

/** Writes each batch to a headless xterm separately, as the window does, and reads the screen. */
async function screenOf(batches: readonly string[]): Promise<string[]> {
  const terminal = new headless.Terminal({ cols: 80, rows: 24, allowProposedApi: true });
  for (const batch of batches) await new Promise<void>((resolve) => terminal.write(batch, resolve));
  const lines: string[] = [];
  for (let index = 0; index < terminal.buffer.active.length; index++) {
    lines.push(terminal.buffer.active.getLine(index)?.translateToString(true) ?? '');
  }
  terminal.dispose();
  while (lines.at(-1) === '') lines.pop();
  return lines;
}

describe('characters split across reads', () => {
  const commands = readFileSync(join(SPLIT, 'commands.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('printf'));
  const expected = readFileSync(join(SPLIT, 'expected-output.txt'), 'utf8').trimEnd().split('\n');

  it('reach the screen whole when every piece is a read of its own', async () => {
    const pieces = commands.flatMap(printfPieces);
    expect(pieces.length).toBeGreaterThan(commands.length);
    const batches = await throughMain(pieces);
    expect(batches.join('')).not.toContain('\ufffd');
    expect(await screenOf(batches)).toEqual(expected);
  });

  it('reach the screen whole when split at every byte', async () => {
    const bytes = commands.flatMap(printfPieces).flatMap((piece) => [...piece]);
    const batches = await throughMain(bytes.map((byte) => Uint8Array.of(byte)));
    expect(await screenOf(batches)).toEqual(expected);
  });
});

describe('progress output kept as text', () => {
  const bytes = readFileSync(join(PROGRESS, 'pull-tty.bin'));
  const expected = readFileSync(join(PROGRESS, 'expected-text.txt'), 'utf8');

  it.each([1, 7, 64, 4096])('shows the last frame only, read %i bytes at a time', async (size) => {
    const pieces: Uint8Array[] = [];
    for (let start = 0; start < bytes.length; start += size) {
      pieces.push(bytes.subarray(start, start + size));
    }
    const batches = await throughMain(pieces);
    const text = await terminalText(batches.join(''));
    expect(text).toBe(expected);
    expect(text).not.toContain('\x1b');
    expect(text).not.toContain('\r');
    expect((await screenOf(batches)).map((line) => line.trimEnd())).toEqual(
      expected.trimEnd().split('\n'),
    );
  });
});
