import { describe, expect, it } from 'vitest';

import {
  DIGEST_QUERY_COMMAND,
  DIGEST_QUERY_SEPARATOR,
  parseDigestQueryOutput,
} from '../../../src/main/core/digest-log';

const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;
const ID_LOCAL = `sha256:${'c'.repeat(64)}`;
const ID_MOVED = `sha256:${'d1'.repeat(32)}`;

const INSPECT = [
  {
    Id: `sha256:${'e'.repeat(64)}`,
    RepoTags: ['localhost:5000/lab/app:1.0'],
    RepoDigests: [`localhost:5000/lab/app@${DIGEST_A}`],
  },
  {
    Id: `sha256:${'f'.repeat(64)}`,
    RepoTags: ['nginx:latest'],
    RepoDigests: [`nginx@${DIGEST_B}`],
  },
  { Id: ID_LOCAL, RepoTags: ['local/busybox:1'], RepoDigests: [] },
  { Id: ID_MOVED, RepoTags: [], RepoDigests: [`redis@${DIGEST_B}`] },
];

function output(lines: string[], inspect: unknown = INSPECT): string {
  return `${lines.join('\n')}\n${DIGEST_QUERY_SEPARATOR}\n${JSON.stringify(inspect, null, 4)}\n`;
}

const projects = new Map([
  ['lab-apps', 'lab-apps'],
  ['web', 'web'],
  ['mediaserver', 'Media.Server'],
]);

describe('parseDigestQueryOutput', () => {
  it('maps each project’s images to digests, the image id when there is none', () => {
    const result = parseDigestQueryOutput(
      output([
        'lab-apps|localhost:5000/lab/app:1.0',
        'lab-apps|localhost:5000/lab/app:1.0',
        'web|nginx',
        'mediaserver|local/busybox:1',
        'other|nginx:latest',
        '|nginx:latest',
        `web|${ID_MOVED.slice(7, 19)}`,
      ]),
      projects,
    );

    expect(result).toEqual([
      { stack: 'lab-apps', image: 'localhost:5000/lab/app:1.0', digest: DIGEST_A },
      { stack: 'web', image: 'nginx', digest: DIGEST_B },
      { stack: 'Media.Server', image: 'local/busybox:1', digest: ID_LOCAL },
      { stack: 'web', image: ID_MOVED.slice(7, 19), digest: DIGEST_B },
    ]);
  });

  it('finds nothing when no container runs', () => {
    expect(parseDigestQueryOutput(`${DIGEST_QUERY_SEPARATOR}\n`, projects)).toEqual([]);
  });

  it('skips images missing from the inspect output', () => {
    expect(parseDigestQueryOutput(output(['web|unknown:1'], []), projects)).toEqual([]);
  });

  it('returns null for output the command does not print', () => {
    expect(parseDigestQueryOutput('bash: docker: command not found\n', projects)).toBeNull();
    expect(
      parseDigestQueryOutput(`web|nginx\n${DIGEST_QUERY_SEPARATOR}\n{"no": "list"}`, projects),
    ).toBeNull();
    expect(
      parseDigestQueryOutput(`web|nginx\n${DIGEST_QUERY_SEPARATOR}\n[{"Id":`, projects),
    ).toBeNull();
  });

  it('is Compose Farm’s command line', () => {
    const command = [
      `docker ps --format '{{.Label "com.docker.compose.project"}}|{{.Image}}'`,
      "echo '---CF-SEP---'",
      "docker image inspect $(docker ps --format '{{.Image}}' | sort -u) 2>/dev/null || true",
    ].join(' && ');
    expect(DIGEST_QUERY_COMMAND).toBe(command);
  });
});
