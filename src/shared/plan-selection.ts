import type { ApplyPlanView, PlanAction } from './contract';

/** Returns the preflight problems of the host that a step starts its stack on. */
export function problemsOf(plan: ApplyPlanView, action: PlanAction) {
  const host =
    action.kind === 'migration' ? action.to : action.kind === 'start' ? action.host : null;
  if (host === null) return [];
  return plan.preflight
    .filter((check) => check.stack === action.stack && check.host === host)
    .flatMap((check) => check.problems);
}

/** Steps whose preflight failed start unticked: they would fail anyway. */
export function initialSelection(plan: ApplyPlanView): ReadonlySet<string> {
  return new Set(
    plan.actions
      .filter((action) => problemsOf(plan, action).length === 0)
      .map((action) => action.id),
  );
}

/**
 * Returns the selection for `next` after the user chose `chosen` in `previous`. A step that both
 * plans contain keeps the user's choice, so an unticked step stays unticked. Only new steps get
 * the default.
 */
export function carrySelection(
  previous: ApplyPlanView,
  chosen: ReadonlySet<string>,
  next: ApplyPlanView,
): ReadonlySet<string> {
  const known = new Set(previous.actions.map((action) => action.id));
  const fresh = initialSelection(next);
  return new Set(
    next.actions
      .map((action) => action.id)
      .filter((id) => (known.has(id) ? chosen.has(id) : fresh.has(id))),
  );
}

/** Checks whether two plans show the same steps, checks and findings, ignoring id and time. */
export function samePlan(a: ApplyPlanView, b: ApplyPlanView): boolean {
  const content = (plan: ApplyPlanView) =>
    JSON.stringify({ ...plan, planId: undefined, createdAt: undefined });
  return content(a) === content(b);
}
