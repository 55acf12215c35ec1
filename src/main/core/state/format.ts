import {
  Document,
  LineCounter,
  YAMLMap,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
} from 'yaml';
import type { Node } from 'yaml';
import { StateFileError } from './errors';
import type { DeployedState, Deployment } from './types';

/*
 * Compose Farm reads and writes this file with PyYAML, which speaks YAML 1.1. Parsing and
 * printing with the 1.1 schema keeps both tools agreeing on what `yes`, `on` or `2048` mean:
 * such names are written quoted, so PyYAML reads them back as text.
 */
const YAML_VERSION = '1.1';

const MALFORMED_HINT =
  'fix the file by hand or delete it (`cf refresh` rebuilds it from what runs on the hosts); ' +
  'it is left unchanged until then';

/** Compares as plain text, independent of the locale, in the order Python's `sorted` uses. */
function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** Sorted and without repeats, the way host lists are written. */
export function sortedHosts(hosts: Iterable<string>): string[] {
  return [...new Set(hosts)].sort(compareText);
}

/**
 * Formats a state as file text: `deployed:` maps stack names in sorted order to a host name, or
 * to a sorted list of host names for a stack on several hosts. The layout is PyYAML's block
 * style, so a file written by either tool diffs cleanly against the other.
 */
export function serializeState(state: DeployedState): string {
  const document = new Document(undefined, { version: YAML_VERSION });
  const deployed = new YAMLMap();
  for (const stack of [...state.keys()].sort(compareText)) {
    const deployment = state.get(stack) as Deployment;
    const value = typeof deployment === 'string' ? deployment : sortedHosts(deployment);
    deployed.items.push(document.createPair(stack, value));
  }
  const root = new YAMLMap();
  root.items.push(document.createPair('deployed', deployed));
  document.contents = root;
  return document.toString({ singleQuote: true, indentSeq: false, lineWidth: 0 });
}

/**
 * Reads the text of a state file. Empty text, or a file without `deployed:`, means nothing is
 * deployed. Anything else that is not the documented shape throws a `malformed` StateFileError
 * naming the file and the line, so a caller never mistakes a damaged file for an empty one.
 */
export function parseStateText(text: string, file: string): DeployedState {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    version: YAML_VERSION,
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
  });

  const malformed = (what: string, node: Node | null | undefined | unknown): StateFileError => {
    const offset = (node as Node | null | undefined)?.range?.[0];
    const place =
      offset === undefined
        ? ''
        : ` (line ${lineCounter.linePos(offset).line}, column ${lineCounter.linePos(offset).col})`;
    return new StateFileError(
      'malformed',
      file,
      `State file ${file} is malformed: ${what}${place}`,
      MALFORMED_HINT,
    );
  };

  const [firstError] = document.errors;
  if (firstError !== undefined) {
    const { line, col } = lineCounter.linePos(firstError.pos[0]);
    const reason = firstError.message.split('\n')[0] ?? firstError.message;
    throw new StateFileError(
      'malformed',
      file,
      `State file ${file} is malformed: ${reason} (line ${line}, column ${col})`,
      MALFORMED_HINT,
    );
  }

  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(document) : node);
  const root = resolve(document.contents);
  if (root === null || root === undefined || (isScalar(root) && root.value === null)) {
    return new Map();
  }
  if (!isMap(root)) throw malformed('the top level is not a mapping with a `deployed:` key', root);

  const deployedPair = root.items.find(
    (pair) => isScalar(pair.key) && pair.key.value === 'deployed',
  );
  const deployed = resolve(deployedPair?.value);
  if (deployed === null || deployed === undefined) return new Map();
  if (isScalar(deployed) && deployed.value === null) return new Map();
  if (!isMap(deployed)) throw malformed('`deployed:` is not a mapping of stack to host', deployed);

  const state = new Map<string, Deployment>();
  for (const pair of deployed.items) {
    const key = resolve(pair.key);
    const stack = isScalar(key) ? stateName(key.value) : undefined;
    if (stack === undefined) throw malformed('a stack name is not plain text', key);

    const value = resolve(pair.value);
    if (isScalar(value) && typeof value.value === 'string') {
      state.set(stack, value.value);
      continue;
    }
    if (!isSeq(value)) {
      throw malformed(`stack "${stack}" has no host name or list of host names`, value ?? key);
    }
    const hosts: string[] = [];
    for (const item of value.items) {
      const host = resolve(item);
      if (!isScalar(host) || typeof host.value !== 'string') {
        throw malformed(`stack "${stack}" lists something other than a host name`, host);
      }
      hosts.push(host.value);
    }
    // An empty list records no host at all, which is the same as the stack not being listed.
    if (hosts.length > 0) state.set(stack, sortedHosts(hosts));
  }
  return state;
}

/** Stack names are text; an unquoted number such as `2048` is still a usable name. */
function stateName(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return undefined;
}
