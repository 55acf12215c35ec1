import * as z from 'zod';
import { call, domain, event } from './define';
import { absolutePath, noArguments } from './fields';

/** One thing wrong with compose-farm.yaml; positions are 1-based and null for the whole file. */
export const configProblemSchema = z.object({
  file: z.string(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  keyPath: z.string(),
  message: z.string(),
  hint: z.string(),
});
export type ConfigProblemView = z.infer<typeof configProblemSchema>;

/**
 * The config as loaded by main. A missing or invalid file is a normal result, not an error, so
 * the UI shows the first-run screen or the problems instead of the stacks.
 */
export const configViewSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('loaded'),
    path: z.string(),
    composeDir: z.string(),
    statePath: z.string(),
    hostCount: z.number().int(),
    stackCount: z.number().int(),
    warnings: z.array(configProblemSchema),
  }),
  z.object({
    status: z.literal('invalid'),
    path: z.string(),
    problems: z.array(configProblemSchema),
  }),
  z.object({
    status: z.literal('missing'),
    /** Every place that was searched, in search order. */
    searched: z.array(z.string()),
    problem: configProblemSchema,
    /** The default path for a new config, in the user config folder. */
    suggestedPath: z.string(),
  }),
]);
export type ConfigView = z.infer<typeof configViewSchema>;

export const configDomain = domain({
  calls: {
    current: call({
      request: noArguments,
      response: configViewSchema,
      summary: 'Find and load compose-farm.yaml, reporting problems as data.',
    }),
    create: call({
      request: z.object({
        path: absolutePath.refine((path) => /\.ya?ml$/.test(path), 'the file must end in .yaml'),
        overwrite: z.boolean().default(false),
      }),
      response: z.object({ path: z.string() }),
      summary: 'Write the commented example config to a path and use it.',
    }),
    use: call({
      request: z.object({ path: absolutePath }),
      response: configViewSchema,
      summary: 'Use an existing config file from now on.',
    }),
  },
  events: {
    changed: event({
      payload: z.object({ path: z.string().nullable() }),
      summary: 'The config file changed on disk, or another file is now in use.',
    }),
  },
});
