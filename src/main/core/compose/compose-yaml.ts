import { isMap, isScalar, LineCounter, parseDocument, visit, type Node } from 'yaml';

import { isPlainObject } from './interpolate';

export type ComposeYamlResult =
  | { readonly ok: true; readonly document: Record<string, unknown> }
  | { readonly ok: false; readonly line?: number; readonly message: string };

/**
 * Parses one compose file as docker compose does. YAML anchors and `<<` merge keys are honoured,
 * and a merge is shallow: keys written in the mapping win, and among several merged anchors the
 * earlier one wins. A key written twice in one mapping, `<<` included, is an error.
 */
export function parseComposeYaml(
  text: string,
  options: { readonly allowEmpty?: boolean } = {},
): ComposeYamlResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    merge: true,
    uniqueKeys: false,
    prettyErrors: false,
    lineCounter,
  });

  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;

  const syntaxError = document.errors[0];
  if (syntaxError) {
    const line = lineAt(syntaxError.pos[0]);
    return { ok: false, line, message: `line ${line}: ${syntaxError.message}` };
  }

  const duplicate = findDuplicateKey(document.contents, lineAt);
  if (duplicate) return { ok: false, ...duplicate };

  const value: unknown = document.toJS({ maxAliasCount: 10_000 });
  if (value === null || value === undefined) {
    // Compose accepts an empty override file but rejects an empty main file.
    if (options.allowEmpty) return { ok: true, document: {} };
    return {
      ok: false,
      message: 'the compose file is empty: define at least one service under services:',
    };
  }
  if (!isPlainObject(value)) {
    return {
      ok: false,
      line: 1,
      message: 'invalid compose file: the top level must be a mapping with keys such as services:',
    };
  }
  return { ok: true, document: value };
}

function findDuplicateKey(
  contents: Node | null,
  lineAt: (offset: number) => number,
): { line: number; message: string } | null {
  let duplicate: { line: number; message: string } | null = null;

  visit(contents, {
    Map(_key, map) {
      if (!isMap(map)) return undefined;
      const firstLine = new Map<string, number>();
      for (const pair of map.items) {
        const key = pair.key;
        const name = isScalar(key) ? (key.source ?? String(key.value)) : String(key);
        const line = isScalar(key) && key.range ? lineAt(key.range[0]) : 0;
        const earlier = firstLine.get(name);
        if (earlier !== undefined) {
          // The wording of go-yaml, which docker compose prints for the same mistake.
          duplicate = {
            line,
            message: `line ${line}: mapping key "${name}" already defined at line ${earlier}`,
          };
          return visit.BREAK;
        }
        firstLine.set(name, line);
      }
      return undefined;
    },
  });

  return duplicate;
}
