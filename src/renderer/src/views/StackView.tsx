import { useQueryClient } from '@tanstack/react-query';
import { useCall, queryKey } from '../api/hooks';
import { HostList, PlacementBadge } from '../components/badges';
import { StackActions } from '../components/StackActions';
import { StackTerminals } from '../terminals/launchers';
import { EmptyState, ErrorState, Loading } from '../components/states';
import { LiveBadge } from '../components/status';
import { DigestHistory } from '../monitoring/DigestHistory';
import { StackUpdates } from '../monitoring/StackUpdates';
import { routeHref } from '../router';

export function StackView({ name }: { name: string }) {
  const stack = useCall('stacks.get', { name });
  const queries = useQueryClient();

  if (stack.isPending) {
    return (
      <div className="page">
        <Breadcrumb name={name} />
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
    return (
      <div className="page">
        <Breadcrumb name={name} />
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
      <Breadcrumb name={name} />
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
                <span className={`badge badge-${issue.severity === 'error' ? 'danger' : 'warn'}`}>
                  {issue.code}
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

      <section aria-labelledby="services-heading">
        <h2 id="services-heading" className="section-title">
          Services
        </h2>
        {detail.services.length === 0 ? (
          <EmptyState title="No services">
            {detail.composeFiles.length === 0
              ? 'No compose file was found for this stack.'
              : 'The compose file defines no services.'}
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Services">
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Image</th>
                  <th scope="col">Ports</th>
                  <th scope="col">Mounts</th>
                  <th scope="col">Restart</th>
                </tr>
              </thead>
              <tbody>
                {detail.services.map((service) => (
                  <tr key={service.name}>
                    <td>{service.name}</td>
                    <td className="mono small nowrap">
                      {service.image ?? (service.build ? 'built from source' : '—')}
                    </td>
                    <td className="mono small nowrap">
                      {service.ports.length === 0
                        ? '—'
                        : service.ports.map((port) => <div key={port}>{port}</div>)}
                    </td>
                    <td className="mono small nowrap">
                      {service.mounts.length === 0
                        ? '—'
                        : service.mounts.map((mount) => <div key={mount}>{mount}</div>)}
                    </td>
                    <td className="small nowrap">{service.restart ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <StackUpdates name={detail.name} />
      <DigestHistory name={detail.name} />

      <Files name={detail.name} stackDir={detail.stackDir} />
    </div>
  );
}

function Breadcrumb({ name }: { name: string }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <a href={routeHref({ page: 'stacks' })}>Stacks</a> <span aria-hidden="true">/</span>{' '}
      <span aria-current="page">{name}</span>
    </nav>
  );
}

/** The stack's containers on every host that runs it or should, as the hosts report them. */
function Containers({ name }: { name: string }) {
  const live = useCall('stacks.live', {});
  const stack = live.data?.stacks.find((candidate) => candidate.name === name);
  return (
    <section aria-labelledby="containers-heading">
      <h2 id="containers-heading" className="section-title">
        Containers
      </h2>
      {live.isPending ? (
        <Loading label="Asking the hosts…" />
      ) : live.isError ? (
        <ErrorState
          title="The hosts could not be asked"
          error={live.error}
          onRetry={() => void live.refetch()}
        />
      ) : stack === undefined || stack.hosts.length === 0 ? (
        <p className="muted">No host is configured for this stack.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Containers">
            <thead>
              <tr>
                <th scope="col">Host</th>
                <th scope="col">Service</th>
                <th scope="col">Container</th>
                <th scope="col">State</th>
                <th scope="col">Status</th>
                <th scope="col">Ports</th>
              </tr>
            </thead>
            <tbody>
              {stack.hosts.map((entry) =>
                entry.containers.length === 0 ? (
                  <tr key={entry.host}>
                    <td>
                      <a href={routeHref({ page: 'host', name: entry.host })}>{entry.host}</a>
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
                        <a href={routeHref({ page: 'host', name: entry.host })}>{entry.host}</a>
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
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The compose files and .env as they are on disk, read-only. */
function Files({ name, stackDir }: { name: string; stackDir: string }) {
  const files = useCall('stacks.files', { name });
  return (
    <section aria-labelledby="files-heading">
      <h2 id="files-heading" className="section-title">
        Files
      </h2>
      {files.isPending ? (
        <Loading label="Reading the files…" />
      ) : files.isError ? (
        <ErrorState title="The files could not be read" error={files.error} />
      ) : files.data.files.length === 0 ? (
        <p className="muted">No compose file or .env in {stackDir}.</p>
      ) : (
        files.data.files.map((file, index) => (
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
      )}
    </section>
  );
}
