import * as z from 'zod';
import { call, domain, event } from './define';
import { hostName, stackName } from './fields';
import { ackSchema, sequenceSchema, streamIdSchema } from './streams';

/** Terminal sizes outside these bounds are clamped, not refused: a window can be tiny or huge. */
export const TERMINAL_SIZE = { maxCols: 500, maxRows: 200 } as const;

function clampedSize(max: number) {
  return z
    .number()
    .int()
    .transform((value) => Math.min(max, Math.max(1, value)));
}

/** The shells a `docker compose exec` may start; anything else is refused in main. */
export const EXEC_SHELLS = ['sh', 'bash', 'ash', 'zsh'] as const;
export const execShellSchema = z.enum(EXEC_SHELLS);
export type ExecShell = z.infer<typeof execShellSchema>;

/** Compose commands that can run in a terminal, showing compose's own progress bars. */
export const RAW_ACTIONS = ['pull', 'up', 'update'] as const;
export const rawActionSchema = z.enum(RAW_ACTIONS);
export type RawAction = z.infer<typeof rawActionSchema>;

/** A service name as compose accepts it. */
export const serviceName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, 'a service name is letters, digits, ., _ and -');

/**
 * The program a terminal runs: a login shell on a host, a shell inside a service's container,
 * or a compose command of a stack. `host` is required for a stack only when it runs on several.
 */
export const terminalTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('shell'), host: hostName }),
  z.object({
    kind: z.literal('exec'),
    stack: stackName,
    service: serviceName,
    shell: execShellSchema,
    host: hostName.optional(),
  }),
  z.object({
    kind: z.literal('compose'),
    stack: stackName,
    action: rawActionSchema,
    host: hostName.optional(),
  }),
]);
export type TerminalTarget = z.infer<typeof terminalTargetSchema>;

export const terminalInfoSchema = z.object({
  id: streamIdSchema,
  host: z.string(),
  stack: z.string().nullable(),
  /** The tab's label: `host`, `stack/service@host` or `action stack@host`. */
  label: z.string(),
  /** The command as the user would type it, for the tab's tooltip. */
  command: z.string(),
});
export type TerminalInfo = z.infer<typeof terminalInfoSchema>;

export const terminalExitSchema = z.object({
  id: streamIdSchema,
  /** The batch after the last data batch, so the exit is shown after all output. */
  seq: sequenceSchema,
  /** The exit code, or null when the program ended by a signal or the connection dropped. */
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  /** The reason the session ended without an exit code, naming the host. */
  message: z.string().nullable(),
});
export type TerminalExit = z.infer<typeof terminalExitSchema>;

export const terminalsDomain = domain({
  calls: {
    open: call({
      request: z.object({
        target: terminalTargetSchema,
        cols: clampedSize(TERMINAL_SIZE.maxCols),
        rows: clampedSize(TERMINAL_SIZE.maxRows),
      }),
      response: terminalInfoSchema,
      // Connecting to an unreachable host lasts until the connect timeout.
      cancellable: true,
      summary: 'Start a shell, an exec or a compose command in a terminal on a host.',
    }),
    write: call({
      request: z.object({
        id: streamIdSchema,
        data: z
          .string()
          .min(1)
          .max(64 * 1024),
      }),
      response: z.object({}),
      summary: 'Send typed or pasted text to a terminal.',
    }),
    resize: call({
      request: z.object({
        id: streamIdSchema,
        cols: clampedSize(TERMINAL_SIZE.maxCols),
        rows: clampedSize(TERMINAL_SIZE.maxRows),
      }),
      response: z.object({}),
      summary: 'Tell the program in a terminal its new size.',
    }),
    ack: call({
      request: ackSchema,
      response: z.object({}),
      summary: 'Report output as drawn, so main sends more.',
    }),
    close: call({
      request: z.object({ id: streamIdSchema }),
      response: z.object({}),
      summary: 'End the program in a terminal and forget the terminal.',
    }),
  },
  events: {
    data: event({
      payload: z.object({ id: streamIdSchema, seq: sequenceSchema, data: z.string() }),
      summary: 'Output of a terminal, decoded, in order; sent only to the window that opened it.',
    }),
    exit: event({
      payload: terminalExitSchema,
      summary: 'The program in a terminal ended.',
    }),
  },
});
