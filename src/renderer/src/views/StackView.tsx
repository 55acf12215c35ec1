import { useQueryClient } from '@tanstack/react-query';
import { useCall, queryKey } from '../api/hooks';
import { HostList, PlacementBadge } from '../components/badges';
import { EmptyState, ErrorState, Loading } from '../components/states';
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
      </header>

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
            <table className="table">
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

      <section aria-labelledby="files-heading">
        <h2 id="files-heading" className="section-title">
          Compose files
        </h2>
        {detail.composeFiles.length === 0 ? (
          <p className="muted">None found in {detail.stackDir}.</p>
        ) : (
          <ul className="plain-list mono small">
            {detail.composeFiles.map((file) => (
              <li key={file}>{file}</li>
            ))}
          </ul>
        )}
      </section>
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
