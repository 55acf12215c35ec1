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
export const MAX_ROWS = 500;

export function createPtySession(host: string, backend: PtyBackend): PtyControl {
  const decoder = createTextDecoder();
  const dataListeners = new Set<(text: string) => void>();
  const exitListeners = new Set<(exit: PtyExit) => void>();
  let ended: PtyExit | undefined;
  let disposed = false;

  const deliver = (text: string) => {
    if (text === '') return;
    for (const listener of dataListeners) listener(text);
  };

  const session: PtySession = {
    host,
    write(data) {
      if (ended === undefined && !disposed) backend.write(data);
    },
    resize(cols, rows) {
      if (ended === undefined && !disposed) {
        backend.resize(clampSize(cols, MAX_COLS), clampSize(rows, MAX_ROWS));
      }
    },
    // The program may exit while its last output still waits in a paused stream.
    pause() {
      if (!disposed) backend.pause();
    },
    resume() {
      if (!disposed) backend.resume();
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
      backend.close();
      dataListeners.clear();
      exitListeners.clear();
    },
  };

  return {
    session,
    data(chunk) {
      if (!disposed) deliver(decoder.push(chunk));
    },
    exit(exit) {
      if (ended !== undefined) return;
      ended = exit;
      deliver(decoder.end());
      for (const listener of exitListeners) listener(exit);
      exitListeners.clear();
    },
  };
}
