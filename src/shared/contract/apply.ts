import * as z from 'zod';
import { actionIdSchema, preflightProblemSchema } from './actions';
import { call, domain } from './define';

/** A plan id as main hands it out; a plan is kept in main so that only its actions can run. */
export const planIdSchema = z.string().regex(/^plan-[a-z0-9]{1,24}$/, 'not a plan id');

/** One step of a plan the user may select; `id` is stable within the plan. */
export const planActionSchema = z.discriminatedUnion('kind', [
  z.object({
    id: z.string(),
    kind: z.literal('orphan'),
    stack: z.string(),
    hosts: z.array(z.string()),
    removedHosts: z.array(z.string()),
  }),
  z.object({
    id: z.string(),
    kind: z.literal('stray'),
    stack: z.string(),
    host: z.string(),
    configuredHosts: z.array(z.string()),
  }),
  z.object({
    id: z.string(),
    kind: z.literal('migration'),
    stack: z.string(),
    from: z.string(),
    to: z.string(),
  }),
  z.object({
    id: z.string(),
    kind: z.literal('start'),
    stack: z.string(),
    host: z.string(),
    reason: z.enum(['not-deployed', 'not-running', 'previous-host-removed']),
    /** True when the stack runs on several hosts, so a start adds a host instead of moving. */
    multiHost: z.boolean(),
  }),
  z.object({
    id: z.string(),
    kind: z.literal('refresh'),
    stack: z.string(),
    hosts: z.array(z.string()),
  }),
]);
export type PlanAction = z.infer<typeof planActionSchema>;

/** Stack name → hosts the state file records it on. */
export const stateViewSchema = z.record(z.string(), z.array(z.string()));
export type StateView = z.infer<typeof stateViewSchema>;

export const planPreflightSchema = z.object({
  stack: z.string(),
  host: z.string(),
  problems: z.array(preflightProblemSchema),
});
export type PlanPreflight = z.infer<typeof planPreflightSchema>;

export const applyPlanViewSchema = z.object({
  planId: planIdSchema,
  createdAt: z.string(),
  actions: z.array(planActionSchema),
  /** Preflight of every start and migration target; empty problems means it may start. */
  preflight: z.array(planPreflightSchema),
  /** False when the plan was asked for without preflight (the dashboard's quick look). */
  preflightChecked: z.boolean(),
  stateBefore: stateViewSchema,
  /** The state file after every action succeeded. */
  stateAfter: stateViewSchema,
  duplicates: z.array(z.object({ stack: z.string(), hosts: z.array(z.string()) })),
  unknown: z.array(z.object({ stack: z.string(), hosts: z.array(z.string()) })),
  unreachableHosts: z.array(z.object({ host: z.string(), error: z.string() })),
  unmanaged: z.array(z.object({ host: z.string(), project: z.string() })),
});
export type ApplyPlanView = z.infer<typeof applyPlanViewSchema>;

export const applyDomain = domain({
  calls: {
    plan: call({
      request: z
        .object({
          full: z.boolean().default(false),
          preflight: z.boolean().default(true),
        })
        .strict(),
      response: applyPlanViewSchema,
      cancellable: true,
      summary: 'Asks every host what it runs and plans what apply would do, with preflight.',
    }),
    run: call({
      request: z
        .object({
          planId: planIdSchema,
          actionIds: z.array(z.string().min(1).max(600)).min(1).max(5000),
        })
        .strict(),
      response: z.object({ actionId: actionIdSchema }),
      summary: 'Carries out the chosen actions of a plan; progress comes as actions events.',
    }),
  },
  events: {},
});
