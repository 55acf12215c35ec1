import { describe, expect, it } from 'vitest';

import {
  DigestLogError,
  parseDigestLog,
  serializeDigestLog,
  type DigestLog,
} from '../../../src/main/core/digest-log';

const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;

const COMPOSE_FARM_TEXT = `[meta]
compose_dir = "/opt/compose"
generated_at = "2025-02-01T00:00:00Z"

[[entries]]
stack = "plex"
host = "nas01"
compose_file = "/opt/compose/plex/compose.yaml"
image = "plexinc/pms-docker:latest"
digest = "${DIGEST_A}"
first_seen = "2025-01-01T00:00:00Z"
last_seen = "2025-02-01T00:00:00Z"
`;

describe('digest log format', () => {
  it('reads and writes Compose Farm’s file unchanged', () => {
    const log = parseDigestLog(COMPOSE_FARM_TEXT, 'log.toml');

    expect(log.meta).toEqual({ compose_dir: '/opt/compose', generated_at: '2025-02-01T00:00:00Z' });
    expect(log.entries).toEqual([
      {
        stack: 'plex',
        host: 'nas01',
        composeFile: '/opt/compose/plex/compose.yaml',
        image: 'plexinc/pms-docker:latest',
        digest: DIGEST_A,
        firstSeen: '2025-01-01T00:00:00Z',
        lastSeen: '2025-02-01T00:00:00Z',
      },
    ]);
    expect(serializeDigestLog(log)).toBe(COMPOSE_FARM_TEXT);
  });

  it('sorts meta keys and entries by stack, host and digest', () => {
    const entry = { composeFile: '/c', image: 'i', firstSeen: 't', lastSeen: 't' };
    const log: DigestLog = {
      meta: { generated_at: 'g', compose_dir: 'c' },
      entries: [
        { ...entry, stack: 'b', host: 'h1', digest: DIGEST_A },
        { ...entry, stack: 'a', host: 'h2', digest: DIGEST_A },
        { ...entry, stack: 'a', host: 'h1', digest: DIGEST_B },
        { ...entry, stack: 'a', host: 'h1', digest: DIGEST_A },
      ],
    };
    const text = serializeDigestLog(log);
    const order = [
      ...text.matchAll(/stack = "(\w)"\nhost = "(\w+)"[^]*?digest = "sha256:(\w)/g),
    ].map((match) => `${match[1]}/${match[2]}/${match[3]}`);

    expect(text.startsWith('[meta]\ncompose_dir = "c"\ngenerated_at = "g"\n')).toBe(true);
    expect(order).toEqual(['a/h1/a', 'a/h1/b', 'a/h2/a', 'b/h1/a']);
  });

  it('escapes quotes, backslashes and control characters', () => {
    const log: DigestLog = {
      meta: { compose_dir: 'C:\\compose "x"\nnext' },
      entries: [],
    };
    const text = serializeDigestLog(log);

    expect(text).toBe('[meta]\ncompose_dir = "C:\\\\compose \\"x\\"\\u000anext"\n');
    expect(parseDigestLog(text, 'log.toml').meta['compose_dir']).toBe('C:\\compose "x"\nnext');
  });

  it('reads legacy service entries as stacks', () => {
    const text = COMPOSE_FARM_TEXT.replace('stack = "plex"', 'service = "plex"');
    expect(parseDigestLog(text, 'log.toml').entries[0]!.stack).toBe('plex');
  });

  it('accepts comments, literal strings and unknown tables', () => {
    const text = `# written by hand
[meta]
compose_dir = '/opt/compose' # the farm

[other]
note = "ignored"

[[entries]]
stack = "web"
host = "h1"
compose_file = "/opt/compose/web/compose.yaml"
image = "nginx:1 # not a comment"
digest = "${DIGEST_B}"
first_seen = "2025-01-01T00:00:00Z"
last_seen = "2025-01-01T00:00:00Z"

[[entries]]
stack = "incomplete"
`;
    const log = parseDigestLog(text, 'log.toml');
    expect(log.meta).toEqual({ compose_dir: '/opt/compose' });
    expect(log.entries.map((entry) => entry.image)).toEqual(['nginx:1 # not a comment']);
  });

  it('names the file and line of a malformed file', () => {
    expect(() => parseDigestLog('[meta]\ncompose_dir = /opt\n', '/x/log.toml')).toThrow(
      DigestLogError,
    );
    expect(() => parseDigestLog('[meta]\njust text\n', '/x/log.toml')).toThrow(
      'Cannot read the digest log /x/log.toml, line 2: expected key = "value"',
    );
  });
});
