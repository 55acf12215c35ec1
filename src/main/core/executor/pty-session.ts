/**
 * The terminal session both executors hand out: listeners, exit bookkeeping and stream
 * decoding live here, the backends (node-pty, an ssh2 channel) only move bytes.
 */
import { createTextDecoder } from './output';
import type { Disposable, PtyExit, PtySession } from './types';

export interface PtyBackend {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  kill(signal: string): void;
  /** Ends the program if needed and frees the backend; called once. */
  close(): void;
}

export interface PtyControl {
  readonly session: PtySession;
  /** Bytes from the program. */
  data(chunk: Uint8Array): void;
  /** The program ended; later calls are ignored. */
  exit(exit: PtyExit): void;
}

/** Terminal sizes outside this range are clamped; some programs crash on zero columns. */
export function clampSize(value: number, max: number): number {
  if (!Number.isFinite(value)) return 1;
  return Math.min(max, Math.max(1, Math.floor(value)));
}

export const MAX_COLS = 1000;
/** Quiet time after which a held-back exit is reported: the paused output has drained. */
const EXIT_DRAIN_MS = 50;
export const MAX_ROWS = 500;

export function createPtySession(host: string, backend: PtyBackend): PtyControl {
  const decoder = createTextDecoder();
  const dataListeners = new Set<(text: string) => void>();
  const exitListeners = new Set<(exit: PtyExit) => void>();
  let ended: PtyExit | undefined;
  let disposed = false;
  let paused = false;
  /** An exit that was reported but not yet passed on, until the output has drained. */
  let pendingExit: PtyExit | undefined;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;

  const finish = (exit: PtyExit) => {
    if (ended !== undefined) return;
    ended = exit;
    pendingExit = undefined;
    deliver(decoder.end());
    for (const listener of exitListeners) listener(exit);
    exitListeners.clear();
  };

  // The exit follows once no data has come for a moment and the output is not paused.
  const scheduleFlush = () => {
    if (pendingExit === undefined || paused) return;
    if (flushTimer !== undefined) clearTimeout(flushTimer);
    const exit = pendingExit;
    flushTimer = setTimeout(() => finish(exit), EXIT_DRAIN_MS);
  };

  const deliver = (text: string) => {
    if (text === '') return;
    for (const listener of dataListeners) listener(text);
  };

  const session: PtySession = {
    host,
    write(data) {
      if (ended === undefined && pendingExit === undefined && !disposed) backend.write(data);
    },
    resize(cols, rows) {
      if (ended === undefined && !disposed) {
        backend.resize(clampSize(cols, MAX_COLS), clampSize(rows, MAX_ROWS));
      }
    },
    pause() {
      if (disposed) return;
      paused = true;
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      backend.pause();
    },
    resume() {
      if (disposed) return;
      paused = false;
      backend.resume();
      scheduleFlush();
    },
    onData(listener): Disposable {
      dataListeners.add(listener);
      return { dispose: () => dataListeners.delete(listener) };
    },
    onExit(listener): Disposable {
      if (ended !== undefined) {
        const exit = ended;
        queueMicrotask(() => listener(exit));
        return { dispose: () => {} };
      }
      exitListeners.add(listener);
      return { dispose: () => exitListeners.delete(listener) };
    },
    kill(signal = 'SIGHUP') {
      if (ended === undefined && !disposed) backend.kill(signal);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      backend.close();
      dataListeners.clear();
      exitListeners.clear();
    },
  };

  return {
    session,
    data(chunk) {
      if (disposed) return;
      deliver(decoder.push(chunk));
      scheduleFlush();
    },
    exit(exit) {
      if (ended !== undefined || pendingExit !== undefined) return;
      // The backends may report the exit while the program's last output is still on its way
      // (or waits in a paused stream), so the exit is held back until the output has drained.
      pendingExit = exit;
      scheduleFlush();
    },
  };
}
