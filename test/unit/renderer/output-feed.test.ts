import headless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import type { PieceLimits } from '../../../src/renderer/src/terminals/output-feed';
import {
  FEED_BUDGET_MS,
  OutputFeed,
  PIECE_LIMITS,
  splitOutput,
} from '../../../src/renderer/src/terminals/output-feed';
import { STREAM_LIMITS } from '../../../src/shared/contract/streams';

/** What `seq 1 N` prints through a terminal. */
function seq(from: number, to: number): string {
  let text = '';
  for (let number = from; number <= to; number++) text += `${number}\r\n`;
  return text;
}

function lineFeeds(text: string): number {
  return text.split('\n').length - 1;
}

function expectWithin(pieces: readonly string[], limits: PieceLimits): void {
  for (const piece of pieces) {
    expect(piece.length).toBeGreaterThan(0);
    expect(piece.length).toBeLessThanOrEqual(limits.maxChars);
    expect(lineFeeds(piece)).toBeLessThanOrEqual(limits.maxLines);
  }
}

describe('splitting output for the screen', () => {
  it('cuts a full batch of short lines into pieces of a few lines', () => {
    // One batch from main, as large as main sends them: ten thousand lines of seq.
    const batch = seq(1, 100_000).slice(0, STREAM_LIMITS.maxBatchChars);
    const pieces = splitOutput(batch);
    expect(pieces.join('')).toBe(batch);
    expectWithin(pieces, PIECE_LIMITS);
    expect(pieces.length).toBeGreaterThan(lineFeeds(batch) / PIECE_LIMITS.maxLines - 1);
    // Pieces end right after a line feed, where the line limit cuts them.
    expect(pieces[0]?.endsWith('\n')).toBe(true);
    expect(lineFeeds(pieces[0] ?? '')).toBe(PIECE_LIMITS.maxLines);
  });

  it('cuts long lines by characters', () => {
    const text = 'x'.repeat(10_000) + '\r\n' + 'y'.repeat(5000);
    const limits = { maxChars: 4096, maxLines: 128 };
    const pieces = splitOutput(text, limits);
    expect(pieces.map((piece) => piece.length)).toEqual([4096, 4096, 4096, 2714]);
    expect(pieces.join('')).toBe(text);
  });

  it('hands small output over as it is', () => {
    expect(splitOutput('$ ls\r\nREADME.md\r\n')).toEqual(['$ ls\r\nREADME.md\r\n']);
    expect(splitOutput('')).toEqual([]);
  });

  it('never cuts a character outside the basic plane in two', () => {
    const text = 'a' + '😀'.repeat(500) + 'é✓'.repeat(300);
    for (const maxChars of [2, 3, 4, 7, 4096]) {
      const pieces = splitOutput(text, { maxChars, maxLines: 128 });
      expect(pieces.join('')).toBe(text);
      for (const piece of pieces) {
        expect(piece.length).toBeLessThanOrEqual(maxChars);
        // A lone half of a pair does not survive a round trip through UTF-8.
        expect(new TextDecoder().decode(new TextEncoder().encode(piece))).toBe(piece);
      }
    }
  });
});

/**
 * A terminal that parses like xterm's WriteBuffer, on a clock of its own: a write to an idle
 * terminal starts a timer task; the task parses writes in order, calling each one's callback
 * (a write from a callback joins the same task), until 12 ms have passed, then sets a timer for
 * the rest. Parsing costs a hundredth of a millisecond per line feed and a little per character.
 * Tasks run one at a time, in the order they were queued.
 */
function modelTerminal() {
  let clock = 0;
  let buffer: { data: string; parsed: () => void }[] = [];
  let offset = 0;
  const tasks: (() => void)[] = [];
  const durations: number[] = [];
  let parsedText = '';
  let selfRescheduled = 0;

  const costOf = (data: string) => lineFeeds(data) * 0.01 + data.length * 0.0002;
  const parseTask = () => {
    const start = clock;
    while (offset < buffer.length) {
      const write = buffer[offset];
      if (write === undefined) break;
      clock += costOf(write.data);
      parsedText += write.data;
      write.parsed();
      offset += 1;
      if (clock - start >= 12) break;
    }
    if (offset < buffer.length) {
      // In a browser this nested timer waits at least 4 ms.
      selfRescheduled += 1;
      tasks.push(parseTask);
    } else {
      buffer = [];
      offset = 0;
    }
    durations.push(clock - start);
  };

  return {
    write(data: string, parsed: () => void) {
      if (buffer.length === 0) tasks.push(parseTask);
      buffer.push({ data, parsed });
    },
    later(task: () => void) {
      tasks.push(() => {
        const start = clock;
        task();
        durations.push(clock - start);
      });
    },
    now: () => clock,
    /** Runs tasks until none is left. */
    runAll() {
      for (let task = tasks.shift(); task !== undefined; task = tasks.shift()) task();
    },
    get parsedText() {
      return parsedText;
    },
    get longestTask() {
      return Math.max(0, ...durations);
    },
    get selfRescheduled() {
      return selfRescheduled;
    },
  };
}

/** What main sends while the window keeps up: `seq 1 100000` in batches of 64 KiB. */
function mainBatches(): string[] {
  const text = seq(1, 100_000);
  const batches: string[] = [];
  for (let start = 0; start < text.length; start += STREAM_LIMITS.maxBatchChars) {
    batches.push(text.slice(start, start + STREAM_LIMITS.maxBatchChars));
  }
  return batches;
}

describe('feeding output to a terminal', () => {
  it('stalls the page when whole batches go to the terminal', () => {
    // The cause: the terminal only looks at the clock between two writes.
    const terminal = modelTerminal();
    for (const batch of mainBatches()) terminal.write(batch, () => {});
    terminal.runAll();
    expect(terminal.longestTask).toBeGreaterThan(50);
  });

  it('keeps every task within its budget, and loses nothing', () => {
    const terminal = modelTerminal();
    let acknowledged = 0;
    const feed = new OutputFeed({
      write: terminal.write,
      drawn: (chars) => (acknowledged += chars),
      now: terminal.now,
      later: terminal.later,
    });
    const batches = mainBatches();
    for (const batch of batches) feed.push(batch);
    terminal.runAll();

    const text = batches.join('');
    expect(terminal.parsedText).toBe(text);
    expect(acknowledged).toBe(text.length);
    expect(feed.pending).toBe(0);
    // The budget, counted from the end of a task's first piece, plus the piece that crosses it.
    const piece = 128 * 0.01 + 4096 * 0.0002;
    expect(terminal.longestTask).toBeLessThanOrEqual(FEED_BUDGET_MS + 2 * piece);
    // The feed goes on in tasks of its own, so the terminal never waits for a nested timer.
    expect(terminal.selfRescheduled).toBe(0);
  });

  it('takes output that arrives while it writes along, in order', () => {
    const terminal = modelTerminal();
    const acks: number[] = [];
    const feed = new OutputFeed({
      write: terminal.write,
      drawn: (chars) => acks.push(chars),
      now: terminal.now,
      later: terminal.later,
    });
    const [first = '', second = '', third = ''] = mainBatches();
    feed.push(first);
    feed.push(second);
    // Nothing is acknowledged before the terminal has parsed it, so main stays paused.
    expect(acks).toEqual([]);
    expect(feed.pending).toBe(first.length + second.length);
    terminal.runAll();
    feed.push(third);
    feed.note('\r\n[exited with code 0]\r\n');
    terminal.runAll();

    expect(terminal.parsedText).toBe(`${first}${second}${third}\r\n[exited with code 0]\r\n`);
    // Notes are the app's own, which main does not count.
    expect(acks.reduce((sum, chars) => sum + chars, 0)).toBe(
      first.length + second.length + third.length,
    );
    expect(Math.max(...acks)).toBeLessThanOrEqual(PIECE_LIMITS.maxChars);
  });

  it('writes nothing more once disposed', () => {
    const terminal = modelTerminal();
    let acknowledged = 0;
    const feed = new OutputFeed({
      write: terminal.write,
      drawn: (chars) => (acknowledged += chars),
      now: terminal.now,
      later: terminal.later,
    });
    for (const batch of mainBatches()) feed.push(batch);
    feed.dispose();
    feed.push('more\r\n');
    terminal.runAll();
    // Only the piece the terminal already had.
    expect(terminal.parsedText.length).toBeLessThanOrEqual(PIECE_LIMITS.maxChars);
    expect(acknowledged).toBe(0);
    expect(feed.pending).toBe(0);
  });

  it('ignores empty output', () => {
    const terminal = modelTerminal();
    const feed = new OutputFeed({ write: terminal.write, drawn: () => {}, later: terminal.later });
    feed.push('');
    terminal.runAll();
    expect(terminal.parsedText).toBe('');
  });

  it('shows every line, and sequences cut between pieces, on a real screen', async () => {
    const terminal = new headless.Terminal({
      cols: 40,
      rows: 5,
      scrollback: 20_000,
      allowProposedApi: true,
    });
    let acknowledged = 0;
    const feed = new OutputFeed({
      write: (data, parsed) => terminal.write(data, parsed),
      drawn: (chars) => (acknowledged += chars),
      limits: { maxChars: 7, maxLines: 3 },
      later: (task) => setTimeout(task, 0),
    });
    // Colours and wide characters, so that escape sequences and pairs meet the cuts.
    let text = '';
    for (let number = 1; number <= 10_000; number++) {
      text += `\x1b[3${number % 8}m${number}\x1b[0m 😀é\r\n`;
    }
    for (let start = 0; start < text.length; start += STREAM_LIMITS.maxBatchChars) {
      feed.push(text.slice(start, start + STREAM_LIMITS.maxBatchChars));
    }
    feed.note('[done]');
    while (feed.pending > 0) await new Promise((resolve) => setTimeout(resolve, 5));

    expect(acknowledged).toBe(text.length);
    const buffer = terminal.buffer.active;
    const lines: string[] = [];
    for (let index = 0; index < buffer.length; index++) {
      lines.push(buffer.getLine(index)?.translateToString(true) ?? '');
    }
    const shown = lines.filter((line) => line !== '');
    expect(shown).toHaveLength(10_001);
    expect(shown[0]).toBe('1 😀é');
    expect(shown[9999]).toBe('10000 😀é');
    expect(shown[10_000]).toBe('[done]');
    expect(buffer.getLine(0)?.getCell(0)?.getFgColor()).toBe(1);
    terminal.dispose();
  });
});
