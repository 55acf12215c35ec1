/** A log line with the text key it is ordered by; keys compare as strings. */
export interface KeyedLine {
  readonly host: string;
  readonly key: string;
}

/**
 * Merges `incoming` into `merged` in place, so that lines from several hosts are in time order.
 * Every line is kept, and the lines of one host keep the order they arrived in, even where their
 * keys go backwards. When each host's keys never decrease and `merged` is already in key order,
 * the result is in key order too. Of lines with equal keys, the one that came first goes first.
 *
 * Returns the index of the first line that moved or was added, so that a caller can update
 * what it derived from the lines after that index only. Only the lines after the earliest
 * insertion point are merged again, which in a followed stream are the newest few.
 */
export function mergeByTime<Line extends KeyedLine>(
  merged: Line[],
  incoming: readonly Line[],
): number {
  const queues = new Map<string, Line[]>();
  for (const line of incoming) {
    const queue = queues.get(line.host);
    if (queue === undefined) queues.set(line.host, [line]);
    else queue.push(line);
  }

  let start = merged.length;
  for (const [host, queue] of queues) {
    start = Math.min(start, insertionPoint(merged, host, (queue[0] as Line).key));
  }

  const tail = merged.splice(start);
  // A host's new lines wait until its lines in the tail have gone out, so its order holds.
  const waiting = new Map<string, number>();
  for (const line of tail) {
    if (queues.has(line.host)) waiting.set(line.host, (waiting.get(line.host) ?? 0) + 1);
  }
  const heads = new Map<string, number>();
  for (const host of queues.keys()) heads.set(host, 0);

  let next = 0;
  for (;;) {
    let chosen: Line | undefined = tail[next];
    let chosenHost: string | undefined;
    for (const [host, queue] of queues) {
      if ((waiting.get(host) ?? 0) > 0) continue;
      const candidate = queue[heads.get(host) as number];
      // Strictly earlier only: on equal keys the line already shown, or the earlier host, wins.
      if (candidate !== undefined && (chosen === undefined || candidate.key < chosen.key)) {
        chosen = candidate;
        chosenHost = host;
      }
    }
    if (chosen === undefined) break;
    merged.push(chosen);
    if (chosenHost === undefined) {
      next += 1;
      const left = waiting.get(chosen.host);
      if (left !== undefined) waiting.set(chosen.host, left - 1);
    } else {
      heads.set(chosenHost, (heads.get(chosenHost) as number) + 1);
    }
  }
  return start;
}

/**
 * Finds where a new line of `host` with `key` goes: after the host's own newest line, and after
 * every line whose key is not later than it. The search runs back from the end, so it is short
 * for the newest lines.
 */
function insertionPoint(merged: readonly KeyedLine[], host: string, key: string): number {
  let index = merged.length;
  while (index > 0) {
    const before = merged[index - 1] as KeyedLine;
    if (before.host === host || before.key <= key) break;
    index -= 1;
  }
  return index;
}
