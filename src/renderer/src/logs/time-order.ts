/**
 * The part of the lines a merge rewrote: from `start` up to `end` (exclusive). The lines after
 * `end` are the ones that followed the rewritten part before, moved down by `added`.
 */
export interface MergedRange {
  readonly start: number;
  readonly end: number;
  readonly added: number;
}

/** Above this many lines, a rewritten part is put in place without spreading it into splice. */
const SPREAD_LIMIT = 10_000;

/**
 * Lines from several hosts, kept in the order of their keys as batches arrive. Keys are text
 * that compares in time order, such as RFC 3339 times in UTC with a fixed number of digits.
 * Every line is kept, and the lines of one host keep the order they arrived in, even where their
 * keys go backwards. When each host's keys never decrease, the lines are in key order. Of lines
 * with equal keys, the one that came first goes first.
 */
export class TimeOrder<Line extends { readonly host: string }> {
  readonly lines: Line[] = [];
  /** The key of each line, at the same index as the line. */
  readonly keys: string[] = [];
  /** The index of each host's newest line. */
  readonly #newest = new Map<string, number>();

  /**
   * Merges a batch into place, where `keys` has one key per line of `incoming`. Only the lines
   * between the earliest and the latest place a new line goes to are merged again, which in a
   * followed stream are the newest few. The lines after them are only moved.
   */
  merge(incoming: readonly Line[], keys: readonly string[]): MergedRange {
    if (incoming.length !== keys.length) {
      throw new Error(`merge got ${incoming.length} lines but ${keys.length} keys`);
    }
    if (this.#followsInOrder(keys)) return this.#append(incoming, keys);

    // Each host's new lines, as indexes into `incoming`.
    const queues = new Map<string, number[]>();
    incoming.forEach((line, index) => {
      const queue = queues.get(line.host);
      if (queue === undefined) queues.set(line.host, [index]);
      else queue.push(index);
    });
    let start = this.lines.length;
    for (const [host, queue] of queues) {
      start = Math.min(start, this.#insertionPoint(host, keys[queue[0] as number] as string));
    }

    const windowLines: Line[] = [];
    const windowKeys: string[] = [];
    const heads = new Map<string, number>();
    for (const host of queues.keys()) heads.set(host, 0);
    let left = incoming.length;
    let next = start;
    while (left > 0) {
      // The next old line goes first unless a new line is strictly earlier, so of equal keys
      // the line already shown, or the earlier host's, goes first.
      let chosenKey = this.keys[next];
      let chosenHost: string | undefined;
      for (const [host, queue] of queues) {
        // A host's new lines wait until its own newest line has gone out, so its order holds.
        if ((this.#newest.get(host) ?? -1) >= next) continue;
        const index = queue[heads.get(host) as number];
        const key = index === undefined ? undefined : (keys[index] as string);
        if (key !== undefined && (chosenKey === undefined || key < chosenKey)) {
          chosenKey = key;
          chosenHost = host;
        }
      }
      if (chosenKey === undefined) break;
      if (chosenHost === undefined) {
        windowLines.push(this.lines[next] as Line);
        next += 1;
      } else {
        const head = heads.get(chosenHost) as number;
        windowLines.push(incoming[(queues.get(chosenHost) as number[])[head] as number] as Line);
        heads.set(chosenHost, head + 1);
        left -= 1;
      }
      windowKeys.push(chosenKey);
    }

    replaceRange(this.lines, start, next - start, windowLines);
    replaceRange(this.keys, start, next - start, windowKeys);
    this.#moveNewest(start, next, windowLines, incoming.length);
    return { start, end: start + windowLines.length, added: incoming.length };
  }

  /** Removes the `count` oldest lines. */
  dropOldest(count: number): void {
    this.lines.splice(0, count);
    this.keys.splice(0, count);
    for (const [host, index] of this.#newest) {
      if (index < count) this.#newest.delete(host);
      else this.#newest.set(host, index - count);
    }
  }

  clear(): void {
    this.lines.length = 0;
    this.keys.length = 0;
    this.#newest.clear();
  }

  /** Tells whether a batch is in key order and starts no earlier than the newest line. */
  #followsInOrder(keys: readonly string[]): boolean {
    let previous = this.keys.at(-1) ?? '';
    for (const key of keys) {
      if (key < previous) return false;
      previous = key;
    }
    return true;
  }

  #append(incoming: readonly Line[], keys: readonly string[]): MergedRange {
    const start = this.lines.length;
    incoming.forEach((line, index) => {
      this.lines.push(line);
      this.keys.push(keys[index] as string);
      this.#newest.set(line.host, start + index);
    });
    return { start, end: this.lines.length, added: incoming.length };
  }

  /**
   * Finds where a new line of `host` with `key` goes: after the host's own newest line, and
   * after the lines with keys not later than it. It searches by halves, because the lines after
   * a host's newest one are in key order whenever every host's keys are.
   */
  #insertionPoint(host: string, key: string): number {
    let low = (this.#newest.get(host) ?? -1) + 1;
    let high = this.keys.length;
    if (high === 0 || (this.keys[high - 1] as string) <= key) return high;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.keys[middle] as string) <= key) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Updates each host's newest line after `window` replaced the lines from `start` to `end`. */
  #moveNewest(start: number, end: number, window: readonly Line[], added: number): void {
    for (const [host, index] of this.#newest) {
      if (index >= end) this.#newest.set(host, index + added);
    }
    window.forEach((line, offset) => {
      const index = start + offset;
      if ((this.#newest.get(line.host) ?? -1) < index) this.#newest.set(line.host, index);
    });
  }
}

/** Replaces `count` items of `list` from `start` with `items`, however many they are. */
export function replaceRange<Item>(
  list: Item[],
  start: number,
  count: number,
  items: readonly Item[],
): void {
  if (items.length <= SPREAD_LIMIT) {
    list.splice(start, count, ...items);
    return;
  }
  const rest = list.splice(start + count);
  list.length = start;
  for (const item of items) list.push(item);
  for (const item of rest) list.push(item);
}
