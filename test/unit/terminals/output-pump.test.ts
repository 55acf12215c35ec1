import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../../src/main/services/output-pump';
import { OutputPump } from '../../../src/main/services/output-pump';
import { StreamReceiver } from '../../../src/shared/contract/stream-receiver';

/** Returns a clock that runs its timers only when `runAll` is called. */
function manualClock() {
  const timers = new Set<() => void>();
  const schedule: Schedule = (run) => {
    const timer = () => {
      timers.delete(timer);
      run();
    };
    timers.add(timer);
    return () => timers.delete(timer);
  };
  return {
    schedule,
    runAll() {
      for (const timer of [...timers]) timer();
    },
    get pending() {
      return timers.size;
    },
  };
}

const LIMITS = { batchMs: 5, maxBatchChars: 100, highWaterChars: 400, lowWaterChars: 100 };

function textPump(clock = manualClock()) {
  const batches: { seq: number; text: string }[] = [];
  const calls: string[] = [];
  const pump = new OutputPump<string>({
    send: (batch, seq) => batches.push({ seq, text: batch.join('') }),
    sizeOf: (text) => text.length,
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
    limits: LIMITS,
    schedule: clock.schedule,
  });
  return { pump, batches, calls, clock };
}

describe('OutputPump', () => {
  it('collects small writes into one batch until the timer fires', () => {
    const { pump, batches, clock } = textPump();
    pump.push('a');
    pump.push('b');
    pump.push('c');
    expect(batches).toEqual([]);
    expect(clock.pending).toBe(1);
    clock.runAll();
    expect(batches).toEqual([{ seq: 1, text: 'abc' }]);
  });

  it('sends at once when a batch is full', () => {
    const { pump, batches } = textPump();
    pump.push('x'.repeat(150));
    expect(batches).toEqual([{ seq: 1, text: 'x'.repeat(150) }]);
  });

  it('pauses the source at the high-water mark and resumes after acknowledgements', () => {
    const { pump, batches, calls, clock } = textPump();
    for (let index = 0; index < 10; index++) pump.push(String(index).repeat(100));
    clock.runAll();
    expect(batches.map((batch) => batch.seq)).toEqual([1, 2, 3, 4]);
    expect(pump.unacknowledged).toBe(400);
    expect(pump.backlog).toBe(600);
    expect(calls).toEqual(['pause']);

    // Not yet below the low-water mark: nothing more goes out.
    pump.acknowledge(200);
    expect(batches).toHaveLength(4);
    pump.acknowledge(100);
    expect(batches.map((batch) => batch.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(calls).toEqual(['pause']);

    pump.acknowledge(400);
    expect(batches).toHaveLength(10);
    expect(pump.backlog).toBe(0);
    // The backlog is sent, but the window is still behind: the source stays paused.
    expect(calls).toEqual(['pause']);
    pump.acknowledge(300);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('loses nothing and keeps the order under a flood with slow acknowledgements', () => {
    const { pump, batches, clock } = textPump();
    const written: string[] = [];
    let acknowledged = 0;
    for (let index = 0; index < 20_000; index++) {
      const line = `line ${index} ${'é'.repeat(index % 7)}\n`;
      written.push(line);
      pump.push(line);
      if (index % 50 === 0) clock.runAll();
      // The window draws what it was sent, now and then.
      if (index % 333 === 0) {
        const sent = batches.reduce((sum, batch) => sum + batch.text.length, 0);
        pump.acknowledge(sent - acknowledged);
        acknowledged = sent;
      }
    }
    while (pump.backlog > 0 || clock.pending > 0) {
      clock.runAll();
      const sent = batches.reduce((sum, batch) => sum + batch.text.length, 0);
      pump.acknowledge(sent - acknowledged);
      acknowledged = sent;
    }
    expect(batches.map((batch) => batch.seq)).toEqual(batches.map((_, index) => index + 1));
    expect(batches.map((batch) => batch.text).join('')).toBe(written.join(''));
  });

  it('announces the end after the last batch, with the next number', () => {
    const { pump, batches, clock } = textPump();
    for (let index = 0; index < 6; index++) pump.push('y'.repeat(100));
    const ends: number[] = [];
    pump.finish((seq) => ends.push(seq));
    expect(ends).toEqual([]);
    pump.acknowledge(400);
    clock.runAll();
    expect(batches).toHaveLength(6);
    expect(ends).toEqual([7]);
    pump.push('late');
    clock.runAll();
    expect(batches).toHaveLength(6);
  });

  it('sends nothing after it is disposed', () => {
    const { pump, batches, clock } = textPump();
    pump.push('z');
    pump.dispose();
    clock.runAll();
    pump.push('more');
    expect(batches).toEqual([]);
  });
});

describe('StreamReceiver', () => {
  it('acknowledges drawn output in large steps and reports skipped batches', () => {
    const acks: number[] = [];
    const receiver = new StreamReceiver((chars) => acks.push(chars), 1_000_000);
    expect(receiver.accept(1)).toBe(0);
    receiver.drawn(20_000);
    expect(acks).toEqual([]);
    expect(receiver.accept(2)).toBe(0);
    receiver.drawn(20_000);
    expect(acks).toEqual([40_000]);
    expect(receiver.accept(5)).toBe(2);
    receiver.drawn(10);
    receiver.flush();
    expect(acks).toEqual([40_000, 10]);
    receiver.close();
  });
});
