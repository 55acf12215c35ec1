import type { HostStatus, LiveStatus, StackOnHost } from '../../../shared/contract';
import { routeHref } from '../router';
import { Badge } from './badges';
import { LIVE_LABELS } from './labels';

const LIVE_TONES: Readonly<Record<LiveStatus, string>> = {
  running: 'ok',
  partial: 'warn',
  stopped: 'muted',
  unknown: 'unknown',
};

export function LiveBadge({ status }: { status: LiveStatus }) {
  return <Badge tone={LIVE_TONES[status]}>{LIVE_LABELS[status]}</Badge>;
}

/** Where a stack runs: one chip per host with its status; a stray copy is marked. */
export function PlacementChips({ hosts }: { hosts: readonly StackOnHost[] }) {
  if (hosts.length === 0) return <span className="muted">—</span>;
  return (
    <span className="host-list">
      {hosts.map((entry) => (
        <a
          key={entry.host}
          className={`chip chip-${LIVE_TONES[entry.status]}`}
          href={routeHref({ page: 'host', name: entry.host })}
          title={`${LIVE_LABELS[entry.status]} on ${entry.host}${entry.configured ? '' : ' (not configured there)'}`}
        >
          {entry.host}: {LIVE_LABELS[entry.status]}
          {entry.configured ? '' : ' (stray)'}
        </a>
      ))}
    </span>
  );
}

/** One word for a host's state, the way the dashboard and host pages show it. */
export function hostState(status: HostStatus | undefined): { label: string; tone: string } {
  if (status === undefined) return { label: 'Checking…', tone: 'muted' };
  if (status.hostKey === 'unknown') return { label: 'Unknown host key', tone: 'warn' };
  if (status.hostKey === 'changed' || status.hostKey === 'revoked') {
    return { label: 'Host key changed', tone: 'danger' };
  }
  if (status.error?.code === 'auth-rejected') return { label: 'Login rejected', tone: 'danger' };
  if (!status.reachable) return { label: 'Unreachable', tone: 'danger' };
  if (status.error !== null) return { label: 'Docker unavailable', tone: 'warn' };
  return { label: 'Reachable', tone: 'ok' };
}

export function HostStateBadge({ status }: { status: HostStatus | undefined }) {
  const state = hostState(status);
  return <Badge tone={state.tone}>{state.label}</Badge>;
}
