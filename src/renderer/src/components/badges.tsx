import type { Placement } from '../../../shared/contract';
import { routeHref } from '../router';

const PLACEMENT_LABELS: Readonly<Record<Placement, string>> = {
  deployed: 'Deployed',
  'not-deployed': 'Not deployed',
  'needs-migration': 'Needs migration',
};

const PLACEMENT_TONES: Readonly<Record<Placement, string>> = {
  deployed: 'ok',
  'not-deployed': 'muted',
  'needs-migration': 'warn',
};

export function placementLabel(placement: Placement): string {
  return PLACEMENT_LABELS[placement];
}

export function PlacementBadge({ placement }: { placement: Placement }) {
  return <Badge tone={PLACEMENT_TONES[placement]}>{PLACEMENT_LABELS[placement]}</Badge>;
}

export function Badge({ tone, children }: { tone: string; children: string }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function HostList({ hosts, empty = '—' }: { hosts: readonly string[]; empty?: string }) {
  if (hosts.length === 0) return <span className="muted">{empty}</span>;
  return (
    <span className="host-list">
      {hosts.map((host) => (
        <a key={host} className="chip" href={routeHref({ page: 'host', name: host })}>
          {host}
        </a>
      ))}
    </span>
  );
}
