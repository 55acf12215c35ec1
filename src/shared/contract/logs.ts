import * as z from 'zod';
import { call, domain, event } from './define';
import { stackName } from './fields';
import { ackSchema, sequenceSchema, streamIdSchema } from './streams';
import { serviceName } from './terminals';

/** Tail sizes the logs view offers; `all` is every line the engine kept. */
export const LOG_TAILS = ['10', '100', '500', '1000', '5000', 'all'] as const;
export const logTailSchema = z.enum(LOG_TAILS);

export const logLineSchema = z.object({
  host: z.string(),
  stream: z.enum(['stdout', 'stderr']),
  /** The line as compose printed it, with the container prefix and without the timestamp. */
  text: z.string(),
  /**
   * When the engine recorded the line: RFC 3339 in UTC with nine fraction digits, so that
   * comparing the strings orders the lines in time. Null for a line compose printed itself.
   */
  time: z.string().nullable(),
});
export type LogLine = z.infer<typeof logLineSchema>;

export const logsDomain = domain({
  calls: {
    open: call({
      request: z.object({
        stack: stackName,
        service: serviceName.optional(),
        follow: z.boolean().default(true),
        tail: logTailSchema.default('100'),
      }),
      response: z.object({ id: streamIdSchema, hosts: z.array(z.string()) }),
      summary: 'Stream `docker compose logs` of a stack or one service from each of its hosts.',
    }),
    ack: call({
      request: ackSchema,
      response: z.object({}),
      summary: 'Report log lines as shown, so main sends more.',
    }),
    close: call({
      request: z.object({ id: streamIdSchema }),
      response: z.object({}),
      summary: 'Stop a log stream; the remote `docker compose logs` ends.',
    }),
  },
  events: {
    lines: event({
      payload: z.object({ id: streamIdSchema, seq: sequenceSchema, lines: z.array(logLineSchema) }),
      summary: 'Log lines in order, each marked with its host; sent only to the window that asked.',
    }),
    ended: event({
      payload: z.object({
        id: streamIdSchema,
        seq: sequenceSchema,
        /** One entry per host whose command failed, naming the host and what to do. */
        problems: z.array(z.string()),
      }),
      summary: 'Every host of a log stream has finished (without follow, or after a failure).',
    }),
  },
});
