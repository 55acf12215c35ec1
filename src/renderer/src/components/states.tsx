import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { AppError } from '../../../shared/contract';
import { toAppError } from '../api/client';
import type { Route } from '../router';
import { routeHref } from '../router';
import { canRetry } from './errors';

export function Loading({ label, onCancel }: { label: string; onCancel?: () => void }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
      {onCancel !== undefined && (
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}

/**
 * Shows a failure with main's message and hint. The retry button shows only when `onRetry` is
 * given and the error is one that asking again can clear. The code stays out of the text, in
 * `data-error-code`.
 */
export function ErrorState({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: unknown;
  onRetry?: () => void;
}) {
  const appError: AppError = toAppError(error);
  return (
    <div className="state state-error" role="alert" data-error-code={appError.code}>
      <h2 className="state-title">{title}</h2>
      <p className="state-message">{appError.message}</p>
      {appError.hint !== '' && <p className="state-hint">{appError.hint}</p>}
      {onRetry !== undefined && canRetry(appError.code) && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/**
 * Shows that the page's stack or host is not configured: main's message, the closest configured
 * name as a link when one is near, and a link to the list of them all.
 */
export function NotFoundState({
  kind,
  name,
  error,
  suggestion,
  listRoute,
  listLabel,
  itemRoute,
}: {
  kind: string;
  name: string;
  error: unknown;
  suggestion: string | undefined;
  listRoute: Route;
  listLabel: string;
  itemRoute: (name: string) => Route;
}) {
  const appError = error === undefined ? undefined : toAppError(error);
  return (
    <div className="state state-empty" role="alert" data-error-code={appError?.code}>
      <h1 className="state-title" tabIndex={-1}>
        {kind} “{name}” not found
      </h1>
      <p className="state-message">
        {appError?.message ?? `The config has no ${kind.toLowerCase()} named ${name}.`}
      </p>
      {suggestion !== undefined && (
        <p className="state-message">
          Did you mean <a href={routeHref(itemRoute(suggestion))}>{suggestion}</a>?
        </p>
      )}
      {appError !== undefined && appError.hint !== '' && (
        <p className="state-hint">{appError.hint}</p>
      )}
      <p className="state-message">
        <a href={routeHref(listRoute)}>Back to {listLabel}</a>
      </p>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <h2 className="state-title">{title}</h2>
      {children !== undefined && <div className="state-message">{children}</div>}
    </div>
  );
}

/**
 * Shows a query's loading state, its error (with a retry where one can help), or what `children`
 * makes of its data.
 */
export function QueryState<Data>({
  query,
  loading,
  errorTitle,
  children,
}: {
  query: UseQueryResult<Data>;
  loading: string;
  errorTitle: string;
  children: (data: Data) => ReactNode;
}) {
  if (query.isPending) return <Loading label={loading} />;
  if (query.isError) {
    return (
      <ErrorState title={errorTitle} error={query.error} onRetry={() => void query.refetch()} />
    );
  }
  return children(query.data);
}
