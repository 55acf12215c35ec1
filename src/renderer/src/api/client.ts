import type {
  AppError,
  Bridge,
  CallName,
  CallRequest,
  CallResponse,
  ConnectionState,
  EventEnvelope,
} from '../../../shared/contract';
import { findCall, resultSchema } from '../../../shared/contract';

/** A failed call, thrown so that react-query marks the query as failed. `error` is main's typed error. */
export class CallError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'CallError';
  }
}

export interface CallOptions {
  /** Aborting it cancels the call in main as well. */
  readonly signal?: AbortSignal;
}

export interface Client {
  call<N extends CallName>(
    name: N,
    request: CallRequest<N>,
    options?: CallOptions,
  ): Promise<CallResponse<N>>;
  subscribe(listener: (event: EventEnvelope) => void): () => void;
  /** Hears when the connection to main drops and comes back; never called in the desktop window. */
  watchConnection(watcher: (state: ConnectionState) => void): () => void;
}

/** The typed face of a bridge: the renderer calls main only through this. */
export function createClient(bridge: Bridge): Client {
  const prefix = Math.random().toString(36).slice(2, 10);
  let counter = 0;

  return {
    async call(name, request, options = {}) {
      const spec = findCall(name);
      if (spec === undefined) throw new Error(`${name} is not in the contract`);
      counter += 1;
      const requestId = `${prefix}-${counter}`;
      const { signal } = options;
      if (signal?.aborted) throw cancelled(name);
      const cancel = () => bridge.cancel(requestId);
      signal?.addEventListener('abort', cancel, { once: true });

      try {
        const answer = await bridge.invoke(name, { requestId, payload: request });
        const result = resultSchema(spec.response).safeParse(answer);
        if (!result.success) {
          throw new CallError({
            code: 'internal',
            message: `The response to ${name} does not match the contract.`,
            hint: 'Reload the page: it may be older than the app serving it.',
          });
        }
        if (!result.data.ok) throw new CallError(result.data.error);
        return result.data.value as CallResponse<typeof name>;
      } finally {
        signal?.removeEventListener('abort', cancel);
      }
    },
    subscribe: (listener) => bridge.subscribe(listener),
    watchConnection: (watcher) => bridge.watchConnection?.(watcher) ?? (() => {}),
  };
}

function cancelled(name: string): CallError {
  return new CallError({ code: 'cancelled', message: `${name} was cancelled.`, hint: '' });
}

/** Returns the typed error behind anything a query or mutation threw. */
export function toAppError(error: unknown): AppError {
  if (error instanceof CallError) return error.error;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message, hint: 'This is a bug in the app.' };
}
