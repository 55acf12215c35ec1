import { STREAM_LIMITS } from './streams';

/**
 * The renderer's half of flow control for one stream: it checks that batches arrive numbered
 * without gaps, and collects acknowledgements of drawn output so that main sends more. Acks go
 * out once `ackEveryChars` have been drawn, or shortly after the output stops.
 */
export class StreamReceiver {
  #expected = 1;
  #drawn = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(
    private readonly sendAck: (chars: number) => void,
    private readonly idleAckMs = 30,
  ) {}

  /**
   * Checks a batch's number and returns how many batches were skipped before it (0 when none).
   * A skipped batch would be a bug in main or the transport; the caller shows it.
   */
  accept(seq: number): number {
    const skipped = Math.max(0, seq - this.#expected);
    this.#expected = Math.max(this.#expected, seq + 1);
    return skipped;
  }

  /** Reports that `chars` characters of output have been drawn. */
  drawn(chars: number): void {
    if (this.#closed || chars <= 0) return;
    this.#drawn += chars;
    if (this.#drawn >= STREAM_LIMITS.ackEveryChars) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.idleAckMs);
  }

  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#closed || this.#drawn === 0) return;
    const chars = this.#drawn;
    this.#drawn = 0;
    this.sendAck(chars);
  }

  close(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#closed = true;
  }
}
