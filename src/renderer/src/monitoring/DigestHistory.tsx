import { DataTable } from '../components/DataTable';
import { Section } from '../components/Section';
import { QueryState } from '../components/states';
import { routeHref } from '../router';
import { formatTime, shortDigest } from './format';
import { useFreshCall } from './queries';

/** Shows which image digests the stack ran when, per host, as `cf refresh` recorded them. */
export function DigestHistory({ name }: { name: string }) {
  // Read on every visit: cf refresh writes the log from outside the app.
  const history = useFreshCall('digests.history', { stack: name });
  return (
    <Section title="Digest history" className="monitoring-section">
      <QueryState
        query={history}
        loading="Reading the digest log…"
        errorTitle="The digest log could not be read"
      >
        {(data) =>
          data.entries.length === 0 ? (
            <p className="muted">
              No digest recorded for {name} yet. <code>cf refresh</code> records the image digests
              the hosts run in <code className="small">{data.logPath}</code>.
            </p>
          ) : (
            <DataTable
              label="Digest history"
              columns={['Digest', 'Image', 'Host', 'First seen', 'Last seen']}
              note={
                <>
                  From <code>{data.logPath}</code>, newest first.
                </>
              }
            >
              {data.entries.map((entry) => (
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
            </DataTable>
          )
        }
      </QueryState>
    </Section>
  );
}
