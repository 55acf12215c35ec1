import type { PlanAction, StateView } from './contract/apply';

/**
 * The state file as it reads after the given plan actions all succeed. Both sides use it: main
 * for the whole plan, the apply screen for the subset the user ticked.
 */
export function projectState(before: StateView, actions: readonly PlanAction[]): StateView {
  const next = new Map(Object.entries(before).map(([stack, hosts]) => [stack, [...hosts]]));
  for (const action of actions) {
    switch (action.kind) {
      case 'orphan':
        // A host the config no longer has cannot be stopped, so such an orphan stays recorded.
        if (action.removedHosts.length === 0) next.delete(action.stack);
        break;
      case 'migration':
        next.set(action.stack, [action.to]);
        break;
      case 'start': {
        const hosts = action.multiHost ? (next.get(action.stack) ?? []) : [];
        next.set(action.stack, [...new Set([...hosts, action.host])].sort());
        break;
      }
      case 'stray':
      case 'refresh':
        // Strays are not recorded and refreshes run where the stack is recorded already.
        break;
    }
  }
  return Object.fromEntries([...next].sort(([a], [b]) => a.localeCompare(b)));
}

export interface StateDiffLine {
  readonly stack: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
  readonly change: 'added' | 'removed' | 'moved' | 'same';
}

/** Compares two state views stack by stack, for a diff-like display. */
export function diffStates(before: StateView, after: StateView): StateDiffLine[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.map((stack) => {
    const was = before[stack] ?? [];
    const now = after[stack] ?? [];
    const same = was.length === now.length && was.every((host) => now.includes(host));
    const change =
      was.length === 0 ? 'added' : now.length === 0 ? 'removed' : same ? 'same' : 'moved';
    return { stack, before: was, after: now, change };
  });
}
