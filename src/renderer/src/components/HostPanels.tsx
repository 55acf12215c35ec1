import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { HostStatus } from '../../../shared/contract';
import { toAppError } from '../api/client';
import { useCall, useClient } from '../api/hooks';
import { HOST_KEY_LABELS } from './labels';
import { ErrorState, Loading } from './states';

/**
 * What to do about the host's key: trust an unknown one after comparing its fingerprint, or
 * stop at a changed one and remove the old line by hand. A changed key is never trusted here.
 */
export function HostKeyPanel({ status }: { status: HostStatus }) {
  const client = useClient();
  const queries = useQueryClient();
  const trust = useMutation({
    mutationFn: (fingerprint: string) =>
      client.call('hosts.trustHostKey', { name: status.name, fingerprint }),
    onSuccess: () => void queries.invalidateQueries(),
  });
  const details = status.hostKeyDetails;
  if (details === null) return null;

  if (status.hostKey === 'unknown') {
    return (
      <section className="panel panel-warn" aria-labelledby="key-heading">
        <h2 id="key-heading">Unknown host key</h2>
        <p>
          {status.name} presents a key that known_hosts does not list. Compare its fingerprint with
          the one on the host (<code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code>) before
          you trust it.
        </p>
        <dl className="facts">
          <div>
            <dt>Key type</dt>
            <dd className="mono">{details.keyType}</dd>
          </div>
          <div>
            <dt>Fingerprint</dt>
            <dd className="mono fingerprint">{details.fingerprint}</dd>
          </div>
        </dl>
        <div className="button-row">
          <button
            type="button"
            className="button button-primary"
            disabled={trust.isPending}
            onClick={() => trust.mutate(details.fingerprint)}
          >
            Trust this key
          </button>
        </div>
        {trust.isError && (
          <p className="notice notice-danger" role="alert">
            {toAppError(trust.error).message} {toAppError(trust.error).hint}
          </p>
        )}
      </section>
    );
  }
  return (
    <section className="panel panel-danger" aria-labelledby="key-heading">
      <h2 id="key-heading">
        {status.hostKey === 'revoked' ? 'Revoked host key' : 'The host key has changed'}
      </h2>
      <p>
        The app refused to connect to {status.name}. Someone may be intercepting the connection, or
        the host was reinstalled. Do not go on until you know which.
      </p>
      <dl className="facts facts-stacked">
        <div>
          <dt>known_hosts lists</dt>
          <dd className="mono fingerprint">{details.knownFingerprint ?? '—'}</dd>
        </div>
        <div>
          <dt>The host presents</dt>
          <dd className="mono fingerprint">
            {details.keyType} {details.fingerprint}
          </dd>
        </div>
        {details.knownHostsFile !== null && (
          <div>
            <dt>Line to remove</dt>
            <dd className="mono">
              {details.knownHostsFile}:{details.knownHostsLine}
            </dd>
          </div>
        )}
      </dl>
      {details.removeCommand !== null && (
        <>
          <p>If the change is expected, remove the old entry, then check again:</p>
          <pre className="command">{details.removeCommand}</pre>
        </>
      )}
    </section>
  );
}

export function HostStatusFacts({
  status,
  pending,
}: {
  status: HostStatus | undefined;
  pending: boolean;
}) {
  const client = useClient();
  const queries = useQueryClient();
  const recheck = useMutation({
    mutationFn: () => client.call('hosts.status', { refresh: true }),
    onSuccess: (data) => {
      queries.setQueryData(['hosts.status', {}], data);
      void queries.invalidateQueries({ queryKey: ['stacks.live'] });
    },
  });
  if (status === undefined) return <Loading label="Connecting…" />;
  return (
    <section className="panel" aria-labelledby="status-heading">
      <div className="section-title-row">
        <h2 id="status-heading">Status</h2>
        <button
          type="button"
          className="button"
          disabled={recheck.isPending || pending}
          onClick={() => recheck.mutate()}
        >
          {recheck.isPending ? 'Checking…' : 'Check again'}
        </button>
      </div>
      {status.error !== null && status.hostKeyDetails === null && (
        <div className="notice notice-danger" role="alert">
          <p>{status.error.message}</p>
          {status.error.hint !== '' && <p className="muted">{status.error.hint}</p>}
        </div>
      )}
      <dl className="facts">
        <div>
          <dt>Connected as</dt>
          <dd className="mono">{status.target}</dd>
        </div>
        <div>
          <dt>Login</dt>
          <dd>{status.authMethod ?? '—'}</dd>
        </div>
        <div>
          <dt>Host key</dt>
          <dd>{HOST_KEY_LABELS[status.hostKey]}</dd>
        </div>
        <div>
          <dt>Round trip</dt>
          <dd>{status.latencyMs === null ? '—' : `${status.latencyMs} ms`}</dd>
        </div>
        <div>
          <dt>Containers</dt>
          <dd>
            {status.containers === null
              ? 'unknown'
              : `${status.containers.running} running of ${status.containers.total}`}
          </dd>
        </div>
        <div>
          <dt>Checked</dt>
          <dd>{new Date(status.checkedAt).toLocaleTimeString()}</dd>
        </div>
      </dl>
    </section>
  );
}

/** How main connects to the host, as ~/.ssh/config resolves it. */
export function ConnectionDetails({ name }: { name: string }) {
  const connection = useCall('hosts.connection', { name });
  if (connection.isPending) return <Loading label="Reading ~/.ssh/config…" />;
  if (connection.isError) {
    return <ErrorState title="The SSH settings could not be read" error={connection.error} />;
  }
  const details = connection.data;
  const rows: [string, string][] = details.local
    ? [['Reached', 'on this machine, without SSH']]
    : [
        ['Host name', `${details.hostname} (looked up as ${details.alias})`],
        ['Port', String(details.port)],
        ['User', details.user],
        ['Keys', details.identityFiles.join(', ') || 'default keys'],
        ['Only these keys', details.identitiesOnly ? 'yes' : 'no'],
        ['ssh-agent', details.useAgent ? 'used' : 'not used'],
        ['known_hosts', details.knownHostsFiles.join(', ')],
        ['Jump hosts', details.jumps.join(' → ') || 'none'],
        [
          'Connect timeout',
          details.connectTimeoutMs === null ? 'default' : `${details.connectTimeoutMs / 1000} s`,
        ],
      ];
  return (
    <section className="panel" aria-labelledby="connection-heading">
      <h2 id="connection-heading">Connection</h2>
      <p className="muted small">
        From compose-farm.yaml and <code>{details.sshConfigPath}</code>.
      </p>
      <dl className="facts facts-stacked">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className="mono small">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
