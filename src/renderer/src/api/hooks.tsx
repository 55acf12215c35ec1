import type { QueryClient, UseQueryResult } from '@tanstack/react-query';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { createContext, useContext, useEffect } from 'react';
import type {
  CallName,
  CallRequest,
  CallResponse,
  EventName,
  EventPayload,
} from '../../../shared/contract';
import { findEvent } from '../../../shared/contract';
import type { Client } from './client';

const ClientContext = createContext<Client | null>(null);

export function ClientProvider({ client, children }: { client: Client; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): Client {
  const client = useContext(ClientContext);
  if (client === null) throw new Error('useClient needs a ClientProvider above it');
  return client;
}

/** Queries are keyed by call name first, so an event can invalidate every query of a call. */
export function queryKey<N extends CallName>(name: N, request: CallRequest<N>) {
  return [name, request] as const;
}

/**
 * Builds the key and function of a query that runs a call. Unmounting or cancelling the query
 * cancels the call in main.
 */
export function callQuery<N extends CallName>(client: Client, name: N, request: CallRequest<N>) {
  return {
    queryKey: queryKey(name, request),
    queryFn: ({ signal }: { signal: AbortSignal }) => client.call(name, request, { signal }),
  };
}

/** Runs a call as a react-query query, cached until an event from main makes it stale. */
export function useCall<N extends CallName>(
  name: N,
  request: CallRequest<N>,
  options: { enabled?: boolean } = {},
): UseQueryResult<CallResponse<N>> {
  return useQuery({
    ...callQuery(useClient(), name, request),
    enabled: options.enabled ?? true,
  });
}

export function useCallMutation<N extends CallName>(name: N) {
  const client = useClient();
  return useMutation({
    mutationFn: (request: CallRequest<N>) => client.call(name, request),
  });
}

/**
 * The queries each event makes stale. The record is keyed by every event name, so an event
 * added to the contract does not compile until it is listed here.
 */
const STALE_AFTER: Readonly<Record<EventName, readonly CallName[] | 'everything'>> = {
  'config.changed': 'everything',
  'stacks.stateChanged': ['stacks.list', 'stacks.get', 'hosts.list'],
  // The event carries the host's new status, which storeHostStatus writes into hosts.status.
  'hosts.statusChanged': ['stacks.live'],
  // Progress goes to the action output panel, which listens for it directly.
  'actions.progress': [],
  'actions.finished': [
    'actions.list',
    'stacks.live',
    'stacks.list',
    'stacks.get',
    'hosts.list',
    'hosts.status',
    'apply.plan',
  ],
  // Stream output goes to the terminal or logs view that asked for it and changes no query.
  'terminals.data': [],
  'terminals.exit': [],
  'logs.lines': [],
  'logs.ended': [],
};

/** Turns events from main into query invalidations for as long as the app is mounted. */
export function useEventInvalidation(): void {
  const client = useClient();
  const queries = useQueryClient();
  useEffect(
    () =>
      client.subscribe(({ event, payload }) => {
        const stale = STALE_AFTER[event];
        if (stale === 'everything') void queries.invalidateQueries();
        else for (const name of stale) void queries.invalidateQueries({ queryKey: [name] });
        if (event === 'hosts.statusChanged' && !storeHostStatus(queries, payload)) {
          void queries.invalidateQueries({ queryKey: ['hosts.status'] });
        }
      }),
    [client, queries],
  );
}

/**
 * Writes the status a hosts.statusChanged event carries into every cached hosts.status response,
 * so that no page requests all statuses from main again. Returns false when the payload is invalid or
 * a response lacks the host (the config changed), and the responses must be fetched again.
 */
export function storeHostStatus(queries: QueryClient, payload: unknown): boolean {
  const parsed = findEvent('hosts.statusChanged')?.payload.safeParse(payload);
  if (parsed === undefined || !parsed.success) return false;
  const { host, status } = parsed.data as EventPayload<'hosts.statusChanged'>;
  let stored = true;
  queries.setQueriesData<CallResponse<'hosts.status'>>({ queryKey: ['hosts.status'] }, (data) => {
    if (data === undefined) return data;
    if (!data.hosts.some((entry) => entry.name === host)) {
      stored = false;
      return data;
    }
    return { hosts: data.hosts.map((entry) => (entry.name === host ? status : entry)) };
  });
  return stored;
}
