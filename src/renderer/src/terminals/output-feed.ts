/**
 * How a terminal's output reaches xterm.js without stalling the page.
 *
 * xterm parses what `terminal.write` was given in tasks of about 12 ms, but it looks at the
 * clock only between two writes: a batch from main (up to 64 KiB, ten thousand lines of `seq`)
 * was parsed in one go, and as each new line of scrollback allocates a buffer row, one batch
 * held the main thread for 100-300 ms. Its next task also waits for a timer, which the browser
 * delays by 4 ms once timers nest.
 *
 * So output is cut into small pieces, and the feed hands xterm the next piece from the callback
 * of the last one while the current task is within its budget; past it, the feed lets the
 * browser draw and goes on in a task of its own. Each piece is acknowledged once xterm has
 * parsed it, which keeps main's flow control (it pauses the program while too much output is
 * unacknowledged) in step with the screen.
 */

export interface PieceLimits {
  /** Characters (UTF-16 code units) in one piece at most. */
  readonly maxChars: number;
  /** Line feeds in one piece at most: a new line costs xterm far more than a character. */
  readonly maxLines: number;
}

/** About a millisecond of xterm's work each, on a modest machine. */
export const PIECE_LIMITS: PieceLimits = { maxChars: 4096, maxLines: 128 };

/**
 * Main-thread time one task spends feeding a terminal, in milliseconds. The feed can only time
 * a task from the end of its first piece, and stops after the piece that crosses the budget,
 * so a task may take up to two pieces longer.
 */
export const FEED_BUDGET_MS = 8;

/**
 * Cuts `text` into pieces within `limits`, in order and without losing anything. A cut never
 * falls between the two halves of a surrogate pair, so every piece is whole text.
 */
export function splitOutput(text: string, limits: PieceLimits = PIECE_LIMITS): string[] {
  const maxChars = Math.max(2, Math.floor(limits.maxChars));
  const maxLines = Math.max(1, Math.floor(limits.maxLines));
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + maxChars);
    // Stop right after the maxLines-th line feed when it comes before the character limit.
    let lines = 0;
    for (
      let at = text.indexOf('\n', start);
      at !== -1 && at < end;
      at = text.indexOf('\n', at + 1)
    ) {
      lines += 1;
      if (lines === maxLines) {
        end = at + 1;
        break;
      }
    }
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** xterm's `write`: `parsed` runs once the terminal has parsed `data`, in order of writes. */
export type WriteWithCallback = (data: string, parsed: () => void) => void;

export interface FeedOptions {
  readonly write: WriteWithCallback;
  /** Reports characters of output the terminal has parsed. */
  readonly drawn: (chars: number) => void;
  readonly limits?: PieceLimits;
  readonly budgetMs?: number;
  readonly now?: () => number;
  /** Runs `task` soon, in a task of its own, without the delay of nested timers. */
  readonly later?: (task: () => void) => void;
}

interface Piece {
  readonly data: string;
  /** Whether it is program output, which main counts, rather than a note of the app's. */
  readonly output: boolean;
}

/**
 * Feeds one terminal's output to its screen in pieces, one task's budget at a time, and
 * reports each piece of output as drawn once the terminal has parsed it.
 */
export class OutputFeed {
  readonly #write: WriteWithCallback;
  readonly #drawn: (chars: number) => void;
  readonly #limits: PieceLimits;
  readonly #budgetMs: number;
  readonly #now: () => number;
  readonly #later: (task: () => void) => void;
  /** Pieces not yet written; those before `#head` were. */
  #queue: (Piece | undefined)[] = [];
  #head = 0;
  /** Whether a piece is with the terminal and not yet parsed. */
  #writing = false;
  /** Whether a task to go on is due. */
  #resuming = false;
  /** When the terminal's current task began parsing, as far as the feed can tell. */
  #sliceStart: number | undefined;
  #queuedChars = 0;
  #disposed = false;

  constructor(options: FeedOptions) {
    this.#write = options.write;
    this.#drawn = options.drawn;
    this.#limits = options.limits ?? PIECE_LIMITS;
    this.#budgetMs = options.budgetMs ?? FEED_BUDGET_MS;
    this.#now = options.now ?? (() => performance.now());
    this.#later = options.later ?? postTask;
  }

  /** Characters waiting for the terminal, including the piece it is parsing. */
  get pending(): number {
    return this.#queuedChars;
  }

  /** Queues program output, which is acknowledged piece by piece as the terminal parses it. */
  push(text: string): void {
    this.#enqueue(text, true);
  }

  /** Queues a line of the app's own after the output before it; it is not acknowledged. */
  note(text: string): void {
    this.#enqueue(text, false);
  }

  /** Drops what the terminal has not taken yet; nothing more is written. */
  dispose(): void {
    this.#disposed = true;
    this.#queue = [];
    this.#head = 0;
    this.#queuedChars = 0;
  }

  #enqueue(text: string, output: boolean): void {
    if (this.#disposed || text === '') return;
    for (const data of splitOutput(text, this.#limits)) this.#queue.push({ data, output });
    this.#queuedChars += text.length;
    // A piece with the terminal, or a task due, takes the new pieces along.
    if (!this.#writing && !this.#resuming) this.#next();
  }

  /** Hands the terminal the next piece; its callback decides what follows. */
  #next(): void {
    const piece = this.#queue[this.#head];
    if (piece === undefined) return;
    this.#queue[this.#head] = undefined;
    this.#head += 1;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    this.#writing = true;
    this.#write(piece.data, () => this.#parsed(piece));
  }

  #parsed(piece: Piece): void {
    this.#writing = false;
    if (this.#disposed) return;
    this.#queuedChars -= piece.data.length;
    if (piece.output) this.#drawn(piece.data.length);
    const now = this.#now();
    // The first piece of a task ends a moment after the task began: close enough.
    this.#sliceStart ??= now;
    if (this.#head >= this.#queue.length) {
      this.#sliceStart = undefined;
      return;
    }
    if (now - this.#sliceStart < this.#budgetMs) {
      // Written from the callback, the piece is parsed in the terminal's current task.
      this.#next();
      return;
    }
    this.#sliceStart = undefined;
    this.#resuming = true;
    this.#later(() => {
      this.#resuming = false;
      if (!this.#disposed && !this.#writing) this.#next();
    });
  }
}

let channel: { post: (task: () => void) => void } | undefined;

/**
 * Runs `task` in a task of its own through a MessageChannel: unlike setTimeout inside a timer,
 * it is not held back 4 ms, and the browser may still draw a frame before it.
 */
function postTask(task: () => void): void {
  if (channel === undefined) {
    const { port1, port2 } = new MessageChannel();
    const tasks: (() => void)[] = [];
    port1.onmessage = () => tasks.shift()?.();
    channel = {
      post: (next) => {
        tasks.push(next);
        port2.postMessage(null);
      },
    };
  }
  channel.post(task);
}
