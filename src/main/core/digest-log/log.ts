import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { writeFileAtomically } from '../state';
import {
  DIGEST_LOG_FILE_NAME,
  logTimestamp,
  parseDigestLog,
  serializeDigestLog,
  type DigestLog,
  type DigestLogEntry,
} from './format';

/** One image digest seen running, ready to be recorded. */
export interface ObservedDigest {
  readonly stack: string;
  readonly host: string;
  readonly composeFile: string;
  readonly image: string;
  readonly digest: string;
}

/** Returns the log's default path, beside the config file (`--log-path` overrides it). */
export function digestLogPath(configPath: string): string {
  return join(dirname(configPath), DIGEST_LOG_FILE_NAME);
}

function entryKey(entry: { stack: string; host: string; digest: string }): string {
  return JSON.stringify([entry.stack, entry.host, entry.digest]);
}

/**
 * Merges what was seen now into a log, by (stack, host, digest): a known entry keeps its
 * `first_seen` and gets `last_seen` = now, a new one gets both = now, and entries not seen again
 * stay as they were, so the log remembers which digests ran when.
 */
export function mergeDigestLog(
  log: DigestLog,
  observed: readonly ObservedDigest[],
  composeDir: string,
  now: Date,
): DigestLog {
  const timestamp = logTimestamp(now);
  const entries = new Map<string, DigestLogEntry>();
  for (const entry of log.entries) entries.set(entryKey(entry), entry);

  for (const seen of observed) {
    const key = entryKey(seen);
    const firstSeen = entries.get(key)?.firstSeen ?? timestamp;
    entries.set(key, { ...seen, firstSeen, lastSeen: timestamp });
  }
  return {
    meta: { ...log.meta, compose_dir: composeDir, generated_at: timestamp },
    entries: [...entries.values()],
  };
}

/** Reads the log; a missing file is an empty log. Throws DigestLogError for a malformed one. */
export async function readDigestLog(path: string): Promise<DigestLog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { meta: {}, entries: [] };
    throw error;
  }
  return parseDigestLog(text, path);
}

/**
 * Records what was seen in the log at `path`: read, merge, write atomically. Returns the number
 * of entries written, or 0 without touching the file when nothing was observed.
 */
export async function recordDigests(
  path: string,
  observed: readonly ObservedDigest[],
  composeDir: string,
  now: Date = new Date(),
): Promise<number> {
  if (observed.length === 0) return 0;
  const merged = mergeDigestLog(await readDigestLog(path), observed, composeDir, now);
  try {
    await writeFileAtomically(path, serializeDigestLog(merged));
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(
      `Cannot write the digest log ${path}: ${reason}. Check that its folder exists and is ` +
        'writable, or choose another path with --log-path.',
      { cause: error },
    );
  }
  return merged.entries.length;
}

/** Lists the entries of one stack, newest `last_seen` first: which digests ran when, per host. */
export function stackHistory(log: DigestLog, stack: string): DigestLogEntry[] {
  const entries = log.entries.filter((entry) => entry.stack === stack);
  // The timestamps share one fixed format, so comparing them as text orders them in time.
  return entries.sort((a, b) => b.lastSeen.localeCompare(a.lastSeen, 'en'));
}
