import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  digestLogPath,
  mergeDigestLog,
  readDigestLog,
  recordDigests,
  stackHistory,
  type DigestLog,
  type ObservedDigest,
} from '../../../src/main/core/digest-log';

const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;
const JANUARY = new Date('2025-01-01T00:00:00.750Z');
const FEBRUARY = new Date('2025-02-01T12:30:00Z');

function seen(stack: string, host: string, digest: string, image = 'app:1'): ObservedDigest {
  return { stack, host, digest, image, composeFile: `/opt/compose/${stack}/compose.yaml` };
}

describe('mergeDigestLog', () => {
  it('gives new entries both times, in whole UTC seconds', () => {
    const log = mergeDigestLog(
      { meta: {}, entries: [] },
      [seen('web', 'h1', DIGEST_A)],
      '/opt/compose',
      JANUARY,
    );

    expect(log.meta).toEqual({ compose_dir: '/opt/compose', generated_at: '2025-01-01T00:00:00Z' });
    expect(log.entries[0]).toMatchObject({
      firstSeen: '2025-01-01T00:00:00Z',
      lastSeen: '2025-01-01T00:00:00Z',
    });
  });

  it('keeps first_seen of a known digest and keeps unseen entries', () => {
    const first = mergeDigestLog(
      { meta: { extra: 'kept' }, entries: [] },
      [seen('web', 'h1', DIGEST_A), seen('db', 'h1', DIGEST_A)],
      '/opt/compose',
      JANUARY,
    );
    const second = mergeDigestLog(
      first,
      [seen('web', 'h1', DIGEST_A, 'app:1-renamed'), seen('web', 'h1', DIGEST_B)],
      '/opt/compose',
      FEBRUARY,
    );
    const byKey = Object.fromEntries(
      second.entries.map((entry) => [`${entry.stack}/${entry.digest.slice(7, 8)}`, entry]),
    );

    expect(second.meta).toEqual({
      extra: 'kept',
      compose_dir: '/opt/compose',
      generated_at: '2025-02-01T12:30:00Z',
    });
    expect(byKey['web/a']).toMatchObject({
      image: 'app:1-renamed',
      firstSeen: '2025-01-01T00:00:00Z',
      lastSeen: '2025-02-01T12:30:00Z',
    });
    expect(byKey['web/b']).toMatchObject({
      firstSeen: '2025-02-01T12:30:00Z',
      lastSeen: '2025-02-01T12:30:00Z',
    });
    expect(byKey['db/a']).toMatchObject({ lastSeen: '2025-01-01T00:00:00Z' });
  });

  it('keys entries by host too', () => {
    const log = mergeDigestLog(
      { meta: {}, entries: [] },
      [seen('web', 'h1', DIGEST_A), seen('web', 'h2', DIGEST_A), seen('web', 'h1', DIGEST_A)],
      '/c',
      JANUARY,
    );
    expect(log.entries.map((entry) => entry.host)).toEqual(['h1', 'h2']);
  });
});

describe('digest log file', () => {
  it('lives beside the config', () => {
    expect(digestLogPath('/etc/farm/compose-farm.yaml')).toBe('/etc/farm/dockerfarm-log.toml');
  });

  it('skips writing when nothing seen', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cf-digest-')), 'dockerfarm-log.toml');

    expect(await readDigestLog(path)).toEqual({ meta: {}, entries: [] });
    expect(await recordDigests(path, [], '/c', JANUARY)).toBe(0);
    expect(() => readFileSync(path)).toThrow();
  });

  it('records, then merges on the next refresh', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cf-digest-')), 'dockerfarm-log.toml');

    expect(await recordDigests(path, [seen('web', 'h1', DIGEST_A)], '/c', JANUARY)).toBe(1);
    expect(await recordDigests(path, [seen('web', 'h1', DIGEST_B)], '/c', FEBRUARY)).toBe(2);
    const log: DigestLog = await readDigestLog(path);

    expect(stackHistory(log, 'web').map((entry) => [entry.digest, entry.firstSeen])).toEqual([
      [DIGEST_B, '2025-02-01T12:30:00Z'],
      [DIGEST_A, '2025-01-01T00:00:00Z'],
    ]);
    expect(readFileSync(path, 'utf8')).toContain('generated_at = "2025-02-01T12:30:00Z"');
  });

  it('refuses to overwrite a malformed file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cf-digest-')), 'dockerfarm-log.toml');
    writeFileSync(path, 'not toml at all\n');

    await expect(recordDigests(path, [seen('web', 'h1', DIGEST_A)], '/c', JANUARY)).rejects.toThrow(
      /Cannot read the digest log .*line 1/,
    );
    expect(readFileSync(path, 'utf8')).toBe('not toml at all\n');
  });
});
