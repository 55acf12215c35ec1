import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../src/shared/contract';
import { LogBuffer, MAX_LOG_LINES } from '../../../src/renderer/src/logs/log-buffer';
import { TimeOrder } from '../../../src/renderer/src/logs/time-order';

/** Builds a line of `host` at second `second` of one minute, its text naming both. */
function at(host: string, second: number | null, text = `${host}@${second}`): LogLine {
  const time =
    second === null ? null : `2026-03-01T10:00:${String(second).padStart(2, '0')}.000000000Z`;
  return { host, stream: 'stdout', text, time };
}

function texts(buffer: LogBuffer): string[] {
  return buffer.lines.map((line) => line.text);
}

describe('log buffer order', () => {
  it('interleaves batches of two hosts by time', () => {
    const buffer = new LogBuffer();
    buffer.append([at('h1', 1), at('h1', 3), at('h1', 5)]);
    buffer.append([at('h2', 2), at('h2', 4), at('h2', 6)]);
    expect(texts(buffer)).toEqual(['h1@1', 'h2@2', 'h1@3', 'h2@4', 'h1@5', 'h2@6']);
  });

  it('orders the hosts of one batch', () => {
    const buffer = new LogBuffer();
    buffer.append([at('h2', 4), at('h1', 1), at('h2', 5), at('h1', 2)]);
    expect(texts(buffer)).toEqual(['h1@1', 'h1@2', 'h2@4', 'h2@5']);
  });

  it('puts a late line before newer lines of other hosts', () => {
    const buffer = new LogBuffer();
    buffer.append([at('h1', 1), at('h2', 2), at('h2', 5), at('h2', 9)]);
    buffer.append([at('h1', 4)]);
    expect(texts(buffer)).toEqual(['h1@1', 'h2@2', 'h1@4', 'h2@5', 'h2@9']);
  });

  it('keeps one host in arrival order when its times go back', () => {
    const buffer = new LogBuffer();
    buffer.append([at('h1', 5), at('h1', 2), at('h1', 8)]);
    buffer.append([at('h2', 1), at('h2', 3), at('h2', 6)]);
    const h1 = texts(buffer).filter((text) => text.startsWith('h1'));
    expect(h1).toEqual(['h1@5', 'h1@2', 'h1@8']);
    expect(buffer.lines).toHaveLength(6);
  });

  it('never puts a new line before its own host', () => {
    const buffer = new LogBuffer();
    buffer.append([at('h1', 1), at('h1', 9)]);
    buffer.append([at('h2', 2)]);
    // Older than h1's newest line, yet after it: one host's order wins over the time.
    buffer.append([at('h1', 3)]);
    expect(texts(buffer)).toEqual(['h1@1', 'h2@2', 'h1@9', 'h1@3']);
  });

  it('keeps a line without a time after its host', () => {
    const buffer = new LogBuffer();
    buffer.append([at('h1', 2), at('h1', null, 'h1 note'), at('h1', 7)]);
    buffer.append([at('h2', 1), at('h2', 3), at('h2', 8)]);
    expect(texts(buffer)).toEqual(['h2@1', 'h1@2', 'h1 note', 'h2@3', 'h1@7', 'h2@8']);
  });

  it('adds a first line without a time at the end', () => {
    const buffer = new LogBuffer();
    buffer.append([at('h1', 1), at('h1', 4)]);
    buffer.append([at('h2', null, 'no such service: web')]);
    buffer.append([at('h2', 6)]);
    expect(texts(buffer)).toEqual(['h1@1', 'h1@4', 'no such service: web', 'h2@6']);
  });

  it('keeps the line that came first on equal times', () => {
    const buffer = new LogBuffer();
    buffer.append([at('h1', 3, 'first')]);
    buffer.append([at('h2', 3, 'second')]);
    buffer.append([at('h3', 3, 'third'), at('h1', 3, 'fourth')]);
    expect(texts(buffer)).toEqual(['first', 'second', 'third', 'fourth']);
  });

  it('keeps the filtered lines right after a merge', () => {
    const buffer = new LogBuffer();
    buffer.setFilter('match');
    buffer.append([at('h1', 1, 'match 1'), at('h1', 5, 'other'), at('h1', 9, 'match 9')]);
    buffer.append([at('h2', 3, 'match 3'), at('h2', 7, 'other')]);
    const shown = buffer.matches.map((index) => buffer.lines[index]?.text);
    expect(shown).toEqual(['match 1', 'match 3', 'match 9']);
    expect(buffer.matches).toEqual([0, 1, 4]);
  });

  it('drops the oldest lines beyond the limit', () => {
    const buffer = new LogBuffer();
    const lines = Array.from({ length: MAX_LOG_LINES + 3 }, (_, index) =>
      at('h1', 1, `line ${index}`),
    );
    buffer.append(lines);
    expect(buffer.lines).toHaveLength(MAX_LOG_LINES);
    expect(buffer.dropped).toBe(3);
    expect(buffer.lines[0]?.text).toBe('line 3');
    expect(buffer.matches).toHaveLength(MAX_LOG_LINES);
  });
});

describe('time order', () => {
  interface KeyedLine {
    readonly host: string;
    readonly key: string;
  }
  const keyed = (host: string, key: string): KeyedLine => ({ host, key });
  const names = (order: TimeOrder<KeyedLine>) =>
    order.lines.map((line) => `${line.host}${line.key}`);
  const merge = <Line extends KeyedLine>(order: TimeOrder<Line>, lines: Line[]) =>
    order.merge(
      lines,
      lines.map((line) => line.key),
    );

  it('returns the part it rewrote', () => {
    const order = new TimeOrder<KeyedLine>();
    merge(order, [keyed('a', '1'), keyed('b', '2'), keyed('a', '5')]);
    expect(merge(order, [keyed('b', '3')])).toEqual({ start: 2, end: 3, added: 1 });
    expect(names(order)).toEqual(['a1', 'b2', 'b3', 'a5']);
    expect(merge(order, [keyed('a', '9')])).toEqual({ start: 4, end: 5, added: 1 });
    expect(merge(order, [])).toEqual({ start: 5, end: 5, added: 0 });
  });

  it('leaves the lines after the new ones as they were', () => {
    const order = new TimeOrder<KeyedLine>();
    merge(
      order,
      ['1', '2', '3', '4', '5'].map((key) => keyed('a', key)),
    );
    const after = order.lines.slice(2);
    expect(merge(order, [keyed('b', '2')])).toEqual({ start: 2, end: 3, added: 1 });
    expect(order.lines.slice(3)).toEqual(after);
  });

  it('keeps each host after its own lines once old ones are dropped', () => {
    const order = new TimeOrder<KeyedLine>();
    merge(order, [keyed('a', '1'), keyed('b', '2'), keyed('a', '6'), keyed('b', '8')]);
    order.dropOldest(2);
    merge(order, [keyed('a', '3'), keyed('b', '7')]);
    expect(names(order)).toEqual(['a6', 'a3', 'b8', 'b7']);
  });

  it('merges a batch larger than a spread allows', () => {
    const order = new TimeOrder<KeyedLine>();
    merge(
      order,
      Array.from({ length: 30_000 }, (_, index) => keyed('a', String(2 * index).padStart(6, '0'))),
    );
    const incoming = Array.from({ length: 30_000 }, (_, index) =>
      keyed('b', String(2 * index + 1).padStart(6, '0')),
    );
    expect(merge(order, incoming)).toEqual({ start: 1, end: 60_000, added: 30_000 });
    const keys = order.lines.map((line) => line.key);
    expect(keys).toHaveLength(60_000);
    expect(keys).toEqual([...keys].sort());
  });

  it('rejects a key count unlike the line count', () => {
    const order = new TimeOrder<KeyedLine>();
    expect(() => order.merge([keyed('a', '1')], [])).toThrow('merge got 1 lines but 0 keys');
    expect(order.lines).toEqual([]);
  });

  it('keeps every line, each host in order, all in time order', () => {
    // A fixed generator, so that a failure repeats.
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round++) {
      const hosts = ['h1', 'h2', 'h3'].slice(0, 1 + Math.floor(random() * 3));
      const clocks = new Map(hosts.map((host) => [host, 0]));
      const sent: { host: string; key: string; id: number }[] = [];
      const order = new TimeOrder<{ host: string; key: string; id: number }>();
      for (let batch = 0; batch < 12; batch++) {
        const lines = [];
        for (let count = Math.floor(random() * 6); count > 0; count--) {
          const host = hosts[Math.floor(random() * hosts.length)] as string;
          const time = (clocks.get(host) as number) + Math.floor(random() * 3);
          clocks.set(host, time);
          const line = { host, key: String(time).padStart(4, '0'), id: sent.length };
          sent.push(line);
          lines.push(line);
        }
        merge(order, lines);
      }
      const merged = order.lines;
      expect(merged.map((line) => line.id).sort((a, b) => a - b)).toEqual(
        sent.map((line) => line.id),
      );
      for (const host of hosts) {
        const ids = merged.filter((line) => line.host === host).map((line) => line.id);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
      }
      const keys = merged.map((line) => line.key);
      expect(keys).toEqual([...keys].sort());
    }
  });
});
