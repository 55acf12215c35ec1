/**
 * Feeds 250,000 log lines of two hosts into the logs view's buffer in three patterns and prints
 * the total time and the slowest batch of each, without and with a filter, the median of five
 * runs. Run with `npx tsx bench/renderer/log-merge.ts`.
 */
import type { LogLine } from '../../src/shared/contract';
import { LogBuffer } from '../../src/renderer/src/logs/log-buffer';

const LINES_PER_HOST = 125_000;
const RUNS = 5;
const BASE_TIME = Date.UTC(2026, 0, 1);

/** `count` lines of `host`, one every 10 ms from `offsetMs`, as main sends them. */
function hostLines(host: string, count: number, offsetMs: number): LogLine[] {
  return Array.from({ length: count }, (_, index) => ({
    host,
    stream: 'stdout',
    text: `app-1  | ${host} line ${index}`,
    time: new Date(BASE_TIME + offsetMs + index * 10).toISOString().replace('Z', '000000Z'),
  }));
}

function batches(lines: readonly LogLine[], size: number): LogLine[][] {
  const result: LogLine[][] = [];
  for (let start = 0; start < lines.length; start += size) {
    result.push(lines.slice(start, start + size));
  }
  return result;
}

function interleave(first: LogLine[][], second: LogLine[][]): LogLine[][] {
  return first.flatMap((batch, index) => [batch, second[index] ?? []]);
}

function measure(input: readonly LogLine[][], filter: string) {
  const buffer = new LogBuffer();
  buffer.setFilter(filter);
  let slowest = 0;
  const started = performance.now();
  for (const batch of input) {
    const batchStarted = performance.now();
    buffer.append(batch);
    slowest = Math.max(slowest, performance.now() - batchStarted);
  }
  return { total: performance.now() - started, slowest };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const h1 = hostLines('h1', LINES_PER_HOST, 0);
const h2 = hostLines('h2', LINES_PER_HOST, 5);
const patterns: [string, LogLine[][]][] = [
  ['following, batches of 50 from each host in turn', interleave(batches(h1, 50), batches(h2, 50))],
  ['tail all, every h1 batch of 1000 before h2', [...batches(h1, 1000), ...batches(h2, 1000)]],
  ['one host, batches of 1000', batches(hostLines('h1', 2 * LINES_PER_HOST, 0), 1000)],
];

for (const filter of ['', 'line 1']) {
  for (const [name, input] of patterns) {
    const runs = Array.from({ length: RUNS }, () => measure(input, filter));
    const total = median(runs.map((run) => run.total));
    const slowest = median(runs.map((run) => run.slowest));
    const label = filter === '' ? name : `${name}, filter "${filter}"`;
    console.log(`${label}: ${total.toFixed(0)} ms, slowest batch ${slowest.toFixed(1)} ms`);
  }
}
