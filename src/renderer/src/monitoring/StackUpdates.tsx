import type { ImageUpdateView } from '../../../shared/contract';
import { useCall } from '../api/hooks';
import { Badge } from '../components/badges';
import { DataTable } from '../components/DataTable';
import { Section } from '../components/Section';
import { QueryState } from '../components/states';
import { formatAge, shortDigest } from './format';
import { useUpdateCheckRunning } from './queries';
import { CheckUpdatesButton, UpdateBadges } from './updates';

/** Shows the stack's image updates: per service, newer tags and whether the tag moved. */
export function StackUpdates({ name }: { name: string }) {
  const cached = useCall('updates.cached', { stacks: [name] });
  const running = useUpdateCheckRunning();
  const result = cached.data?.stacks[0];

  return (
    <Section
      className="monitoring-section"
      title={<>Image updates {result !== undefined && <UpdateBadges result={result} />}</>}
      actions={
        <span className="update-check">
          {result !== undefined && (
            <span className="muted small" title={result.checkedAt}>
              checked {formatAge(result.checkedAt)}
            </span>
          )}
          <CheckUpdatesButton
            stacks={[name]}
            label={result === undefined ? 'Check for updates' : 'Check again'}
          />
        </span>
      }
    >
      <QueryState
        query={cached}
        loading="Reading earlier results…"
        errorTitle="Earlier update results could not be read"
      >
        {() =>
          result === undefined ? (
            <p className="muted">
              {running
                ? 'The registries are being asked…'
                : 'Not checked yet. A check asks each image’s registry for newer tags and compares ' +
                  'the tag’s digest with what the hosts run. Nothing is pulled.'}
            </p>
          ) : (
            <>
              {result.problems.length > 0 && (
                <ul className="notice notice-warn plain-list small">
                  {result.problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              )}
              {result.images.length === 0 ? (
                <p className="muted">
                  No service of {name} names an image, so there is nothing to check.
                </p>
              ) : (
                <DataTable
                  label="Image updates"
                  columns={['Service', 'Image', 'Newer tags', 'Tag in the registry']}
                >
                  {result.images.map((image) => (
                    <tr key={image.service}>
                      <td>{image.service}</td>
                      <td className="mono small">
                        {image.image}
                        {image.registry !== null && (
                          <div className="muted">registry {image.registry}</div>
                        )}
                      </td>
                      <td>
                        <NewerTags image={image} />
                      </td>
                      <td className="small">
                        <TagState image={image} />
                      </td>
                    </tr>
                  ))}
                </DataTable>
              )}
            </>
          )
        }
      </QueryState>
    </Section>
  );
}

function NewerTags({ image }: { image: ImageUpdateView }) {
  if (image.newerTags.length > 0) {
    return (
      <span className="host-list" aria-label={`Newer tags of ${image.service}, newest first`}>
        {image.newerTags.map((tag) => (
          <span key={tag} className="chip">
            {tag}
          </span>
        ))}
      </span>
    );
  }
  if (image.error !== null) return <span className="muted small">not known</span>;
  return <span className="muted small">none</span>;
}

/** Shows whether the tag still names the image the hosts run, with both digests if not. */
function TagState({ image }: { image: ImageUpdateView }) {
  if (image.error !== null) {
    return (
      <span className="update-error" role="note">
        <Badge tone="danger">Check failed</Badge> {image.error}
      </span>
    );
  }
  const registry =
    image.registryDigest === null ? null : (
      <Digest label="registry" digest={image.registryDigest} />
    );
  if (image.tagMoved === true) {
    return (
      <div className="digest-pair">
        <Badge tone="warn">Tag moved</Badge>
        {registry}
        {image.running.map((seen) => (
          <Digest
            key={`${seen.host}/${seen.digest}`}
            label={`${seen.host} runs`}
            digest={seen.digest}
          />
        ))}
      </div>
    );
  }
  if (image.tagMoved === false) {
    return (
      <div className="digest-pair">
        <Badge tone="ok">Same as running</Badge>
        {registry}
      </div>
    );
  }
  return (
    <div className="digest-pair">
      <span className="muted">
        {image.registryDigest !== null
          ? 'no host reported this image running'
          : image.image.includes('@')
            ? 'pinned by digest'
            : 'not known'}
      </span>
      {registry}
    </div>
  );
}

function Digest({ label, digest }: { label: string; digest: string }) {
  return (
    <div className="digest-line">
      <span className="muted">{label}</span>{' '}
      <code className="mono" title={digest}>
        {shortDigest(digest)}
      </code>
    </div>
  );
}
