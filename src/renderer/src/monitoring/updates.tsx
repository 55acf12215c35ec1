import '../styles/monitoring.css';
import type { StackUpdates } from '../../../shared/contract';
import { toAppError } from '../api/client';
import { useCall } from '../api/hooks';
import { Badge } from '../components/badges';
import { useUpdateCheck, useUpdateCheckRunning } from './queries';

/** The findings behind one stack's badges, from its latest check. */
export interface UpdateSummary {
  /** The newest newer tag of each image that has one. */
  readonly newest: readonly string[];
  readonly moved: readonly string[];
  readonly failed: readonly string[];
  readonly images: number;
}

export function summarize(result: StackUpdates): UpdateSummary {
  return {
    newest: result.images.flatMap((image) => image.newerTags.slice(0, 1)),
    moved: result.images.filter((image) => image.tagMoved === true).map((image) => image.service),
    failed: result.images.flatMap((image) => (image.error === null ? [] : [image.error])),
    images: result.images.length,
  };
}

/** Shows a stacks table cell: newer tags, a moved tag, up to date, or a failed check. */
export function UpdateBadge({ stack }: { stack: string }) {
  // Every row reads the same query, so the table calls main once.
  const cached = useCall('updates.cached', {});
  const running = useUpdateCheckRunning();
  const result = cached.data?.stacks.find((candidate) => candidate.stack === stack);
  if (result === undefined) {
    const text = cached.isPending || running ? 'checking…' : 'not checked';
    return <span className="muted small">{cached.isError ? '—' : text}</span>;
  }
  return <UpdateBadges result={result} />;
}

export function UpdateBadges({ result }: { result: StackUpdates }) {
  const summary = summarize(result);
  if (summary.images === 0) return <span className="muted small">no image</span>;
  const quiet = summary.newest.length + summary.moved.length + summary.failed.length === 0;
  return (
    <span className="update-badges">
      {summary.newest.length > 0 && (
        <span title={`Newest: ${summary.newest.join(', ')}`}>
          <Badge tone="warn">Newer tags</Badge>{' '}
          <span className="mono small">{summary.newest.join(', ')}</span>
        </span>
      )}
      {summary.moved.length > 0 && (
        <span title={`The registry has another image under the tag of ${summary.moved.join(', ')}`}>
          <Badge tone="warn">Tag moved</Badge>
        </span>
      )}
      {summary.failed.length > 0 && (
        <span title={summary.failed.join('\n')}>
          <Badge tone="danger">Check failed</Badge>
        </span>
      )}
      {quiet && <Badge tone="ok">Up to date</Badge>}
    </span>
  );
}

/**
 * Asks the registries about `stacks` (every stack when left out). Nothing runs until it is
 * pressed: a check reaches registries outside the farm, and never pulls.
 */
export function CheckUpdatesButton({
  stacks,
  label = 'Check for updates',
}: {
  stacks?: readonly string[];
  label?: string;
}) {
  const check = useUpdateCheck();
  const error = check.isError ? toAppError(check.error) : undefined;
  return (
    <span className="update-check">
      {check.isPending ? (
        <>
          <span className="spinner" aria-hidden="true" />
          <span className="muted small" role="status">
            Asking the registries…
          </span>
          <button type="button" className="button button-quiet" onClick={check.cancel}>
            Cancel
          </button>
        </>
      ) : (
        <button
          type="button"
          className="button"
          onClick={() =>
            check.mutate({
              ...(stacks === undefined ? {} : { stacks: [...stacks] }),
              maxAgeSeconds: 0,
            })
          }
        >
          {label}
        </button>
      )}
      {error !== undefined && error.code !== 'cancelled' && (
        <span className="notice notice-danger small" role="alert">
          {error.message} {error.hint}
        </span>
      )}
    </span>
  );
}
