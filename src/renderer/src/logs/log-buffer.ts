import type { LogLine } from '../../../shared/contract';
import { mergeByTime } from './merge-by-time';

/** Lines kept per view. Beyond this the oldest are dropped, and the view shows how many. */
export const MAX_LOG_LINES = 250_000;

/** A log line with the key that orders it among the lines of every host. */
export interface OrderedLine extends LogLine {
  /**
   * The line's time, or for a line without one (compose's own messages) the key of the line
   * before it from the same host, or else of the newest line so far, so it stays where it came.
   */
  readonly key: string;
}

/**
 * The lines of one logs view in time order, and the subset that matches its filter. A batch
 * that lands among older lines updates only the part of the filtered subset after it.
 *
 * NOTE: the order comes from each host's clock, so a host whose clock is off shows its lines
 * that much earlier or later than the others.
 */
export class LogBuffer {
  lines: OrderedLine[] = [];
  /** Indexes into `lines` of the lines that match the filter, in increasing order. */
  matches: number[] = [];
  dropped = 0;
  #filter = '';
  /** The key of each host's newest line. */
  readonly #hostKeys = new Map<string, string>();
  #newestKey = '';

  get filter(): string {
    return this.#filter;
  }

  append(batch: readonly LogLine[]): void {
    if (batch.length === 0) return;
    const start = mergeByTime(
      this.lines,
      batch.map((line) => this.#ordered(line)),
    );
    while (this.matches.length > 0 && (this.matches.at(-1) as number) >= start) this.matches.pop();
    for (let index = start; index < this.lines.length; index++) {
      if (this.#matches(this.lines[index] as OrderedLine)) this.matches.push(index);
    }
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
    this.lines = [];
    this.matches = [];
    this.dropped = 0;
    this.#hostKeys.clear();
    this.#newestKey = '';
  }

  #ordered(line: LogLine): OrderedLine {
    const key = line.time ?? this.#hostKeys.get(line.host) ?? this.#newestKey;
    this.#hostKeys.set(line.host, key);
    if (key > this.#newestKey) this.#newestKey = key;
    return { ...line, key };
  }

  #matches(line: LogLine): boolean {
    return this.#filter === '' || line.text.toLowerCase().includes(this.#filter);
  }

  #drop(count: number): void {
    this.lines.splice(0, count);
    this.dropped += count;
    let first = 0;
    while (first < this.matches.length && (this.matches[first] as number) < count) first += 1;
    this.matches = this.matches.slice(first).map((index) => index - count);
  }
}
