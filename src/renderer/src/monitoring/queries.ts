import type { UseQueryResult } from '@tanstack/react-query';
import { useIsMutating, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { CallName, CallRequest, CallResponse } from '../../../shared/contract';
import { callQuery, useClient } from '../api/hooks';

/** How often live stats are asked for while a page that shows them is open. */
export const POLL_INTERVAL_MS = 5_000;

/**
 * Runs a call again every few seconds for as long as a component shows it. react-query stops
 * the timer when the last such component unmounts and while the window is hidden, so hosts are
 * polled only while someone looks.
 */
export function usePolledCall<N extends CallName>(
  name: N,
  request: CallRequest<N>,
  options: { enabled?: boolean } = {},
): UseQueryResult<CallResponse<N>> {
  return useQuery({
    ...callQuery(useClient(), name, request),
    enabled: options.enabled ?? true,
    refetchInterval: POLL_INTERVAL_MS,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
}

/** Runs a call again each time a component showing it mounts, for files other tools write. */
export function useFreshCall<N extends CallName>(
  name: N,
  request: CallRequest<N>,
): UseQueryResult<CallResponse<N>> {
  return useQuery({ ...callQuery(useClient(), name, request), staleTime: 0 });
}

const CHECK_KEY = ['updates.check'] as const;

/**
 * Starts an update check and, once it ends, makes every view of the results read them again.
 * The check goes on in main when the page that started it closes, so its results are kept.
 */
export function useUpdateCheck() {
  const client = useClient();
  const queries = useQueryClient();
  const running = useRef<AbortController | null>(null);
  const mutation = useMutation({
    mutationKey: CHECK_KEY,
    mutationFn: (request: CallRequest<'updates.check'>) => {
      const controller = new AbortController();
      running.current = controller;
      return client.call('updates.check', request, { signal: controller.signal });
    },
    onSettled: () => queries.invalidateQueries({ queryKey: ['updates.cached'] }),
  });
  return { ...mutation, cancel: () => running.current?.abort() };
}

/** Tells whether any view's update check runs, so that the other views can show it. */
export function useUpdateCheckRunning(): boolean {
  return useIsMutating({ mutationKey: CHECK_KEY }) > 0;
}
