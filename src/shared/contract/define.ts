import type * as z from 'zod';

/** A request/response call from the renderer to main. */
export interface CallSpec<
  Request extends z.ZodType = z.ZodType,
  Response extends z.ZodType = z.ZodType,
> {
  readonly request: Request;
  readonly response: Response;
  /**
   * Whether the UI offers a Cancel button while the call runs. Every call receives an
   * AbortSignal, so this flag marks the calls that can take long.
   */
  readonly cancellable: boolean;
  readonly summary: string;
}

/** A message main pushes to the renderer without being asked. */
export interface EventSpec<Payload extends z.ZodType = z.ZodType> {
  readonly payload: Payload;
  readonly summary: string;
}

export interface DomainSpec {
  readonly calls: Readonly<Record<string, CallSpec>>;
  readonly events: Readonly<Record<string, EventSpec>>;
}

export function call<Request extends z.ZodType, Response extends z.ZodType>(spec: {
  request: Request;
  response: Response;
  cancellable?: boolean;
  summary: string;
}): CallSpec<Request, Response> {
  return { ...spec, cancellable: spec.cancellable ?? false };
}

export function event<Payload extends z.ZodType>(spec: {
  payload: Payload;
  summary: string;
}): EventSpec<Payload> {
  return spec;
}

export function domain<const Domain extends DomainSpec>(spec: Domain): Domain {
  return spec;
}
