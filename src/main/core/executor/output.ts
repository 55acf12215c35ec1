/**
 * Bytes to lines: UTF-8 is decoded as a stream, so a character split across two reads is
 * joined before any consumer reads it, and carriage returns are read the way a terminal reads them.
 */
import type { CommandSpec, OutputLine, OutputValve, RunEnd, RunResult, StreamName } from './types';

/**
 * Splits a byte stream into lines. `\n` and `\r\n` end a line. A bare `\r` ends one state of a
 * progress line, reported with `progress: true`. The line's final text is what follows its
 * last `\r`, because a terminal shows that over the earlier states.
 */
export class LineDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';
  /** The latest progress state of the current line. */
  private progressText = '';

  constructor(private readonly emit: (text: string, progress: boolean) => void) {}

  push(chunk: Uint8Array): void {
    this.feed(this.decoder.decode(chunk, { stream: true }));
  }

  /** Flushes the last partial character and line; call once, when the stream ends. */
  end(): void {
    this.feed(this.decoder.decode());
    if (this.pending.endsWith('\r')) this.pending = this.pending.slice(0, -1);
    if (this.pending !== '' || this.progressText !== '') this.finishLine(this.pending);
    this.pending = '';
  }

  private feed(text: string): void {
    this.pending += text;
    for (;;) {
      const index = this.pending.search(/[\r\n]/);
      if (index < 0) return;
      const segment = this.pending.slice(0, index);
      if (this.pending[index] === '\n') {
        this.pending = this.pending.slice(index + 1);
        this.finishLine(segment);
        continue;
      }
      // A `\r` at the end may be the first half of `\r\n`: wait for the next read.
      if (index === this.pending.length - 1) return;
      if (this.pending[index + 1] === '\n') {
        this.pending = this.pending.slice(index + 2);
        this.finishLine(segment);
        continue;
      }
      this.pending = this.pending.slice(index + 1);
      if (segment !== '') {
        this.progressText = segment;
        this.emit(segment, true);
      }
    }
  }

  private finishLine(segment: string): void {
    const text = segment !== '' ? segment : this.progressText;
    this.progressText = '';
    this.emit(text, false);
  }
}

/** Decodes a byte stream into text without splitting characters, for terminals. */
export function createTextDecoder(): { push(chunk: Uint8Array): string; end(): string } {
  const decoder = new TextDecoder('utf-8');
  return {
    push: (chunk) => decoder.decode(chunk, { stream: true }),
    end: () => decoder.decode(),
  };
}

/**
 * Collects one command's output for both executors: streams lines to the spec's listener,
 * keeps final lines when capture is on, and builds the result.
 */
export class RunRecorder {
  readonly label: string;
  private readonly started: number;
  private readonly kept: Record<StreamName, string[]> = { stdout: [], stderr: [] };
  private readonly decoders: Record<StreamName, LineDecoder>;

  constructor(
    readonly host: string,
    private readonly spec: CommandSpec,
    private readonly now: () => number = Date.now,
  ) {
    this.label = spec.label ?? host;
    this.started = now();
    this.decoders = {
      stdout: new LineDecoder((text, progress) => this.line('stdout', text, progress)),
      stderr: new LineDecoder((text, progress) => this.line('stderr', text, progress)),
    };
  }

  push(stream: StreamName, chunk: Uint8Array): void {
    this.decoders[stream].push(chunk);
  }

  finish(end: RunEnd): RunResult {
    this.decoders.stdout.end();
    this.decoders.stderr.end();
    const joined = (lines: string[]) => lines.map((line) => `${line}\n`).join('');
    return {
      host: this.host,
      label: this.label,
      end,
      success: end.type === 'exit' && end.code === 0,
      stdout: joined(this.kept.stdout),
      stderr: joined(this.kept.stderr),
      durationMs: this.now() - this.started,
    };
  }

  private line(stream: StreamName, text: string, progress: boolean): void {
    if (!progress && this.spec.capture !== false) this.kept[stream].push(text);
    const line: OutputLine = { stream, text, label: this.label, host: this.host, progress };
    this.spec.onLine?.(line);
  }
}

/** An `OutputValve` and the switches that open and close it. */
export interface OutputValveControl {
  readonly valve: OutputValve;
  pause(): void;
  resume(): void;
}

export function createOutputValve(): OutputValveControl {
  const listeners = new Set<(paused: boolean) => void>();
  let paused = false;
  const set = (next: boolean) => {
    if (next === paused) return;
    paused = next;
    for (const listener of [...listeners]) listener(next);
  };
  return {
    valve: {
      get paused() {
        return paused;
      },
      watch(listener) {
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
    },
    pause: () => set(true),
    resume: () => set(false),
  };
}
