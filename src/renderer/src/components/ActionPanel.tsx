import { useEffect, useRef } from 'react';
import type { ActionStatus } from '../../../shared/contract';
import { eventLine, useActions } from '../api/actions';
import { Badge } from './badges';
import { Splitter, useSavedHeight } from './Splitter';

const HEIGHT_KEY = 'compose-farm:output-height';
const MIN_HEIGHT = 120;

const STATUS_TONES: Readonly<Record<ActionStatus, string>> = {
  running: 'info',
  succeeded: 'ok',
  failed: 'danger',
  cancelled: 'muted',
};

/** The output of every action, in a drawer at the bottom; it stays after an action ends. */
export function ActionPanel() {
  const actions = useActions();
  const output = useRef<HTMLPreElement>(null);
  const selected =
    actions.actions.find((action) => action.summary.id === actions.selected) ?? actions.actions[0];
  const lines = selected?.events.length ?? 0;
  const size = useSavedHeight(HEIGHT_KEY, 256, MIN_HEIGHT);

  // Follows new output while the reader is at the bottom.
  useEffect(() => {
    const element = output.current;
    if (element === null) return;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
    if (atBottom || lines < 50) element.scrollTop = element.scrollHeight;
  }, [lines]);

  if (!actions.panelOpen) return null;
  return (
    <section className="action-panel" aria-label="Action output" style={{ height: size.height }}>
      <Splitter label="Resize the action output" {...size} />
      <header className="action-panel-header">
        <h2>Output</h2>
        <div className="action-tabs" role="tablist" aria-label="Actions">
          {actions.actions.slice(0, 8).map((action) => (
            <button
              key={action.summary.id}
              type="button"
              role="tab"
              aria-selected={action.summary.id === selected?.summary.id}
              className="action-tab"
              onClick={() => actions.openPanel(action.summary.id)}
            >
              {action.summary.title}{' '}
              <Badge tone={STATUS_TONES[action.summary.status]}>{action.summary.status}</Badge>
            </button>
          ))}
        </div>
        <div className="button-row">
          {selected?.summary.status === 'running' && (
            <button
              type="button"
              className="button"
              onClick={() => actions.cancel(selected.summary.id)}
            >
              Cancel
            </button>
          )}
          <button
            type="button"
            className="button button-quiet"
            aria-label="Close the output"
            onClick={actions.closePanel}
          >
            Close
          </button>
        </div>
      </header>
      {selected === undefined ? (
        <p className="muted action-empty">No action has run yet.</p>
      ) : (
        <pre ref={output} className="action-output" tabIndex={0} aria-live="polite">
          {selected.events.map((event, index) => {
            const line = eventLine(event);
            return (
              <div key={index} className={`line line-${line.tone}`}>
                {line.text}
              </div>
            );
          })}
          {selected.summary.status !== 'running' && (
            <div
              className={`line line-${selected.summary.status === 'succeeded' ? 'success' : 'error'}`}
            >
              {summaryLine(selected.summary.status, selected.summary.results)}
            </div>
          )}
        </pre>
      )}
    </section>
  );
}

function summaryLine(status: ActionStatus, results: readonly { success: boolean }[]): string {
  const failed = results.filter((result) => !result.success).length;
  if (status === 'cancelled') return `Cancelled after ${results.length - failed} succeeded.`;
  if (failed === 0) return `Finished: ${results.length} succeeded.`;
  return `Finished: ${results.length - failed} succeeded, ${failed} failed.`;
}
