import { ErrorState, Loading } from '../components/states';
import { routeHref } from '../router';
import { formatTime, shortDigest } from './format';
import { useFreshCall } from './queries';

/** Shows which image digests the stack ran when, per host, as `cf refresh` recorded them. */
export function DigestHistory({ name }: { name: string }) {
  // Read on every visit: cf refresh writes the log from outside the app.
  const history = useFreshCall('digests.history', { stack: name });
  return (
    <section aria-labelledby="digests-heading" className="monitoring-section">
      <h2 id="digests-heading" className="section-title">
        Digest history
      </h2>
      {history.isPending ? (
        <Loading label="Reading the digest log…" />
      ) : history.isError ? (
        <ErrorState
          title="The digest log could not be read"
          error={history.error}
          onRetry={() => void history.refetch()}
        />
      ) : history.data.entries.length === 0 ? (
        <p className="muted">
          No digest recorded for {name} yet. <code>cf refresh</code> records the image digests the
          hosts run in <code className="small">{history.data.logPath}</code>.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Digest history">
            <thead>
              <tr>
                <th scope="col">Digest</th>
                <th scope="col">Image</th>
                <th scope="col">Host</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {history.data.entries.map((entry) => (
                <tr key={`${entry.host}/${entry.digest}`}>
                  <td>
                    <code className="mono small" title={entry.digest}>
                      {shortDigest(entry.digest)}
                    </code>
                  </td>
                  <td className="mono small">{entry.image}</td>
                  <td>
                    <a href={routeHref({ page: 'host', name: entry.host })}>{entry.host}</a>
                  </td>
                  <td className="small nowrap" title={entry.firstSeen}>
                    {formatTime(entry.firstSeen)}
                  </td>
                  <td className="small nowrap" title={entry.lastSeen}>
                    {formatTime(entry.lastSeen)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small table-note">
            From <code>{history.data.logPath}</code>, newest first.
          </p>
        </div>
      )}
    </section>
  );
}
