import { readFile } from 'node:fs/promises';

import { interpolate, unsetVariableMessage, type VariableLookup } from './interpolate';

/**
 * A stack's `.env` file read with docker compose's rules (compose-go `dotenv`):
 * - blank lines and lines starting with `#` are skipped; an `export ` prefix is ignored;
 * - unquoted values end at the line end, lose a ` #` comment and trailing whitespace, and are
 *   interpolated;
 * - single-quoted values are taken literally, except that `\'` stands for a quote;
 * - double-quoted values may span lines, understand `\n`, `\t`, `\"`, `\\`, `\$` and the like,
 *   and are interpolated;
 * - interpolation looks a name up in the process environment first, then in the lines above;
 * - a name alone on its line copies that variable from the process environment, if set.
 */

export interface EnvFileProblem {
  /** 1-based line where the statement starts. */
  readonly line: number;
  readonly message: string;
}

export interface EnvFileResult {
  /** Variables in file order; a later line with the same name replaces the value. */
  readonly values: ReadonlyMap<string, string>;
  /** Unset variables read by an interpolated value, in compose's words. */
  readonly warnings: readonly EnvFileProblem[];
  /** Problems that make docker compose refuse the file. */
  readonly errors: readonly EnvFileProblem[];
}

export interface EnvFileOptions {
  /** The environment docker compose would run in; defaults to none. */
  readonly environment?: NodeJS.ProcessEnv;
}

export async function readEnvFile(
  path: string,
  options: EnvFileOptions = {},
): Promise<EnvFileResult> {
  return parseEnvFile(await readFile(path, 'utf8'), options);
}

/** Characters compose allows in a variable name besides letters and digits. */
const NAME_PUNCTUATION = new Set(['_', '.', '-', '[', ']']);
const INLINE_SPACE = /[ \t\v\f\r\u0085\u00a0]/;

export function parseEnvFile(text: string, options: EnvFileOptions = {}): EnvFileResult {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const environment = options.environment ?? {};
  const values = new Map<string, string>();
  const warnings: EnvFileProblem[] = [];
  const errors: EnvFileProblem[] = [];

  const lookup: VariableLookup = (name) => environment[name] ?? values.get(name);
  const expand = (raw: string, line: number): string => {
    const result = interpolate(raw, lookup);
    for (const name of result.unsetVariables) {
      warnings.push({ line, message: unsetVariableMessage(name) });
    }
    for (const failure of result.failures) errors.push({ line, message: failure.message });
    return result.value;
  };

  const cursor = new Cursor(source);
  while (cursor.skipBlankAndComments()) {
    const line = cursor.line;
    const statement = readName(cursor);
    if ('error' in statement) {
      errors.push({ line, message: statement.error });
      cursor.skipLine();
      continue;
    }

    if (statement.inherited) {
      const inherited = environment[statement.name];
      if (inherited !== undefined) values.set(statement.name, inherited);
      continue;
    }

    const value = readValue(cursor, line, expand);
    if ('error' in value) {
      errors.push({ line, message: value.error });
      continue;
    }
    values.set(statement.name, value.value);
  }

  return { values, warnings, errors };
}

class Cursor {
  index = 0;
  line = 1;

  constructor(readonly text: string) {}

  get done(): boolean {
    return this.index >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text.charAt(this.index + offset);
  }

  advance(count = 1): void {
    for (let step = 0; step < count && !this.done; step++) {
      if (this.text[this.index] === '\n') this.line++;
      this.index++;
    }
  }

  /** Moves to the next statement; false at the end of the text. */
  skipBlankAndComments(): boolean {
    for (;;) {
      while (!this.done && /\s/.test(this.peek())) this.advance();
      if (this.done) return false;
      if (this.peek() !== '#') return true;
      this.skipLine();
    }
  }

  skipLine(): void {
    while (!this.done && this.peek() !== '\n') this.advance();
  }

  skipInlineSpace(): void {
    while (!this.done && INLINE_SPACE.test(this.peek())) this.advance();
  }

  restOfLine(): string {
    const end = this.text.indexOf('\n', this.index);
    return this.text.slice(this.index, end < 0 ? undefined : end);
  }
}

type NameRead = { name: string; inherited: boolean } | { error: string };

function readName(cursor: Cursor): NameRead {
  const exportPrefix = /^export[ \t]+/.exec(cursor.restOfLine());
  if (exportPrefix) cursor.advance(exportPrefix[0].length);

  const firstLine = cursor.restOfLine();
  let name = '';
  while (!cursor.done) {
    const char = cursor.peek();
    if (char === '=' || char === ':') {
      cursor.advance();
      return checkName(name, false);
    }
    if (char === '\n') return checkName(name, true);
    const allowed = /[\p{L}\p{N}]/u.test(char) || NAME_PUNCTUATION.has(char) || /\s/.test(char);
    if (!allowed) {
      return { error: `unexpected character "${char}" in variable name "${firstLine}"` };
    }
    name += char;
    cursor.advance();
  }
  return checkName(name, true);
}

function checkName(raw: string, inherited: boolean): NameRead {
  const name = raw.trimEnd();
  if (name === '') return { error: 'a variable name is missing before "="' };
  if (/\s/.test(name)) return { error: `variable name "${name}" cannot contain a space` };
  return { name, inherited };
}

type ValueRead = { value: string } | { error: string };

function readValue(
  cursor: Cursor,
  line: number,
  expand: (raw: string, line: number) => string,
): ValueRead {
  cursor.skipInlineSpace();
  const quote = cursor.peek();

  if (quote !== '"' && quote !== "'") {
    const raw = cursor.restOfLine();
    cursor.advance(raw.length);
    const withoutComment = raw.split(' #')[0]!;
    return { value: expand(withoutComment.trimEnd(), line) };
  }

  const start = cursor.index + 1;
  let escaped = false;
  for (let index = start; index < cursor.text.length; index++) {
    const char = cursor.text[index]!;
    if (char === quote && !escaped) {
      const inner = cursor.text.slice(start, index);
      cursor.advance(index + 1 - cursor.index);
      // Compose reads whatever follows the closing quote as the next statement or a comment.
      if (quote === "'") return { value: inner.replaceAll("\\'", "'") };
      return { value: expand(expandEscapes(inner), line) };
    }
    escaped = !escaped && char === '\\';
  }

  const firstLine = cursor.restOfLine();
  cursor.skipLine();
  return { error: `unterminated quoted value ${firstLine}: add the closing ${quote}` };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
  // Left for interpolation as `$$`, which then yields one literal `$`.
  $: '$$',
};

/**
 * Shell-style escapes inside double quotes, including `\0` followed by three octal digits; any
 * other backslash stays as written.
 */
function expandEscapes(text: string): string {
  return text.replace(
    /\\(?:([abfnrtv$"\\])|0([0-7]{3}))/g,
    (match, letter?: string, octal?: string) => {
      if (octal !== undefined) return String.fromCharCode(parseInt(octal, 8));
      return SIMPLE_ESCAPES[letter ?? ''] ?? match;
    },
  );
}
