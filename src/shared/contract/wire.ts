import * as z from 'zod';
import type { CallName, EventName } from './index';
import type { AppError, Result } from './result';
import { appErrorSchema } from './result';

/** Chosen by the caller, unique among its calls in flight; names the call to cancel it. */
export const requestIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/, 'a request id is letters, digits, - and _');

/** The message the renderer sends on a call channel (IPC) or inside a `call` message (WebSocket). */
export const callEnvelopeSchema = z.object({
  requestId: requestIdSchema,
  payload: z.unknown(),
});
export type CallEnvelope = z.infer<typeof callEnvelopeSchema>;

export const cancelEnvelopeSchema = z.object({ requestId: requestIdSchema });

/** An event as it travels to the renderer. */
export interface EventEnvelope {
  readonly event: EventName;
  readonly payload: unknown;
}

export const eventEnvelopeSchema = z.object({ event: z.string(), payload: z.unknown() });

/** A result as it travels: the value is checked against the call's response schema on arrival. */
export const wireResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
]);
export type WireResult = Result<unknown>;

/** Messages from the browser to `cf serve`. */
export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), call: z.string().max(100), ...callEnvelopeSchema.shape }),
  z.object({ type: z.literal('cancel'), requestId: requestIdSchema }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** Messages from `cf serve` to the browser. */
export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), requestId: z.string(), result: wireResultSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
  /** A reply to a message the server could not parse, so it has no request id. */
  z.object({ type: z.literal('rejected'), error: appErrorSchema }),
]);
export type ServerMessage =
  | { type: 'result'; requestId: string; result: WireResult }
  | { type: 'event'; event: EventName; payload: unknown }
  | { type: 'rejected'; error: AppError };

/**
 * The one object the preload puts on `window.composeFarm`, and the surface every renderer
 * transport offers. Requests and results are checked against the contract on both ends, so the
 * bridge itself carries them untyped.
 */
export interface Bridge {
  invoke(call: CallName, envelope: CallEnvelope): Promise<WireResult>;
  cancel(requestId: string): void;
  /** Calls `listener` for every event from main until the returned function is called. */
  subscribe(listener: (event: EventEnvelope) => void): () => void;
  /**
   * Calls `watcher` whenever the connection to main is lost or back. Only transports that can
   * lose main offer it: the desktop window's IPC cannot.
   */
  watchConnection?(watcher: (state: ConnectionState) => void): () => void;
}

/** `reconnecting` once the connection drops; main has then ended the terminals and log streams. */
export type ConnectionState = 'connected' | 'reconnecting';
