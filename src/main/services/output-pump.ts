import { STREAM_LIMITS } from '../../shared/contract';

export interface PumpLimits {
  readonly batchMs: number;
  readonly maxBatchChars: number;
  readonly highWaterChars: number;
  readonly lowWaterChars: number;
}

/** Starts a timer and returns the function that stops it; tests pass a manual clock. */
export type Schedule = (run: () => void, delayMs: number) => () => void;

const realSchedule: Schedule = (run, delayMs) => {
  const timer = setTimeout(run, delayMs);
  return () => clearTimeout(timer);
};

export interface PumpOptions<Item> {
  /** Sends one numbered batch to the renderer; numbers start at 1 and have no gaps. */
  readonly send: (batch: readonly Item[], seq: number) => void;
  /** The size of an item in characters, as the renderer counts it when acknowledging. */
  readonly sizeOf: (item: Item) => number;
  /** Asks the source to stop producing; called once per stall. */
  readonly pause?: () => void;
  readonly resume?: () => void;
  readonly limits?: Partial<PumpLimits>;
  readonly schedule?: Schedule;
}

/**
 * Carries a stream's output from a source to one renderer. Output is collected for a few
 * milliseconds and sent as one numbered batch. Once `highWaterChars` are unacknowledged, sending
 * stops and the source is paused until acknowledgements bring it below `lowWaterChars`. Output
 * that arrives meanwhile is kept, so nothing is lost, and the end comes after the last batch.
 */
export class OutputPump<Item> {
  readonly #options: PumpOptions<Item>;
  readonly #limits: PumpLimits;
  readonly #schedule: Schedule;
  #pending: Item[] = [];
  #pendingChars = 0;
  #unacknowledged = 0;
  #seq = 0;
  #cancelTimer: (() => void) | undefined;
  #paused = false;
  #finish: ((seq: number) => void) | undefined;
  #done = false;

  constructor(options: PumpOptions<Item>) {
    this.#options = options;
    this.#limits = { ...STREAM_LIMITS, ...options.limits };
    this.#schedule = options.schedule ?? realSchedule;
  }

  /** Characters sent and not yet acknowledged. */
  get unacknowledged(): number {
    return this.#unacknowledged;
  }

  /** Characters received from the source and not yet sent. */
  get backlog(): number {
    return this.#pendingChars;
  }

  get paused(): boolean {
    return this.#paused;
  }

  push(item: Item): void {
    if (this.#done || this.#finish !== undefined) return;
    this.#pending.push(item);
    this.#pendingChars += this.#options.sizeOf(item);
    if (this.#pendingChars >= this.#limits.maxBatchChars) this.#flush();
    else this.#cancelTimer ??= this.#schedule(() => this.#flush(), this.#limits.batchMs);
  }

  /** Records that the renderer drew `chars` more characters; more than were sent counts as all. */
  acknowledge(chars: number): void {
    if (this.#done) return;
    this.#unacknowledged = Math.max(0, this.#unacknowledged - chars);
    if (this.#unacknowledged <= this.#limits.lowWaterChars) this.#flush();
  }

  /** Marks the source as ended: `announce` runs with the next number once everything is sent. */
  finish(announce: (seq: number) => void): void {
    if (this.#done || this.#finish !== undefined) return;
    this.#finish = announce;
    this.#flush();
  }

  /** Drops what is not sent yet; nothing more is sent. */
  dispose(): void {
    this.#done = true;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    this.#pending = [];
    this.#pendingChars = 0;
  }

  #flush(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (this.#done) return;

    while (this.#pending.length > 0 && this.#unacknowledged < this.#limits.highWaterChars) {
      let count = 0;
      let chars = 0;
      // At least one item per batch, so an item larger than a batch still goes out.
      while (count < this.#pending.length && (count === 0 || chars < this.#limits.maxBatchChars)) {
        chars += this.#options.sizeOf(this.#pending[count] as Item);
        count += 1;
      }
      const batch = this.#pending.splice(0, count);
      this.#pendingChars -= chars;
      this.#unacknowledged += chars;
      this.#seq += 1;
      this.#options.send(batch, this.#seq);
    }

    if (this.#pending.length > 0) {
      if (!this.#paused) {
        this.#paused = true;
        this.#options.pause?.();
      }
      return;
    }
    if (this.#paused && this.#unacknowledged <= this.#limits.lowWaterChars) {
      this.#paused = false;
      this.#options.resume?.();
    }
    if (this.#finish !== undefined) {
      const announce = this.#finish;
      this.#done = true;
      this.#seq += 1;
      announce(this.#seq);
    }
  }
}
