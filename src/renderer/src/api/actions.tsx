import type { ReactNode } from 'react';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ActionSummary, ProgressEvent, StackCommand } from '../../../shared/contract';
import { PREFLIGHT_LABELS } from '../components/labels';
import { toAppError } from './client';
import { useClient } from './hooks';

/** An action as the output panel shows it: its summary and every event received so far. */
export interface ActionView {
  readonly summary: ActionSummary;
  readonly events: readonly ProgressEvent[];
  /** The position of `events[0]` among all the action's events; main drops the oldest. */
  readonly offset: number;
}

interface ActionsState {
  readonly actions: readonly ActionView[];
  readonly panelOpen: boolean;
  readonly selected: string | null;
  /** The last start that main refused, with its message and hint. */
  readonly startError: string | null;
}

export interface Actions extends ActionsState {
  run(command: StackCommand, stacks: readonly string[]): Promise<string | undefined>;
  applyPlan(planId: string, actionIds: readonly string[]): Promise<string | undefined>;
  cancel(actionId: string): void;
  openPanel(actionId?: string): void;
  closePanel(): void;
  togglePanel(): void;
}

const ActionsContext = createContext<Actions | null>(null);

/**
 * Follows every action main runs, whoever started it, so that the output panel shows progress
 * of bulk and single actions alike and keeps the output after they end.
 */
export function ActionsProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [state, setState] = useState<ActionsState>({
    actions: [],
    panelOpen: false,
    selected: null,
    startError: null,
  });

  /** Actions whose output was fetched for the panel, so that an empty one is fetched once. */
  const fetchedOutput = useRef(new Set<string>());

  /** Fetches everything main kept of an action's output and puts it in place. */
  const loadOutput = useCallback(
    async (actionId: string) => {
      try {
        const output = await client.call('actions.output', { actionId });
        setState((current) => {
          const known = current.actions.find((action) => action.summary.id === actionId);
          const base: ActionView = known ?? { summary: output.action, events: [], offset: 0 };
          const filled: ActionView = {
            ...base,
            summary: base.summary.status === 'running' ? output.action : base.summary,
            events: [...output.events],
            offset: output.dropped,
          };
          return {
            ...current,
            actions: known
              ? current.actions.map((action) => (action === known ? filled : action))
              : [filled, ...current.actions],
          };
        });
      } catch {
        // The action may have expired in main; the panel keeps what it has.
      }
    },
    [client],
  );

  // An action selected in the panel without its output (listed at start-up, or from another
  // window) gets its output fetched once.
  useEffect(() => {
    if (!state.panelOpen || state.selected === null) return;
    const selected = state.actions.find((action) => action.summary.id === state.selected);
    if (selected === undefined || selected.events.length > 0) return;
    if (fetchedOutput.current.has(selected.summary.id)) return;
    fetchedOutput.current.add(selected.summary.id);
    void loadOutput(selected.summary.id);
  }, [state.panelOpen, state.selected, state.actions, loadOutput]);

  useEffect(() => {
    const controller = new AbortController();
    void client.call('actions.list', {}, { signal: controller.signal }).then(
      ({ actions }) =>
        setState((current) => ({
          ...current,
          actions: merge(
            current.actions,
            actions.map((summary) => ({ summary, events: [], offset: 0 })),
          ),
        })),
      () => undefined,
    );
    const unsubscribe = client.subscribe(({ event, payload }) => {
      if (event === 'actions.progress') {
        const { actionId, from, events } = payload as {
          actionId: string;
          from: number;
          events: ProgressEvent[];
        };
        let missing = false;
        setState((current) => {
          const action = current.actions.find((candidate) => candidate.summary.id === actionId);
          // An action started elsewhere, or a batch after a gap: the whole output is fetched.
          if (action === undefined || from - action.offset > action.events.length) {
            missing = true;
            return current;
          }
          return {
            ...current,
            actions: current.actions.map((candidate) =>
              candidate === action ? place(action, from, events) : candidate,
            ),
          };
        });
        if (missing) void loadOutput(actionId);
      } else if (event === 'actions.finished') {
        const { action: summary } = payload as { action: ActionSummary };
        setState((current) => ({
          ...current,
          actions: upsert(current.actions, summary),
        }));
      }
    });
    return () => {
      controller.abort();
      unsubscribe();
    };
  }, [client, loadOutput]);

  const track = useCallback(
    async (
      start: () => Promise<{ actionId: string }>,
      kind: ActionSummary['kind'],
      title: string,
      stacks: string[],
    ) => {
      try {
        const { actionId } = await start();
        const summary: ActionSummary = {
          id: actionId,
          title,
          kind,
          stacks,
          status: 'running',
          startedAt: new Date().toISOString(),
          finishedAt: null,
          results: [],
        };
        setState((current) => ({
          ...current,
          actions: current.actions.some((action) => action.summary.id === actionId)
            ? current.actions
            : [{ summary, events: [], offset: 0 }, ...current.actions],
          panelOpen: true,
          selected: actionId,
          startError: null,
        }));
        // Output sent before the id arrived is fetched once, so no line goes missing.
        const output = await client.call('actions.output', { actionId });
        setState((current) => ({
          ...current,
          actions: current.actions.map((action) =>
            action.summary.id === actionId
              ? {
                  ...place(action, output.dropped, output.events),
                  summary: action.summary.status === 'running' ? output.action : action.summary,
                }
              : action,
          ),
        }));
        return actionId;
      } catch (error) {
        const appError = toAppError(error);
        setState((current) => ({
          ...current,
          startError: `${appError.message} ${appError.hint}`.trim(),
        }));
        return undefined;
      }
    },
    [client],
  );

  const value = useMemo<Actions>(
    () => ({
      ...state,
      run: (command, stacks) =>
        track(
          () => client.call('actions.start', { command, stacks: [...stacks] }),
          command,
          stacks.length === 1 ? `${command} ${stacks[0]}` : `${command} ${stacks.length} stacks`,
          [...stacks],
        ),
      applyPlan: (planId, actionIds) =>
        track(
          () => client.call('apply.run', { planId, actionIds: [...actionIds] }),
          'apply',
          `apply ${actionIds.length} ${actionIds.length === 1 ? 'action' : 'actions'}`,
          [],
        ),
      cancel: (actionId) => void client.call('actions.cancel', { actionId }).catch(() => undefined),
      openPanel: (actionId) =>
        setState((current) => ({
          ...current,
          panelOpen: true,
          selected: actionId ?? current.selected ?? current.actions[0]?.summary.id ?? null,
        })),
      closePanel: () => setState((current) => ({ ...current, panelOpen: false })),
      togglePanel: () =>
        setState((current) => ({
          ...current,
          panelOpen: !current.panelOpen,
          selected: current.selected ?? current.actions[0]?.summary.id ?? null,
        })),
    }),
    [state, track, client],
  );
  return <ActionsContext.Provider value={value}>{children}</ActionsContext.Provider>;
}

export function useActions(): Actions {
  const actions = useContext(ActionsContext);
  if (actions === null) throw new Error('useActions needs an ActionsProvider above it');
  return actions;
}

function upsert(actions: readonly ActionView[], summary: ActionSummary): ActionView[] {
  if (!actions.some((action) => action.summary.id === summary.id)) {
    return [{ summary, events: [], offset: 0 }, ...actions];
  }
  return actions.map((action) =>
    action.summary.id === summary.id ? { ...action, summary } : action,
  );
}

/**
 * Puts events at their position among the action's events, so that a batch that also came with
 * actions.output is not shown twice, whichever of the two arrives first.
 */
function place(action: ActionView, from: number, events: readonly ProgressEvent[]): ActionView {
  const at = from - action.offset;
  if (at > action.events.length) return { ...action, events: [...events], offset: from };
  const own = at < 0 ? events.slice(-at) : events;
  const start = Math.max(at, 0);
  return {
    ...action,
    events: [...action.events.slice(0, start), ...own, ...action.events.slice(start + own.length)],
  };
}

function merge(current: readonly ActionView[], listed: readonly ActionView[]): ActionView[] {
  const known = new Set(current.map((action) => action.summary.id));
  return [...current, ...listed.filter((action) => !known.has(action.summary.id))];
}

/** Formats one event as a line of plain text, the way the CLI prints it. */
export function eventLine(event: ProgressEvent): { text: string; tone: string } {
  switch (event.type) {
    case 'command':
      return { text: `[${event.label}] $ ${event.command}  (on ${event.host})`, tone: 'command' };
    case 'output':
      return { text: `[${event.label}] ${event.text}`, tone: event.stream };
    case 'message':
      return {
        text: `${event.stack === undefined ? '' : `[${event.stack}] `}${event.text}`,
        tone: event.level,
      };
    case 'preflight-failed':
      return {
        text: `[${event.stack}] Cannot start on ${event.host}: ${event.problems
          .map(
            (problem) =>
              `${PREFLIGHT_LABELS[problem.kind].toLowerCase()} ${problem.subject} (fix: ${problem.fix})`,
          )
          .join('; ')}`,
        tone: 'error',
      };
    case 'result': {
      const { result } = event;
      const where = result.host === null ? '' : ` on ${result.host}`;
      const why = result.error?.message ?? result.message ?? `exit code ${result.exitCode}`;
      return result.success
        ? { text: `[${result.label}] done${where}`, tone: 'success' }
        : { text: `[${result.label}] failed${where}: ${why}`, tone: 'error' };
    }
    case 'state-changed':
      return { text: 'State file updated.', tone: 'info' };
  }
}
