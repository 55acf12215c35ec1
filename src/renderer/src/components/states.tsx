import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { AppError } from '../../../shared/contract';
import { toAppError } from '../api/client';

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
    <div className="state state-error" role="alert">
      <h2 className="state-title">{title}</h2>
      <p className="state-message">{appError.message}</p>
      {appError.hint !== '' && <p className="state-hint">{appError.hint}</p>}
      <p className="state-code">
        <code>{appError.code}</code>
      </p>
      {onRetry !== undefined && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
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

/** Shows a query's loading state, its error with a retry, or what `children` makes of its data. */
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
