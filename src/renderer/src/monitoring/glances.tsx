import '../styles/monitoring.css';
import type { UseQueryResult } from '@tanstack/react-query';
import type {
  CallResponse,
  ContainerStatsView,
  GlancesFailureView,
  HostStatsView,
} from '../../../shared/contract';
import { DataTable } from '../components/DataTable';
import { Section } from '../components/Section';
import { QueryState } from '../components/states';
import { formatBytes, formatPercent, formatRate, percentTone } from './format';
import { usePolledCall } from './queries';

const FAILURE_LABELS: Readonly<Record<GlancesFailureView['reason'], string>> = {
  offline: 'Glances offline',
  timeout: 'Glances not answering',
  http: 'Glances answered with an error',
  'invalid-response': 'Glances sent unreadable stats',
};

/**
 * Shows live stats on a dashboard host card. Every card reads the same polled query, so the
 * dashboard calls main once per round for all hosts. Nothing shows without `glances_stack`.
 */
export function GlancesCard({ host }: { host: string }) {
  const stats = usePolledCall('glances.hosts', {});
  if (stats.isPending) return <p className="card-note muted">Reading Glances…</p>;
  // The dashboard already explains a config that does not load.
  if (stats.isError || stats.data.glancesStack === null) return null;
  const result = stats.data.hosts.find((candidate) => candidate.host === host);
  if (result === undefined) return null;
  if (!result.ok) {
    return (
      <p className="card-note glances-off" title={result.message}>
        <span className="dot" aria-hidden="true" /> {FAILURE_LABELS[result.reason]}
      </p>
    );
  }
  return <StatGrid stats={result.stats} compact label={`Glances stats of ${host}`} />;
}

/** Shows a host's live Glances stats and its containers' use, while the page is open. */
export function HostGlances({ name }: { name: string }) {
  const stats = usePolledCall('glances.hosts', { hosts: [name] });
  const glancesStack = stats.data?.glancesStack;
  const containers = usePolledCall(
    'glances.containers',
    { hosts: [name] },
    { enabled: typeof glancesStack === 'string' },
  );
  if (glancesStack === null) return null;
  const result = stats.data?.hosts[0];

  return (
    <Section
      title="Load"
      className="monitoring-section"
      actions={
        <span className="muted small">
          From Glances{result?.ok ? ` (API ${result.stats.apiVersion})` : ''}, every 5 s while this
          page is open
        </span>
      }
    >
      <QueryState
        query={stats}
        loading={`Reading Glances on ${name}…`}
        errorTitle={`Glances on ${name} could not be asked`}
      >
        {() =>
          result === undefined ? null : !result.ok ? (
            <div className="panel glances-off-panel" role="status">
              <strong>
                <span className="dot" aria-hidden="true" /> {FAILURE_LABELS[result.reason]}
              </strong>
              <span className="muted">{result.message}</span>
            </div>
          ) : (
            <>
              <StatGrid stats={result.stats} label={`Glances stats of ${name}`} />
              <h3 className="subsection-title">Containers</h3>
              <ContainerTable host={name} query={containers} />
            </>
          )
        }
      </QueryState>
    </Section>
  );
}

function ContainerTable({
  host,
  query,
}: {
  host: string;
  query: UseQueryResult<CallResponse<'glances.containers'>>;
}) {
  return (
    <QueryState
      query={query}
      loading="Reading the containers…"
      errorTitle={`The containers on ${host} could not be read`}
    >
      {(data) => {
        const result = data.hosts[0];
        if (result === undefined) return null;
        if (!result.ok) return <p className="muted">{result.message}</p>;
        if (result.containers.length === 0) {
          return <p className="muted">Glances lists no container on {host}.</p>;
        }
        const containers = [...result.containers].sort((a, b) => a.name.localeCompare(b.name));
        return (
          <DataTable
            label={`Containers on ${host}`}
            columns={[
              'Container',
              'Image',
              'Status',
              'Uptime',
              { label: 'CPU', numeric: true },
              { label: 'Memory', numeric: true },
              { label: 'Network in / out', numeric: true },
            ]}
          >
            {containers.map((container) => (
              <ContainerRow key={container.name} container={container} />
            ))}
          </DataTable>
        );
      }}
    </QueryState>
  );
}

function ContainerRow({ container }: { container: ContainerStatsView }) {
  const network =
    container.networkReceivedPerSecond === null
      ? '—'
      : `${formatRate(container.networkReceivedPerSecond)} / ${formatRate(container.networkSentPerSecond ?? 0)}`;
  return (
    <tr>
      <td className="mono small">{container.name}</td>
      <td className="mono small">{container.image}</td>
      <td>
        <span className={`dot dot-${container.status}`} aria-hidden="true" />
        {container.status}
      </td>
      <td className="small">{container.uptime || '—'}</td>
      <td className="numeric small">{formatPercent(container.cpuPercent)}</td>
      <td className="numeric small">
        {container.memoryUsageBytes === null ? '—' : formatBytes(container.memoryUsageBytes)}
        {container.memoryPercent !== null && (
          <span className="muted"> {formatPercent(container.memoryPercent)}</span>
        )}
      </td>
      <td className="numeric small nowrap">{network}</td>
    </tr>
  );
}

/** CPU, memory, swap, load, disk and network as tiles; `compact` for a dashboard card. */
function StatGrid({
  stats,
  compact = false,
  label,
}: {
  stats: HostStatsView;
  compact?: boolean;
  label: string;
}) {
  const memory =
    stats.memory === null
      ? undefined
      : `${formatBytes(stats.memory.usedBytes)} of ${formatBytes(stats.memory.totalBytes)}`;
  const load = stats.load;
  return (
    <dl className={`glances-grid${compact ? ' glances-grid-compact' : ''}`} aria-label={label}>
      <Meter label="CPU" value={stats.cpuPercent} />
      <Meter label="Memory" value={stats.memoryPercent} {...(compact ? {} : { detail: memory })} />
      <Meter label="Swap" value={stats.swapPercent} />
      {stats.diskPercent !== null && <Meter label="Disk" value={stats.diskPercent} />}
      <div className="glances-stat">
        <dt>Load</dt>
        <dd>
          {load === null ? (
            '—'
          ) : (
            <>
              <span
                className="glances-value"
                title={`1 min ${load.min1.toFixed(2)}, 5 min ${load.min5.toFixed(2)}, 15 min ${load.min15.toFixed(2)}`}
              >
                {load.min1.toFixed(2)}
              </span>
              {!compact && (
                <span className="glances-detail">
                  {`5 min ${load.min5.toFixed(2)} · 15 min ${load.min15.toFixed(2)}`}
                  {load.cores !== null ? ` · ${load.cores} cores` : ''}
                </span>
              )}
            </>
          )}
        </dd>
      </div>
      <div className="glances-stat">
        <dt>Network</dt>
        <dd>
          {stats.network === null ? (
            '—'
          ) : (
            <span className="glances-detail glances-network">
              <span title="received">↓ {formatRate(stats.network.receivedPerSecond)}</span>
              <span title="sent">↑ {formatRate(stats.network.sentPerSecond)}</span>
            </span>
          )}
        </dd>
      </div>
    </dl>
  );
}

function Meter({ label, value, detail }: { label: string; value: number; detail?: string }) {
  const width = Math.min(100, Math.max(0, value));
  return (
    <div className="glances-stat">
      <dt>{label}</dt>
      <dd>
        <span className="glances-value">{formatPercent(value)}</span>
        <span className="meter" aria-hidden="true">
          <span
            className={`meter-fill meter-${percentTone(value)}`}
            style={{ width: `${width}%` }}
          />
        </span>
        {detail !== undefined && <span className="glances-detail">{detail}</span>}
      </dd>
    </div>
  );
}
