import * as z from 'zod';

/**
 * Flow control shared by terminals and log streams. Main batches output for a few
 * milliseconds, numbers each batch, and stops sending while too many characters are
 * unacknowledged. The renderer acknowledges what it has drawn. Sizes count UTF-16 code units
 * (string length), because both sides measure those the same way.
 */
export const STREAM_LIMITS = {
  /** How long main collects output before sending it, in milliseconds. */
  batchMs: 8,
  /** A batch is sent at once when it reaches this many characters. */
  maxBatchChars: 64 * 1024,
  /** Main pauses the source when the renderer has this many characters not yet acknowledged. */
  highWaterChars: 512 * 1024,
  /** ...and resumes it when the renderer is back below this many. */
  lowWaterChars: 128 * 1024,
  /** The renderer acknowledges at least this often, in characters drawn. */
  ackEveryChars: 32 * 1024,
} as const;

/** Names one terminal or log stream; made by main, random, so a caller cannot guess another's. */
export const streamIdSchema = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[\w-]+$/, 'a stream id is letters, digits, - and _');

/** An acknowledgement from the renderer: this many more characters of the stream are drawn. */
export const ackSchema = z.object({
  id: streamIdSchema,
  chars: z
    .number()
    .int()
    .min(1)
    .max(16 * 1024 * 1024),
});

/** The sequence number of a batch; the first batch of a stream is 1, with no gaps after it. */
export const sequenceSchema = z.number().int().min(1);
