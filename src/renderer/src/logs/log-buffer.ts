import type { LogLine } from '../../../shared/contract';

/** Lines kept per view. Beyond this the oldest are dropped, and the view shows how many. */
export const MAX_LOG_LINES = 250_000;

/**
 * The lines of one logs view and the subset that matches its filter. New lines extend the
 * filtered subset without scanning the old ones again.
 */
export class LogBuffer {
  lines: LogLine[] = [];
  /** Indexes into `lines` of the lines that match the filter. */
  matches: number[] = [];
  dropped = 0;
  #filter = '';

  get filter(): string {
    return this.#filter;
  }

  append(lines: readonly LogLine[]): void {
    const start = this.lines.length;
    for (const line of lines) this.lines.push(line);
    for (let index = start; index < this.lines.length; index++) {
      if (this.#matches(this.lines[index] as LogLine)) this.matches.push(index);
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
