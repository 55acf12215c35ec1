import type * as z from 'zod';
import type { ConfigProblem } from './problem';
import { HOST_KEYS, TOP_LEVEL_KEYS } from './schema';
import { didYouMean } from './suggest';
import type { KeyPath, YamlSource } from './yaml-source';
import { offsetOf, problemAt, pathExists } from './yaml-source';

type Issue = z.core.$ZodIssue;

function knownKeysAt(path: KeyPath): readonly string[] {
  if (path.length === 0) return TOP_LEVEL_KEYS;
  if (path.length === 2 && path[0] === 'hosts') return HOST_KEYS;
  return [];
}

const MISSING_KEY_HINTS: Readonly<Record<string, string>> = {
  stacks: 'add a `stacks:` mapping from each stack folder name to the host or hosts it runs on',
};

function defaultHint(issue: Issue, path: KeyPath, missing: boolean): string {
  const key = String(path.at(-1) ?? '');
  if (missing) return MISSING_KEY_HINTS[key] ?? `add \`${key}:\``;
  if (issue.code !== 'invalid_type') return 'compare with the forms `cf config init` writes';
  switch (issue.expected) {
    case 'object':
    case 'record':
      return 'write a mapping: `name: value` lines indented under the key';
    case 'string':
      return 'write it as text; quote it if YAML reads it as a number, true/false or null';
    default:
      return `write a value of type ${issue.expected}`;
  }
}

/** Returns the part of `path` that the file contains, which names a missing key's parent. */
function existingPath(source: YamlSource, path: KeyPath): KeyPath {
  let end = path.length;
  while (end > 0 && !pathExists(source, path.slice(0, end))) end--;
  return path.slice(0, end);
}

/**
 * Turns schema issues into config problems placed on the line they concern. For a value that
 * matches none of a union's forms, the form of the same kind (a list for a list) explains the
 * failure best. When no form is of the same kind, the union's own message is used.
 */
export function schemaProblems(
  source: YamlSource,
  issues: readonly Issue[],
  prefix: KeyPath = [],
): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    const path: KeyPath = [...prefix, ...(issue.path as (string | number)[])];

    if (issue.code === 'invalid_union') {
      const sameKind = issue.errors.find(
        (branch) =>
          !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
      );
      if (sameKind !== undefined) return schemaProblems(source, sameKind, path);
    }

    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(path);
      return issue.keys.map((key) =>
        problemAt(
          source,
          offsetOf(source, [...path, key], 'key'),
          [...path, key],
          `unknown key "${key}"${didYouMean(key, known)}`,
          known.length > 0 ? `allowed keys here: ${known.join(', ')}` : 'remove the key',
        ),
      );
    }

    const hint = (issue as { params?: { hint?: unknown } }).params?.hint;
    const shownPath = existingPath(source, path);
    const missing = shownPath.length < path.length;
    return [
      problemAt(
        source,
        offsetOf(source, path, 'value'),
        shownPath,
        issue.message,
        typeof hint === 'string' ? hint : defaultHint(issue, path, missing),
      ),
    ];
  });
}
