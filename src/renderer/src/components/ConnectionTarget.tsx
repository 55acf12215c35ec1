import type { HostSummary } from '../../../shared/contract';
import { toAppError } from '../api/client';
import { useCall } from '../api/hooks';
import type { ConnectionPart } from './connection-parts';
import { connectionParts, sourceText } from './connection-parts';

/**
 * Shows how the app reaches a host as `user@hostname:port`, then its jump hosts, with the values
 * that ~/.ssh/config or OpenSSH's defaults supply marked as `ConnectionLegend` explains.
 */
export function ConnectionTarget({ host }: { host: HostSummary }) {
  const connection = useCall('hosts.connection', { name: host.name });
  if (connection.isPending) return <span className="muted small">Reading ~/.ssh/config…</span>;
  if (connection.isError) {
    const error = toAppError(connection.error);
    return (
      <span className="muted small" title={error.hint}>
        {error.message}
      </span>
    );
  }
  if (connection.data.local) return <span>this machine, without SSH</span>;

  const parts = connectionParts(host, connection.data);
  return (
    <span className="connection-target">
      <span className="mono">
        <Part part={parts.user} />@<Part part={parts.hostname} />:<Part part={parts.port} />
      </span>
      {parts.jumps.length > 0 && (
        <span className="muted small" title="Jump hosts from ~/.ssh/config, first hop first">
          {' '}
          via <span className="mono setting-ssh">{parts.jumps.join(' → ')}</span>
        </span>
      )}
    </span>
  );
}

function Part({ part }: { part: ConnectionPart }) {
  if (part.source === 'compose-farm.yaml') return part.value;
  const className = part.source === 'default' ? 'setting-default' : 'setting-ssh';
  return (
    <span className={className} title={sourceText(part)}>
      {part.value}
    </span>
  );
}

/** Explains the marks that `ConnectionTarget` puts on values. */
export function ConnectionLegend() {
  return (
    <p className="muted small">
      <span className="setting-ssh">Underlined</span> values come from ~/.ssh/config,{' '}
      <span className="setting-default">grey</span> ones are OpenSSH defaults, and the rest from
      compose-farm.yaml. Hover a value for its source.
    </p>
  );
}
