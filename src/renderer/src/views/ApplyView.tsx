import { useEffect, useMemo, useState } from 'react';
import type { ApplyPlanView, PlanAction, PreflightProblemView } from '../../../shared/contract';
import { diffStates, projectState } from '../../../shared/plan-state';
import { useActions } from '../api/actions';
import { useCall } from '../api/hooks';
import { Badge } from '../components/badges';
import { ApplyProgress } from '../components/ApplyProgress';
import { ACTION_KINDS, describeAction } from '../components/PlanSummary';
import { PREFLIGHT_LABELS } from '../components/labels';
import { ErrorState, Loading } from '../components/states';
import {
  carrySelection,
  initialSelection,
  problemsOf,
  samePlan,
} from '../../../shared/plan-selection';

/** The host an action is listed under: where it starts or stops something. */
function hostOf(action: PlanAction): string {
  switch (action.kind) {
    case 'orphan':
    case 'refresh':
      return action.hosts[0] ?? '(no host)';
    case 'migration':
      return action.to;
    case 'stray':
    case 'start':
      return action.host;
  }
}

export function ApplyView() {
  const plan = useCall('apply.plan', { preflight: true });
  const [run, setRun] = useState<{
    plan: ApplyPlanView;
    chosen: string[];
    actionId: string;
  } | null>(null);
  // The plan on screen stays until the user takes a newer one: plans are fetched again after
  // every action and config change, and a silent swap would undo the user's selection.
  const [preview, setPreview] = useState<Preview | null>(null);
  const [takeNext, setTakeNext] = useState<'fresh' | 'carry' | null>(null);
  const latest = plan.data;

  useEffect(() => {
    if (latest === undefined) return;
    setPreview((current) => {
      if (current === null) return { plan: latest, chosen: initialSelection(latest) };
      if (current.plan.planId === latest.planId) return current;
      if (takeNext === 'fresh') return { plan: latest, chosen: initialSelection(latest) };
      if (takeNext === 'carry' || samePlan(current.plan, latest)) {
        return { plan: latest, chosen: carrySelection(current.plan, current.chosen, latest) };
      }
      return current;
    });
    setTakeNext(null);
    // takeNext is read only when a new plan arrives.
  }, [latest]);

  if (run !== null) {
    return (
      <div className="page">
        <header className="page-header">
          <h1>Apply</h1>
        </header>
        <ApplyProgress
          plan={run.plan}
          chosen={run.chosen}
          actionId={run.actionId}
          onDone={() => {
            setRun(null);
            setTakeNext('fresh');
            void plan.refetch();
          }}
        />
      </div>
    );
  }
  const outdated =
    preview !== null && latest !== undefined && latest.planId !== preview.plan.planId;
  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1>Apply</h1>
          <p className="muted">
            What the hosts run compared with the config. Nothing runs until you confirm.
          </p>
        </div>
        <button
          type="button"
          className="button"
          disabled={plan.isFetching}
          onClick={() => {
            setTakeNext('carry');
            void plan.refetch();
          }}
        >
          Check again
        </button>
      </header>
      {preview === null || takeNext === 'fresh' ? (
        plan.isError ? (
          <ErrorState
            title="The plan could not be made"
            error={plan.error}
            onRetry={() => void plan.refetch()}
          />
        ) : (
          <Loading label="Asking every host what it runs and checking what each start needs…" />
        )
      ) : (
        <>
          {outdated && (
            <div className="notice notice-warn" role="status">
              <p>The hosts changed since this preview — review again before applying.</p>
              <button
                type="button"
                className="button"
                onClick={() =>
                  setPreview({
                    plan: latest,
                    chosen: carrySelection(preview.plan, preview.chosen, latest),
                  })
                }
              >
                Review again
              </button>
            </div>
          )}
          <PlanPreview
            plan={preview.plan}
            chosen={preview.chosen}
            onChoose={(chosen) => setPreview({ plan: preview.plan, chosen })}
            onStarted={(chosen, actionId) => setRun({ plan: preview.plan, chosen, actionId })}
          />
        </>
      )}
    </div>
  );
}

interface Preview {
  readonly plan: ApplyPlanView;
  readonly chosen: ReadonlySet<string>;
}

function PlanPreview({
  plan,
  chosen,
  onChoose,
  onStarted,
}: {
  plan: ApplyPlanView;
  chosen: ReadonlySet<string>;
  onChoose: (chosen: ReadonlySet<string>) => void;
  onStarted: (chosen: string[], actionId: string) => void;
}) {
  const actions = useActions();
  const [confirming, setConfirming] = useState(false);
  const [starting, setStarting] = useState(false);

  const groups = useMemo(() => {
    const byHost = new Map<string, PlanAction[]>();
    for (const action of plan.actions) {
      const host = hostOf(action);
      byHost.set(host, [...(byHost.get(host) ?? []), action]);
    }
    return [...byHost].sort(([a], [b]) => a.localeCompare(b));
  }, [plan]);
  const selected = plan.actions.filter((action) => chosen.has(action.id));
  const diff = diffStates(plan.stateBefore, projectState(plan.stateBefore, selected)).filter(
    (line) => line.change !== 'same',
  );
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onChoose(next);
  };

  const confirm = async () => {
    setStarting(true);
    const ids = selected.map((action) => action.id);
    const actionId = await actions.applyPlan(plan.planId, ids);
    setStarting(false);
    setConfirming(false);
    if (actionId !== undefined) onStarted(ids, actionId);
  };

  return (
    <>
      <Findings plan={plan} />
      {plan.actions.length === 0 ? (
        <section className="panel">
          <h2>Nothing to apply</h2>
          <p className="muted">Every host that could be asked runs what the config says.</p>
        </section>
      ) : (
        <>
          <section aria-labelledby="steps-heading">
            <div className="section-title-row">
              <h2 id="steps-heading" className="section-title">
                Plan ({plan.actions.length} {plan.actions.length === 1 ? 'step' : 'steps'})
              </h2>
              <div className="button-row">
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => onChoose(new Set(plan.actions.map((action) => action.id)))}
                >
                  Select all
                </button>
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => onChoose(new Set())}
                >
                  Select none
                </button>
              </div>
            </div>
            {groups.map(([host, hostActions]) => (
              <fieldset key={host} className="plan-group">
                <legend>{host}</legend>
                <ul className="plain-list">
                  {hostActions.map((action) => (
                    <PlanStep
                      key={action.id}
                      action={action}
                      checked={chosen.has(action.id)}
                      problems={problemsOf(plan, action)}
                      onToggle={() => toggle(action.id)}
                    />
                  ))}
                </ul>
              </fieldset>
            ))}
          </section>

          <section aria-labelledby="diff-heading">
            <h2 id="diff-heading" className="section-title">
              State file before and after the selected steps
            </h2>
            {diff.length === 0 ? (
              <p className="muted">The selected steps leave the state file as it is.</p>
            ) : (
              <pre className="diff" aria-label="State diff">
                {diff.map((line) => (
                  <div key={line.stack}>
                    {line.before.length > 0 && (
                      <div className="diff-removed">
                        - {line.stack}: {line.before.join(', ')}
                      </div>
                    )}
                    {line.after.length > 0 && (
                      <div className="diff-added">
                        + {line.stack}: {line.after.join(', ')}
                      </div>
                    )}
                  </div>
                ))}
              </pre>
            )}
          </section>

          <div className="apply-bar">
            {confirming ? (
              <div className="confirm" role="alertdialog" aria-label="Confirm apply">
                <p>
                  Run {selected.length} {selected.length === 1 ? 'step' : 'steps'} on{' '}
                  {[...new Set(selected.map(hostOf))].join(', ')}?{' '}
                  {selected.every((action) => action.kind === 'start')
                    ? 'Stacks will be started.'
                    : 'Containers will be stopped and started.'}
                </p>
                <div className="button-row">
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={starting}
                    // The confirmation replaces the button that had focus, so focus moves here.
                    autoFocus
                    onClick={() => void confirm()}
                  >
                    Confirm and apply
                  </button>
                  <button type="button" className="button" onClick={() => setConfirming(false)}>
                    Back
                  </button>
                </div>
              </div>
            ) : (
              <button
                type="button"
                className="button button-primary"
                disabled={selected.length === 0}
                onClick={() => setConfirming(true)}
              >
                Apply {selected.length} of {plan.actions.length}…
              </button>
            )}
            {actions.startError !== null && (
              <p className="notice notice-danger" role="alert">
                {actions.startError}
              </p>
            )}
          </div>
        </>
      )}
    </>
  );
}

function PlanStep({
  action,
  checked,
  problems,
  onToggle,
}: {
  action: PlanAction;
  checked: boolean;
  problems: readonly PreflightProblemView[];
  onToggle: () => void;
}) {
  const { from, to } = describeAction(action);
  const kind = ACTION_KINDS[action.kind];
  return (
    <li className="plan-step">
      <label>
        <input type="checkbox" checked={checked} onChange={onToggle} />
        <Badge tone={kind.tone}>{kind.label}</Badge> <strong>{action.stack}</strong>{' '}
        <span className="muted">
          {from.length > 0 ? from.join(', ') : '—'} → {to.length > 0 ? to.join(', ') : '—'}
        </span>
      </label>
      {problems.length > 0 && (
        <ul className="preflight-problems" aria-label={`Preflight problems of ${action.stack}`}>
          {problems.map((problem, index) => (
            <li key={index}>
              <Badge tone="danger">{PREFLIGHT_LABELS[problem.kind]}</Badge> {problem.subject}{' '}
              <span className="muted">— {problem.fix}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function Findings({ plan }: { plan: ApplyPlanView }) {
  const notes = [
    ...plan.unreachableHosts.map(
      (entry) => `${entry.host} could not be asked (${entry.error}); its stacks are left alone.`,
    ),
    ...plan.unknown.map(
      (entry) =>
        `${entry.stack}: nothing planned, because ${entry.hosts.join(', ')} could not be asked.`,
    ),
    ...plan.duplicates.map(
      (entry) =>
        `${entry.stack} runs on ${entry.hosts.join(' and ')} but is configured for one host.`,
    ),
    ...plan.unmanaged.map(
      (entry) =>
        `${entry.host} runs compose project ${entry.project}, which the config does not know (left alone).`,
    ),
  ];
  if (notes.length === 0) return null;
  return (
    <section className="panel panel-warn" aria-label="Findings">
      <h2>Found on the hosts</h2>
      <ul className="plain-list">
        {notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </section>
  );
}
