import { describe, expect, it } from 'vitest';
import type { ApplyPlanView } from '../../../src/shared/contract';
import { carrySelection, initialSelection, samePlan } from '../../../src/shared/plan-selection';

function plan(
  planId: string,
  starts: readonly string[],
  failing: readonly string[] = [],
): ApplyPlanView {
  return {
    planId,
    createdAt: '2026-01-01T00:00:00.000Z',
    actions: starts.map((stack) => ({
      id: `start:${stack}@h1`,
      kind: 'start',
      stack,
      host: 'h1',
      reason: 'not-deployed',
      multiHost: false,
    })),
    preflight: starts.map((stack) => ({
      stack,
      host: 'h1',
      problems: failing.includes(stack)
        ? [{ kind: 'path', subject: '/srv/missing', fix: 'Create it.' }]
        : [],
    })),
    preflightChecked: true,
    stateBefore: {},
    stateAfter: {},
    duplicates: [],
    unknown: [],
    unreachableHosts: [],
    unmanaged: [],
  } as ApplyPlanView;
}

describe('apply preview selection', () => {
  it('ticks only the steps whose preflight passed', () => {
    expect([...initialSelection(plan('plan-a', ['web', 'db'], ['db']))]).toEqual(['start:web@h1']);
  });

  it('keeps a step the user unticked unticked in a newer plan', () => {
    const first = plan('plan-a', ['web', 'db']);
    const withoutDb = new Set(['start:web@h1']);
    const next = plan('plan-b', ['web', 'db', 'wiki']);
    expect([...carrySelection(first, withoutDb, next)]).toEqual(['start:web@h1', 'start:wiki@h1']);
  });

  it('keeps ticked failing step, drops removed', () => {
    const first = plan('plan-a', ['web', 'db'], ['db']);
    const next = plan('plan-b', ['db'], ['db']);
    expect([...carrySelection(first, new Set(['start:web@h1', 'start:db@h1']), next)]).toEqual([
      'start:db@h1',
    ]);
  });

  it('tells a refetch of the same plan from a changed one', () => {
    expect(samePlan(plan('plan-a', ['web']), plan('plan-b', ['web']))).toBe(true);
    expect(samePlan(plan('plan-a', ['web']), plan('plan-b', ['web', 'db']))).toBe(false);
  });
});
