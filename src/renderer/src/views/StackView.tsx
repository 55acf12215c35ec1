import { useQueryClient } from '@tanstack/react-query';
import { useCall, queryKey } from '../api/hooks';
import { HostList, PlacementBadge } from '../components/badges';
import { StackActions } from '../components/StackActions';
import { StackTerminals } from '../terminals/launchers';
import { Breadcrumb } from '../components/Breadcrumb';
import { DataTable } from '../components/DataTable';
import { Section } from '../components/Section';
import { EmptyState, ErrorState, Loading, NotFoundState, QueryState } from '../components/states';
import { SEVERITY_LABELS } from '../components/labels';
import { LiveBadge } from '../components/status';
import { DigestHistory } from '../monitoring/DigestHistory';
import { StackUpdates } from '../monitoring/StackUpdates';
import { routeHref } from '../router';
import { toAppError } from '../api/client';
import { closestName } from '../../../shared/suggest';

export function StackView({ name }: { name: string }) {
  const stack = useCall('stacks.get', { name });
  const queries = useQueryClient();

  if (stack.isPending) {
    return (
      <div className="page">
        <Breadcrumb parents={[{ label: 'Stacks', route: { page: 'stacks' } }]} current={name} />
        <Loading
          label={`Reading the compose files of ${name}…`}
          onCancel={() =>
            void queries.cancelQueries({ queryKey: queryKey('stacks.get', { name }) })
          }
        />
      </div>
    );
  }
  if (stack.isError) {
    if (toAppError(stack.error).code === 'stack-not-found') {
      return <StackNotFound name={name} error={stack.error} />;
    }
    return (
      <div className="page">
        <Breadcrumb parents={[{ label: 'Stacks', route: { page: 'stacks' } }]} current={name} />
        <ErrorState
          title={`Stack ${name} could not be loaded`}
          error={stack.error}
          onRetry={() => void stack.refetch()}
        />
      </div>
    );
  }

  const detail = stack.data;
  const errors = detail.issues.filter((issue) => issue.severity === 'error');
  const warnings = detail.issues.filter((issue) => issue.severity === 'warning');
  return (
    <div className="page">
      <Breadcrumb parents={[{ label: 'Stacks', route: { page: 'stacks' } }]} current={name} />
      <header className="page-header">
        <h1 className="title-with-badge">
          {detail.name} <PlacementBadge placement={detail.placement} />
        </h1>
        <dl className="facts">
          <div>
            <dt>Configured on</dt>
            <dd>
              <HostList hosts={detail.configuredHosts} />
            </dd>
          </div>
          <div>
            <dt>Recorded on</dt>
            <dd>
              <HostList hosts={detail.deployedHosts} empty="not deployed" />
            </dd>
          </div>
          <div>
            <dt>Project</dt>
            <dd className="mono">{detail.projectName}</dd>
          </div>
          <div>
            <dt>Folder</dt>
            <dd className="mono">{detail.stackDir}</dd>
          </div>
        </dl>
        <StackActions stacks={[detail.name]} />
      </header>

      <Containers name={detail.name} />

      <StackTerminals
        stack={detail.name}
        hosts={detail.configuredHosts}
        services={detail.services.map((service) => service.name)}
      />

      {errors.length + warnings.length > 0 && (
        <section
          className={`panel ${errors.length > 0 ? 'panel-danger' : 'panel-warn'}`}
          aria-label="Compose problems"
        >
          <h2>{errors.length > 0 ? 'docker compose would refuse this stack' : 'Warnings'}</h2>
          <ul className="plain-list">
            {[...errors, ...warnings].map((issue, index) => (
              <li key={index}>
                <span
                  className={`badge badge-${issue.severity === 'error' ? 'danger' : 'warn'}`}
                  title={issue.code}
                >
                  {SEVERITY_LABELS[issue.severity]}
                </span>{' '}
                {issue.message}
                {issue.file !== null && (
                  <span className="muted mono small">
                    {' '}
                    {issue.file}
                    {issue.line !== null ? `:${issue.line}` : ''}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <Section title="Services">
        {detail.services.length === 0 ? (
          <EmptyState title="No services">
            {detail.composeFiles.length === 0
              ? 'No compose file was found for this stack.'
              : 'The compose file defines no services.'}
          </EmptyState>
        ) : (
          <DataTable label="Services" columns={['Service', 'Image', 'Ports', 'Mounts', 'Restart']}>
            {detail.services.map((service) => (
              <tr key={service.name}>
                <td>{service.name}</td>
                <td className="mono small nowrap">
                  {service.image ?? (service.build ? 'built from source' : '—')}
                </td>
                <td className="mono small nowrap">
                  <LinesOrDash lines={service.ports} />
                </td>
                <td className="mono small nowrap">
                  <LinesOrDash lines={service.mounts} />
                </td>
                <td className="small nowrap">{service.restart ?? '—'}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Section>

      <StackUpdates name={detail.name} />
      <DigestHistory name={detail.name} />

      <Files name={detail.name} stackDir={detail.stackDir} />
    </div>
  );
}

function StackNotFound({ name, error }: { name: string; error: unknown }) {
  const list = useCall('stacks.list', {});
  const names = list.data?.stacks.map((stack) => stack.name) ?? [];
  return (
    <div className="page">
      <Breadcrumb parents={[{ label: 'Stacks', route: { page: 'stacks' } }]} current={name} />
      <NotFoundState
        kind="Stack"
        name={name}
        error={error}
        suggestion={closestName(name, names)}
        listRoute={{ page: 'stacks' }}
        listLabel="Stacks"
        itemRoute={(stack) => ({ page: 'stack', name: stack })}
      />
    </div>
  );
}

/** The stack's containers on every host that runs it or should, as the hosts report them. */
function Containers({ name }: { name: string }) {
  const live = useCall('stacks.live', {});
  return (
    <Section title="Containers">
      <QueryState
        query={live}
        loading="Asking the hosts…"
        errorTitle="The hosts could not be asked"
      >
        {(data) => {
          const stack = data.stacks.find((candidate) => candidate.name === name);
          if (stack === undefined || stack.hosts.length === 0) {
            return <p className="muted">No host is configured for this stack.</p>;
          }
          return (
            <DataTable
              label="Containers"
              columns={['Host', 'Service', 'Container', 'State', 'Status', 'Ports']}
            >
              {stack.hosts.map((entry) =>
                entry.containers.length === 0 ? (
                  <tr key={entry.host}>
                    <td>
                      <HostLink host={entry.host} />
                    </td>
                    <td className="muted">—</td>
                    <td className="muted">—</td>
                    <td>
                      <LiveBadge status={entry.status} />
                    </td>
                    <td className="muted small">
                      {entry.status === 'unknown'
                        ? 'The host could not be asked.'
                        : 'No container of this stack.'}
                    </td>
                    <td className="muted">—</td>
                  </tr>
                ) : (
                  entry.containers.map((container) => (
                    <tr key={`${entry.host}/${container.name}`}>
                      <td>
                        <HostLink host={entry.host} />
                        {!entry.configured && <span className="muted small"> (stray)</span>}
                      </td>
                      <td>{container.service}</td>
                      <td className="mono small">{container.name}</td>
                      <td>
                        <span className={`dot dot-${container.state}`} aria-hidden="true" />
                        {container.state}
                      </td>
                      <td className="small">{container.status}</td>
                      <td className="mono small">{container.ports || '—'}</td>
                    </tr>
                  ))
                ),
              )}
            </DataTable>
          );
        }}
      </QueryState>
    </Section>
  );
}

function HostLink({ host }: { host: string }) {
  return <a href={routeHref({ page: 'host', name: host })}>{host}</a>;
}

/** Shows each entry on a line of its own, or a dash when there is none. */
function LinesOrDash({ lines }: { lines: readonly string[] }) {
  if (lines.length === 0) return '—';
  return lines.map((line) => <div key={line}>{line}</div>);
}

/** The compose files and .env as they are on disk, read-only. */
function Files({ name, stackDir }: { name: string; stackDir: string }) {
  const files = useCall('stacks.files', { name });
  return (
    <Section title="Files">
      <QueryState
        query={files}
        loading="Reading the files…"
        errorTitle="The files could not be read"
      >
        {(data) =>
          data.files.length === 0 ? (
            <p className="muted">No compose file or .env in {stackDir}.</p>
          ) : (
            data.files.map((file, index) => (
              <details key={file.path} className="file" open={index === 0}>
                <summary className="mono small">
                  {file.path}{' '}
                  <span className="muted">({file.kind === 'env' ? '.env' : 'compose'})</span>
                </summary>
                <pre className="file-text" tabIndex={0}>
                  {file.text}
                  {file.truncated ? '\n… (the rest of the file is not shown)' : ''}
                </pre>
              </details>
            ))
          )
        }
      </QueryState>
    </Section>
  );
}
