import type { AppError } from '../../../shared/contract';

/** Shows a failure to open a terminal or stream, with its hint, in one dismissable line. */
export function ErrorBanner({ error, onDismiss }: { error: AppError; onDismiss?: () => void }) {
  return (
    <div className="stream-error" role="alert">
      <span>
        {error.message}
        {error.hint !== '' && <span className="muted"> {error.hint}</span>}
      </span>
      {onDismiss !== undefined && (
        <button type="button" className="button button-quiet" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
