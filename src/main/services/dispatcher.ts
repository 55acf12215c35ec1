import type * as z from 'zod';
import type {
  CallName,
  ErrorCode,
  CallResponse,
  ParsedRequest,
  Result,
  WireResult,
} from '../../shared/contract';
import { callEnvelopeSchema, failed, findCall } from '../../shared/contract';
import type { Logger } from './log';
import { silentLogger } from './log';

export interface CallContext {
  /** Aborted when the caller cancels the call or its connection closes. */
  readonly signal: AbortSignal;
  /** The caller: one window or WebSocket connection. Terminals and log streams belong to it. */
  readonly scope: string;
}

export type CallHandler<N extends CallName> = (
  request: ParsedRequest<N>,
  context: CallContext,
) => Promise<Result<CallResponse<N>>>;

export type Handlers = { readonly [N in CallName]: CallHandler<N> };

/** Formats zod issues as `name: Too small; other: Required`, shorter than zod's JSON. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * The one place where calls from the renderer enter main, for IPC and WebSocket alike. It checks
 * the envelope and the payload against the contract before any handler runs, tracks calls
 * in flight so that they can be cancelled, and turns a handler that throws into an `internal`
 * error instead of a dropped request.
 */
export class Dispatcher {
  readonly #inFlight = new Map<string, AbortController>();

  constructor(
    private readonly handlers: Handlers,
    private readonly log: Logger = silentLogger,
  ) {}

  /**
   * Runs `callName` for a caller. `scope` separates callers (one per window or WebSocket
   * connection), so that one cannot cancel another's calls.
   */
  async dispatch(scope: string, callName: string, envelope: unknown): Promise<WireResult> {
    const parsedEnvelope = callEnvelopeSchema.safeParse(envelope);
    if (!parsedEnvelope.success) {
      return this.#reject(
        scope,
        'invalid-request',
        `The request for ${callName} is not a call envelope: ${describeIssues(parsedEnvelope.error)}`,
        'Send { requestId, payload }.',
      );
    }
    const { requestId, payload } = parsedEnvelope.data;

    const spec = findCall(callName);
    if (spec === undefined) {
      return this.#reject(
        scope,
        'unknown-call',
        `There is no call named ${callName}.`,
        'Update the app: the window and main disagree about the contract.',
      );
    }
    const request = spec.request.safeParse(payload);
    if (!request.success) {
      return this.#reject(
        scope,
        'invalid-request',
        `Invalid request ${requestId} for ${callName}: ${describeIssues(request.error)}`,
        'Check the values sent with the call.',
      );
    }

    const key = `${scope}\0${requestId}`;
    if (this.#inFlight.has(key)) {
      return this.#reject(
        scope,
        'invalid-request',
        `Request id ${requestId} for ${callName} is already in use by a running call.`,
        'Use a new id for every call.',
      );
    }
    const controller = new AbortController();
    this.#inFlight.set(key, controller);
    try {
      const handler = this.handlers[callName as CallName] as CallHandler<CallName>;
      const result = await handler(request.data as never, {
        signal: controller.signal,
        scope,
      });
      // A call that succeeded despite a late cancel did its work, so the caller gets its result.
      // A failure after a cancel is most likely the cancel itself, so it is reported as one.
      if (!result.ok) return controller.signal.aborted ? cancelledResult(callName) : result;

      const response = spec.response.safeParse(result.value);
      if (!response.success) {
        this.log.error(
          `${callName} returned a value that does not match the contract: ${describeIssues(response.error)}`,
        );
        return failed(
          'internal',
          `${callName} produced an invalid answer.`,
          'This is a bug; the log has the details.',
        );
      }
      return { ok: true, value: response.data };
    } catch (error) {
      if (controller.signal.aborted) return cancelledResult(callName);
      this.log.error(`${callName} failed`, error);
      const message = error instanceof Error ? error.message : String(error);
      return failed(
        'internal',
        `${callName} failed: ${message}`,
        'This is a bug; the log has the details.',
      );
    } finally {
      this.#inFlight.delete(key);
    }
  }

  /** Cancels one call; returns false when no such call is running. */
  cancel(scope: string, requestId: string): boolean {
    const controller = this.#inFlight.get(`${scope}\0${requestId}`);
    controller?.abort();
    return controller !== undefined;
  }

  /** Cancels every call of a caller that went away. */
  cancelScope(scope: string): void {
    for (const [key, controller] of this.#inFlight) {
      if (key.startsWith(`${scope}\0`)) controller.abort();
    }
  }

  /** Logs a request that never reached its handler, then returns the error for the caller. */
  #reject(scope: string, code: ErrorCode, message: string, hint: string): WireResult {
    this.log.warn(`Rejected a call from ${scope}: ${message}`);
    return failed(code, message, hint);
  }

  get callsInFlight(): number {
    return this.#inFlight.size;
  }
}

function cancelledResult(callName: string): WireResult {
  return failed('cancelled', `${callName} was cancelled.`);
}
