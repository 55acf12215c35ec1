import { describe, expect, it } from 'vitest';
import { createOutputValve } from '../../../src/main/core/executor';
import { LocalExecutor } from '../../../src/main/core/executor/local';
import type { OutputLine, PtySession } from '../../../src/main/core/executor/types';
import { OutputPump } from '../../../src/main/services/output-pump';

const silent = { debug() {}, info() {}, warn() {} };
const LINES = 300_000;
const LIMITS = { batchMs: 2, maxBatchChars: 16_384, highWaterChars: 65_536, lowWaterChars: 16_384 };
/** Pipe reads are at most 64 KiB, so a paused source leaves a few reads in flight at most. */
const BACKLOG_BOUND = 512 * 1024;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the pump holds the source, then a while longer for anything still in flight. */
async function untilPaused(pump: OutputPump<string>): Promise<void> {
  for (let tries = 0; !pump.paused && tries < 5000; tries++) await wait(2);
  await wait(300);
}

describe('flow control', () => {
  it('bounds a flooding command', async () => {
    const valve = createOutputValve();
    const received: string[] = [];
    let maxBacklog = 0;
    const pump = new OutputPump<string>({
      send: (batch) => received.push(...batch),
      sizeOf: (text) => text.length + 1,
      pause: valve.pause,
      resume: valve.resume,
      limits: LIMITS,
    });
    const onLine = (line: OutputLine) => {
      pump.push(line.text);
      maxBacklog = Math.max(maxBacklog, pump.backlog);
    };
    let ended = false;
    const run = new LocalExecutor('local', { logger: silent })
      .run({ argv: ['seq', '1', String(LINES)], capture: false, valve: valve.valve, onLine })
      .finally(() => (ended = true));

    // Without acknowledgements the command must wait rather than pour into main.
    await untilPaused(pump);
    expect(ended).toBe(false);
    expect(pump.paused).toBe(true);
    expect(maxBacklog).toBeLessThan(BACKLOG_BOUND);

    while (!ended || pump.backlog > 0) {
      pump.acknowledge(pump.unacknowledged);
      await wait(1);
    }
    const result = await run;
    expect(result.end).toEqual({ type: 'exit', code: 0 });
    expect(maxBacklog).toBeLessThan(BACKLOG_BOUND);
    expect(received).toHaveLength(LINES);
    expect(received[0]).toBe('1');
    expect(received[LINES - 1]).toBe(String(LINES));
  }, 30_000);

  it('reads the last byte of a program that exits after a burst', async () => {
    const executor = new LocalExecutor('local', { logger: silent });
    for (let run = 0; run < 5; run += 1) {
      const opened = await executor.openPty({ argv: ['seq', '1', '200000'], cols: 80, rows: 24 });
      if (!opened.ok) throw new Error(opened.error.message);
      let received = 0;
      opened.value.onData((text) => (received += text.length));
      await new Promise((resolve) => opened.value.onExit(resolve));
      opened.value.dispose();
      expect(received).toBe(1_288_895 + 200_000);
    }
  }, 30_000);

  it('pauses a terminal until acknowledged', async () => {
    const executor = new LocalExecutor('local', { logger: silent });
    const opened = await executor.openPty({
      argv: ['seq', '1', '200000'],
      cols: 80,
      rows: 24,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const session: PtySession = opened.value;
    let received = 0;
    let maxBacklog = 0;
    const pump = new OutputPump<string>({
      send: (batch) => (received += batch.join('').length),
      sizeOf: (text) => text.length,
      pause: () => session.pause(),
      resume: () => session.resume(),
      limits: LIMITS,
    });
    let ended = false;
    session.onData((text) => {
      pump.push(text);
      maxBacklog = Math.max(maxBacklog, pump.backlog);
    });
    session.onExit(() => (ended = true));

    await untilPaused(pump);
    expect(ended).toBe(false);
    expect(pump.paused).toBe(true);
    expect(maxBacklog).toBeLessThan(BACKLOG_BOUND);

    while (!ended || pump.backlog > 0) {
      pump.acknowledge(pump.unacknowledged);
      await wait(1);
    }
    session.dispose();
    // seq writes 1,288,895 characters for 200,000 lines; the terminal turns each \n into \r\n.
    expect(received).toBe(1_288_895 + 200_000);
  }, 30_000);
});
