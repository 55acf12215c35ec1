import * as z from 'zod';
import { call, domain, event } from './define';
import { noArguments, stackName } from './fields';

/** Lifecycle commands the app runs on stacks, as `cf` names them. */
export const STACK_COMMANDS = ['up', 'down', 'restart', 'pull', 'update'] as const;
export const stackCommandSchema = z.enum(STACK_COMMANDS);
export type StackCommand = z.infer<typeof stackCommandSchema>;

/** An action id as main hands it out. */
export const actionIdSchema = z
  .string()
  .regex(/^act-[a-z0-9]{1,24}$/, 'an action id looks like act-… as returned by actions.start');

const execErrorSchema = z.object({ code: z.string(), message: z.string(), hint: z.string() });

/** How one stack (or one host of a multi-host stack) ended. */
export const stackResultSchema = z.object({
  stack: z.string(),
  host: z.string().nullable(),
  label: z.string(),
  success: z.boolean(),
  exitCode: z.number().int(),
  message: z.string().optional(),
  error: execErrorSchema.optional(),
});
export type StackResultView = z.infer<typeof stackResultSchema>;

export const preflightProblemSchema = z.object({
  kind: z.enum([
    'compose-file',
    'compose-error',
    'path',
    'network',
    'device',
    'remote-check-failed',
  ]),
  subject: z.string(),
  fix: z.string(),
});
export type PreflightProblemView = z.infer<typeof preflightProblemSchema>;

/** What an action reports while it runs; the renderer shows these as plain lines. */
export const progressEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('command'),
    stack: z.string(),
    host: z.string(),
    label: z.string(),
    command: z.string(),
  }),
  z.object({
    type: z.literal('output'),
    stack: z.string(),
    host: z.string(),
    label: z.string(),
    stream: z.enum(['stdout', 'stderr']),
    text: z.string(),
  }),
  z.object({
    type: z.literal('message'),
    level: z.enum(['info', 'success', 'warning', 'error']),
    text: z.string(),
    stack: z.string().optional(),
    host: z.string().optional(),
  }),
  z.object({
    type: z.literal('preflight-failed'),
    stack: z.string(),
    host: z.string(),
    problems: z.array(preflightProblemSchema),
  }),
  z.object({ type: z.literal('result'), result: stackResultSchema }),
  z.object({ type: z.literal('state-changed') }),
]);
export type ProgressEvent = z.infer<typeof progressEventSchema>;

export const actionStatusSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled']);
export type ActionStatus = z.infer<typeof actionStatusSchema>;

export const actionSummarySchema = z.object({
  id: actionIdSchema,
  /** `up web`, `restart 2 stacks`, `apply 3 actions` and the like. */
  title: z.string(),
  kind: z.union([stackCommandSchema, z.literal('apply')]),
  stacks: z.array(z.string()),
  status: actionStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  results: z.array(stackResultSchema),
});
export type ActionSummary = z.infer<typeof actionSummarySchema>;

export const actionsDomain = domain({
  calls: {
    start: call({
      request: z
        .object({
          command: stackCommandSchema,
          stacks: z.array(stackName).min(1).max(1000),
        })
        .strict(),
      response: z.object({ actionId: actionIdSchema }),
      summary: 'Starts up, down, restart, pull or update on stacks; progress comes as events.',
    }),
    cancel: call({
      request: z.object({ actionId: actionIdSchema }).strict(),
      response: z.object({ cancelled: z.boolean() }),
      summary: 'Stops a running action; what already finished stays done.',
    }),
    list: call({
      request: noArguments,
      response: z.object({ actions: z.array(actionSummarySchema) }),
      summary: 'Recent actions, newest first, running or finished.',
    }),
    output: call({
      request: z.object({ actionId: actionIdSchema }).strict(),
      response: z.object({
        action: actionSummarySchema,
        events: z.array(progressEventSchema),
        /** Events dropped from the start because the action printed more than is kept. */
        dropped: z.number().int(),
      }),
      summary: 'Everything an action reported so far, for an output panel opened late.',
    }),
  },
  events: {
    progress: event({
      payload: z.object({
        actionId: actionIdSchema,
        /** The position of the first of `events` among all the action's events, from 0. */
        from: z.number().int().nonnegative(),
        events: z.array(progressEventSchema),
      }),
      summary: 'New output, messages and results of a running action.',
    }),
    finished: event({
      payload: z.object({ action: actionSummarySchema }),
      summary: 'An action ended; its summary has every result.',
    }),
  },
});
