import type { ApplyPlanView, StackResultView } from '../../../shared/contract';
import { useActions } from '../api/actions';
import { useRef } from 'react';
import { Badge } from './badges';
import { useHeadingFocusOn } from './page-focus';
import { DataTable } from './DataTable';

/** Per-stack progress of a running apply, then its final report. */
export function ApplyProgress({
  plan,
  chosen,
  actionId,
  onDone,
}: {
  plan: ApplyPlanView;
  chosen: readonly string[];
  actionId: string;
  onDone: () => void;
}) {
  const actions = useActions();
  const action = actions.actions.find((candidate) => candidate.summary.id === actionId);
  const stacks = [
    ...new Set(plan.actions.filter((step) => chosen.includes(step.id)).map((step) => step.stack)),
  ];
  const results: StackResultView[] =
    action?.summary.status === 'running' || action === undefined
      ? (action?.events.flatMap((event) => (event.type === 'result' ? [event.result] : [])) ?? [])
      : action.summary.results;
  const finished = action !== undefined && action.summary.status !== 'running';
  const failedCount = results.filter((result) => !result.success).length;
  const heading = useRef<HTMLHeadingElement>(null);
  useHeadingFocusOn(heading, finished);

  return (
    <section aria-labelledby="progress-heading">
      <div className="section-title-row">
        <h2 id="progress-heading" className="section-title" ref={heading} tabIndex={-1}>
          {finished ? 'Report' : 'Applying…'}
        </h2>
        <div className="button-row">
          {!finished && (
            <button type="button" className="button" onClick={() => actions.cancel(actionId)}>
              Cancel
            </button>
          )}
          <button type="button" className="button" onClick={() => actions.openPanel(actionId)}>
            Show output
          </button>
          {finished && (
            <button type="button" className="button button-primary" onClick={onDone}>
              Preview again
            </button>
          )}
        </div>
      </div>
      {finished && (
        <p
          className={`notice ${failedCount === 0 && action.summary.status === 'succeeded' ? 'notice-ok' : 'notice-danger'}`}
          role="status"
        >
          {action.summary.status === 'cancelled'
            ? 'Cancelled. Steps that finished stay done.'
            : failedCount === 0
              ? `Applied: ${results.length} succeeded.`
              : `${results.length - failedCount} succeeded, ${failedCount} failed.`}
        </p>
      )}
      <DataTable label="Apply progress" columns={['Stack', 'Host', 'Result']}>
        {stacks.map((stack) => {
          const own = results.filter((result) => result.stack === stack);
          if (own.length === 0) {
            return (
              <tr key={stack}>
                <td>{stack}</td>
                <td className="muted">—</td>
                <td>
                  <Badge tone="info">{finished ? 'not run' : 'waiting'}</Badge>
                </td>
              </tr>
            );
          }
          return own.map((result) => (
            <tr key={`${stack}@${result.host ?? ''}`}>
              <td>{stack}</td>
              <td>{result.host ?? '—'}</td>
              <td>
                <Badge tone={result.success ? 'ok' : 'danger'}>
                  {result.success ? 'done' : 'failed'}
                </Badge>{' '}
                {!result.success && (
                  <span className="small">
                    {result.error?.message ?? result.message ?? `exit code ${result.exitCode}`}
                  </span>
                )}
              </td>
            </tr>
          ));
        })}
      </DataTable>
    </section>
  );
}
