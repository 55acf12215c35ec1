import type { Document, Node, Pair, YAMLError } from 'yaml';
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { joinKeyPath } from './problem';
import type { ConfigProblem } from './problem';

export type KeyPath = readonly (string | number)[];

/** A parsed YAML file that can turn a key path back into a line and column. */
export interface YamlSource {
  readonly file: string;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    // `<<` merge keys are part of how users share host settings through anchors.
    merge: true,
    uniqueKeys: true,
    prettyErrors: false,
  });
  return { file, document, lineCounter };
}

export function positionOf(source: YamlSource, offset: number): { line: number; column: number } {
  const { line, col } = source.lineCounter.linePos(offset);
  return { line, column: col };
}

export function problemAt(
  source: YamlSource,
  offset: number,
  keyPath: KeyPath,
  message: string,
  hint: string,
): ConfigProblem {
  return {
    file: source.file,
    ...positionOf(source, offset),
    keyPath: joinKeyPath(keyPath),
    message,
    hint,
  };
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}

/** Returns the text of a plain key, or undefined for a mapping or list used as a key. */
function keyText(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  return key.value === null ? '' : String(key.value);
}

function nodeStart(node: unknown, fallback: number): number {
  const range = (node as Node | null | undefined)?.range;
  return range?.[0] ?? fallback;
}

/** Finds the pair for `key` in a mapping, following `<<` merges when the mapping does not set it. */
function findPair(source: YamlSource, map: unknown, key: string, depth = 0): Pair | undefined {
  if (!isMap(map) || depth > 20) return undefined;
  const own = map.items.find((pair) => !isMergeKey(pair.key) && keyText(pair.key) === key);
  if (own !== undefined) return own;

  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const merged of sources) {
      const target = isAlias(merged) ? merged.resolve(source.document) : merged;
      const found = findPair(source, target, key, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Returns the offset to report for a key path: the key itself with `at: 'key'`, otherwise its value.
 * When the path does not exist in the file (a missing key), the closest existing ancestor is used.
 */
export function offsetOf(source: YamlSource, path: KeyPath, at: 'key' | 'value' = 'value'): number {
  let node: unknown = source.document.contents;
  let offset = nodeStart(node, 0);

  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isAlias(node)) node = node.resolve(source.document);

    if (typeof segment === 'number' && isSeq(node)) {
      const item = node.items[segment];
      if (item === undefined) return offset;
      node = item;
      offset = nodeStart(item, offset);
      continue;
    }

    const pair = findPair(source, node, String(segment));
    if (pair === undefined) return offset;
    if (last && at === 'key') return nodeStart(pair.key, offset);
    offset = pair.value === null ? nodeStart(pair.key, offset) : nodeStart(pair.value, offset);
    node = pair.value;
  }
  return offset;
}

/** YAML syntax errors, tabs among them, in the same form as every other config problem. */
export function syntaxProblems(source: YamlSource): ConfigProblem[] {
  return source.document.errors
    .filter((error) => error.code !== 'DUPLICATE_KEY')
    .map((error) => syntaxProblem(source, error));
}

function syntaxProblem(source: YamlSource, error: YAMLError): ConfigProblem {
  const { line, column } = positionOf(source, error.pos[0]);
  if (error.code === 'TAB_AS_INDENT') {
    return problemAt(
      source,
      error.pos[0],
      [],
      `a tab is used for indentation at line ${line}, column ${column}`,
      'YAML indents with spaces only; replace the tab with spaces',
    );
  }
  if (error.code === 'MULTIPLE_DOCS') {
    return problemAt(
      source,
      error.pos[0],
      [],
      `a second YAML document starts at line ${line}`,
      'compose-farm.yaml is one document: remove this `---` line or move what follows it',
    );
  }
  const firstLine = error.message.split('\n')[0] ?? error.message;
  if (error.code === 'MULTILINE_IMPLICIT_KEY') {
    // The yaml package's wording for a key that runs on into the next line.
    return problemAt(
      source,
      error.pos[0],
      [],
      `YAML syntax error: line ${line} has a key without a colon after it`,
      'write `key:` or `key: value`; a colon is likely missing on this line',
    );
  }
  return problemAt(
    source,
    error.pos[0],
    [],
    `YAML syntax error: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`,
    'fix the YAML at this position; indentation, quotes and brackets are the usual causes',
  );
}

export interface KeyProblems {
  /** Keys written twice in one mapping. */
  readonly duplicates: ConfigProblem[];
  /** Mappings or lists used as keys, which have no place in this file. */
  readonly collectionKeys: ConfigProblem[];
}

/**
 * Finds keys written twice in one mapping, and keys that are not plain names. A YAML reader that
 * keeps the last value would silently move a stack, so each duplicate is reported with the line
 * of its first occurrence. Keys brought in through `<<` may be overridden and are not checked.
 */
export function keyProblems(source: YamlSource): KeyProblems {
  const duplicates: ConfigProblem[] = [];
  const collectionKeys: ConfigProblem[] = [];

  const walk = (node: unknown, path: KeyPath): void => {
    if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, [...path, index]));
      return;
    }
    if (!isMap(node)) return;

    const seen = new Map<string, number>();
    for (const pair of node.items) {
      if (!isPair(pair) || isMergeKey(pair.key)) continue;
      const start = nodeStart(pair.key, nodeStart(node, 0));
      const key = keyText(pair.key);
      if (key === undefined) {
        collectionKeys.push(
          problemAt(
            source,
            start,
            path,
            'a mapping or list is used as a key',
            'keys in compose-farm.yaml are plain names',
          ),
        );
        continue;
      }

      const earlier = seen.get(key);
      if (earlier === undefined) {
        seen.set(key, start);
      } else {
        duplicates.push(duplicateProblem(source, path, key, start, earlier));
      }
      walk(pair.value, [...path, key]);
    }
  };

  walk(source.document.contents, []);
  return { duplicates, collectionKeys };
}

function duplicateProblem(
  source: YamlSource,
  path: KeyPath,
  key: string,
  offset: number,
  earlierOffset: number,
): ConfigProblem {
  const line = positionOf(source, offset).line;
  const earlierLine = positionOf(source, earlierOffset).line;
  const section = path.length === 0 ? 'at the top level' : `in ${joinKeyPath(path)}`;
  return problemAt(
    source,
    offset,
    [...path, key],
    `duplicate key "${key}" ${section} at line ${line}; it is already set at line ${earlierLine}`,
    `keep one of the two entries: YAML would silently use only the last one`,
  );
}

/**
 * Finds aliases (`*name`) with no anchor (`&name`) before them. Converting the document to
 * plain values would throw on them, so they are reported first, each at its own position.
 */
export function unresolvedAliasProblems(source: YamlSource): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  visit(source.document, {
    Alias(_, alias) {
      if (alias.resolve(source.document) !== undefined) return;
      problems.push(
        problemAt(
          source,
          nodeStart(alias, 0),
          [],
          `alias "*${alias.source}" refers to no anchor`,
          `define "&${alias.source}" on an earlier value, or fix the spelling of the alias`,
        ),
      );
    },
  });
  return problems;
}

/** Tells whether every key of the path is written in the file (directly or through a `<<` merge). */
export function pathExists(source: YamlSource, path: KeyPath): boolean {
  let node: unknown = source.document.contents;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(source.document);
    if (typeof segment === 'number') {
      if (!isSeq(node) || node.items[segment] === undefined) return false;
      node = node.items[segment];
      continue;
    }
    const pair = findPair(source, node, segment);
    if (pair === undefined) return false;
    node = pair.value;
  }
  return true;
}

/** Lists the keys of the mapping at `path` in the order they are written. */
export function keysInOrder(source: YamlSource, path: KeyPath): string[] {
  let node: unknown = source.document.contents;
  for (const segment of path) {
    const pair = findPair(source, node, String(segment));
    node = pair?.value;
  }
  if (isAlias(node)) node = node.resolve(source.document);
  if (!isMap(node)) return [];
  return node.items.flatMap((pair) => {
    const key = isMergeKey(pair.key) ? undefined : keyText(pair.key);
    return key === undefined ? [] : [key];
  });
}
