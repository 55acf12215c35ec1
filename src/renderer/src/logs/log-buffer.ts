import type { LogLine } from '../../../shared/contract';
import { TimeOrder, replaceRange } from './time-order';

/** Lines kept per view. Beyond this the oldest are dropped, and the view shows how many. */
export const MAX_LOG_LINES = 250_000;

/**
 * The lines of one logs view in time order, and the subset that matches its filter. A batch
 * checks the filter only on the lines it merged, and moves the matches after them.
 *
 * NOTE: the order comes from each host's clock, so a host whose clock is off shows its lines
 * that much earlier or later than the others.
 */
export class LogBuffer {
  readonly #order = new TimeOrder<LogLine>();
  /** Indexes into `lines` of the lines that match the filter, in increasing order. */
  matches: number[] = [];
  dropped = 0;
  #filter = '';
  /** The key of each host's newest line. */
  readonly #hostKeys = new Map<string, string>();
  #newestKey = '';

  get lines(): readonly LogLine[] {
    return this.#order.lines;
  }

  get filter(): string {
    return this.#filter;
  }

  append(batch: readonly LogLine[]): void {
    if (batch.length === 0) return;
    const keys = batch.map((line) => this.#keyOf(line));
    const { start, end, added } = this.#order.merge(batch, keys);
    // Matches before the merged part stay, those in it are found again, and those after it move.
    const before = firstAtOrAfter(this.matches, start);
    const after = firstAtOrAfter(this.matches, end - added);
    const found: number[] = [];
    for (let index = start; index < end; index++) {
      if (this.#matches(this.lines[index] as LogLine)) found.push(index);
    }
    for (let position = after; position < this.matches.length; position++) {
      this.matches[position] = (this.matches[position] as number) + added;
    }
    replaceRange(this.matches, before, after - before, found);
    const excess = this.lines.length - MAX_LOG_LINES;
    if (excess > 0) this.#drop(excess);
  }

  setFilter(filter: string): void {
    this.#filter = filter.toLowerCase();
    this.matches = [];
    this.lines.forEach((line, index) => {
      if (this.#matches(line)) this.matches.push(index);
    });
  }

  clear(): void {
    this.#order.clear();
    this.matches = [];
    this.dropped = 0;
    this.#hostKeys.clear();
    this.#newestKey = '';
  }

  /**
   * Returns the key that orders a line, which is its time. A line without one (compose's own
   * messages) gets the key of its host's previous line, or else of the newest line so far, so
   * that it stays where it came.
   */
  #keyOf(line: LogLine): string {
    const key = line.time ?? this.#hostKeys.get(line.host) ?? this.#newestKey;
    this.#hostKeys.set(line.host, key);
    if (key > this.#newestKey) this.#newestKey = key;
    return key;
  }

  #matches(line: LogLine): boolean {
    return this.#filter === '' || line.text.toLowerCase().includes(this.#filter);
  }

  #drop(count: number): void {
    this.#order.dropOldest(count);
    this.dropped += count;
    let first = 0;
    while (first < this.matches.length && (this.matches[first] as number) < count) first += 1;
    this.matches = this.matches.slice(first).map((index) => index - count);
  }
}

/** Returns the position of the first number in `sorted` that is at least `value`. */
function firstAtOrAfter(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
