/**
 * `dockerfarm-log.toml`, the record of which image digests ran for each stack on each host, in
 * Compose Farm's layout: a `[meta]` table and one `[[entries]]` table per (stack, host, digest).
 */

export const DIGEST_LOG_FILE_NAME = 'dockerfarm-log.toml';

export interface DigestLogEntry {
  readonly stack: string;
  readonly host: string;
  readonly composeFile: string;
  readonly image: string;
  readonly digest: string;
  /** UTC, seconds precision, as `2025-01-01T00:00:00Z`. */
  readonly firstSeen: string;
  readonly lastSeen: string;
}

export interface DigestLog {
  /** `compose_dir`, `generated_at` and any other key found in the file, kept as text. */
  readonly meta: Readonly<Record<string, string>>;
  readonly entries: readonly DigestLogEntry[];
}

/** A file that is not a digest log as Compose Farm writes it; the message names the line. */
export class DigestLogError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(
      `Cannot read the digest log ${file}, line ${line}: ${reason}. Fix or move the file, ` +
        'and the next refresh writes a new one.',
    );
    this.name = 'DigestLogError';
  }
}

const ENTRY_FIELDS: readonly [keyof DigestLogEntry, string][] = [
  ['stack', 'stack'],
  ['host', 'host'],
  ['composeFile', 'compose_file'],
  ['image', 'image'],
  ['digest', 'digest'],
  ['firstSeen', 'first_seen'],
  ['lastSeen', 'last_seen'],
];

/** Formats a time as the log does: UTC, whole seconds, `Z`. */
export function logTimestamp(time: Date): string {
  return `${time.toISOString().slice(0, 19)}Z`;
}

function quote(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    // Control characters would end the line; TOML spells them as \u escapes.
    .replace(/\p{Cc}/gu, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

/** Orders entries by stack, host and digest, the order the file keeps. */
export function compareEntries(a: DigestLogEntry, b: DigestLogEntry): number {
  return (
    compareText(a.stack, b.stack) || compareText(a.host, b.host) || compareText(a.digest, b.digest)
  );
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Writes the log's text: meta keys sorted, entries sorted by stack, host and digest. */
export function serializeDigestLog(log: DigestLog): string {
  const lines = ['[meta]'];
  for (const key of Object.keys(log.meta).sort(compareText)) {
    lines.push(`${key} = ${quote(log.meta[key]!)}`);
  }
  for (const entry of [...log.entries].sort(compareEntries)) {
    lines.push('', '[[entries]]');
    for (const [field, key] of ENTRY_FIELDS) lines.push(`${key} = ${quote(entry[field])}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Reads a digest log. Only the TOML this file uses is understood: tables, arrays of tables and
 * `key = "text"` lines, with comments. Entries written with `service` instead of `stack` (older
 * Compose Farm releases) are read as stacks, and entries missing a field are dropped.
 */
export function parseDigestLog(text: string, file: string): DigestLog {
  const meta: Record<string, string> = {};
  const rawEntries: Record<string, string>[] = [];
  let table: Record<string, string> | undefined;

  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = stripComment(raw).trim();
    if (line === '') return;
    if (line === '[meta]') {
      table = meta;
      return;
    }
    if (line === '[[entries]]') {
      table = {};
      rawEntries.push(table);
      return;
    }
    if (line.startsWith('[')) {
      // Tables this format does not define are skipped with their keys.
      table = {};
      return;
    }
    const pair = /^([A-Za-z0-9_-]+|"[^"]*")\s*=\s*(.*)$/.exec(line);
    if (!pair) throw new DigestLogError(file, lineNumber, 'expected key = "value"');
    const key = pair[1]!.replace(/^"|"$/g, '');
    const value = parseValue(pair[2]!);
    if (value === undefined) {
      throw new DigestLogError(file, lineNumber, `the value of ${key} is not a TOML string`);
    }
    if (table === undefined) return;
    table[key] = value;
  });

  const entries: DigestLogEntry[] = [];
  for (const raw of rawEntries) {
    const stack = raw['stack'] ?? raw['service'];
    const entry = {
      stack,
      host: raw['host'],
      composeFile: raw['compose_file'] ?? '',
      image: raw['image'],
      digest: raw['digest'],
      firstSeen: raw['first_seen'],
      lastSeen: raw['last_seen'] ?? raw['first_seen'],
    };
    if (Object.values(entry).every((value) => value !== undefined)) {
      entries.push(entry as DigestLogEntry);
    }
  }
  return { meta, entries };
}

function stripComment(line: string): string {
  let inString: '"' | "'" | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (inString === '"' && char === '\\') {
      index++;
      continue;
    }
    if (inString !== undefined) {
      if (char === inString) inString = undefined;
      continue;
    }
    if (char === '"' || char === "'") inString = char;
    else if (char === '#') return line.slice(0, index);
  }
  return line;
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
};

/** Reads a basic `"…"` or literal `'…'` TOML string; `undefined` for anything else. */
function parseValue(text: string): string | undefined {
  const literal = /^'([^']*)'$/.exec(text);
  if (literal) return literal[1];
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return undefined;

  let value = '';
  const body = text.slice(1, -1);
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!;
    if (char === '"') return undefined;
    if (char !== '\\') {
      value += char;
      continue;
    }
    const next = body[index + 1] ?? '';
    if (next in ESCAPES) {
      value += ESCAPES[next];
      index++;
      continue;
    }
    const unicode = /^(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/.exec(body.slice(index + 1));
    if (!unicode) return undefined;
    value += String.fromCodePoint(parseInt(unicode[1]!.slice(1), 16));
    index += unicode[1]!.length;
  }
  return value;
}
