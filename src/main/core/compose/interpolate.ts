/**
 * Variable interpolation with docker compose's rules (compose-go `template`): `$VAR`, `${VAR}`,
 * `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`, `${VAR:+alt}`,
 * `${VAR+alt}`, defaults and messages that hold further expressions, and `$$` for a literal `$`.
 */

/** Returns a variable's value, or `undefined` when the variable is not set at all. */
export type VariableLookup = (name: string) => string | undefined;

export type InterpolationFailure =
  | { readonly kind: 'required-variable'; readonly variable: string; readonly message: string }
  | { readonly kind: 'invalid-template'; readonly template: string; readonly message: string };

export interface InterpolationResult {
  readonly value: string;
  /** Variables read without a default while unset; compose substitutes an empty string. */
  readonly unsetVariables: readonly string[];
  /** Compose refuses to run when any of these is present. */
  readonly failures: readonly InterpolationFailure[];
}

/** Compose's own words for an unset variable, so users recognise the warning. */
export function unsetVariableMessage(name: string): string {
  return `The "${name}" variable is not set. Defaulting to a blank string.`;
}

const NAME_START = /[_A-Za-z]/;
const NAME = /^[_A-Za-z][_A-Za-z0-9]*/;
const OPERATORS = [':-', ':?', ':+', '-', '?', '+'] as const;
type Operator = (typeof OPERATORS)[number];

interface Collector {
  readonly lookup: VariableLookup;
  readonly unset: string[];
  readonly failures: InterpolationFailure[];
}

export function interpolate(template: string, lookup: VariableLookup): InterpolationResult {
  const collector: Collector = { lookup, unset: [], failures: [] };
  const value = substitute(template, collector);
  return { value, unsetVariables: collector.unset, failures: collector.failures };
}

function substitute(template: string, collector: Collector): string {
  let result = '';
  let index = 0;

  while (index < template.length) {
    const dollar = template.indexOf('$', index);
    if (dollar < 0) {
      result += template.slice(index);
      break;
    }
    result += template.slice(index, dollar);
    const next = template[dollar + 1];

    if (next === '$') {
      result += '$';
      index = dollar + 2;
      continue;
    }

    if (next === '{') {
      const close = findClosingBrace(template, dollar);
      const body = close < 0 ? null : template.slice(dollar + 2, close);
      const expanded = body === null ? null : expandBraced(body, collector);
      if (expanded === null) {
        failInvalid(template, collector);
        return result + template.slice(dollar);
      }
      result += expanded;
      index = close + 1;
      continue;
    }

    const name = NAME.exec(template.slice(dollar + 1))?.[0];
    if (name === undefined) {
      // A `$` before anything but a name, `{` or `$` stays as written (`$2y$05` in a hash).
      result += '$';
      index = dollar + 1;
      continue;
    }
    result += readPlain(name, collector);
    index = dollar + 1 + name.length;
  }

  return result;
}

/**
 * Finds the `}` that closes the `${` at `start`, counting nested `${` the way compose does, so a
 * bare `{` does not nest. Returns -1 when the expression is never closed.
 */
function findClosingBrace(template: string, start: number): number {
  let depth = 0;
  for (let index = start; index < template.length; index++) {
    if (template[index] === '}') {
      depth--;
      if (depth === 0) return index;
    } else if (template.startsWith('${', index)) {
      depth++;
      index++;
    }
  }
  return -1;
}

/** Expands the text between `${` and `}`; `null` when it is not a valid expression. */
function expandBraced(body: string, collector: Collector): string | null {
  if (!NAME_START.test(body.charAt(0))) return null;
  const name = NAME.exec(body)![0];
  const rest = body.slice(name.length);
  if (rest === '') return readPlain(name, collector);

  const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
  if (operator === undefined) return null;
  return applyOperator(name, operator, rest.slice(operator.length), collector);
}

function applyOperator(
  name: string,
  operator: Operator,
  argument: string,
  collector: Collector,
): string {
  // Compose expands the default or message before it looks at the variable, so an unset variable
  // inside an unused default still warns. This follows the same order (checked with compose 2.26).
  const expandedArgument = substitute(argument, collector);
  const value = collector.lookup(name);
  const isSet = value !== undefined;
  const isNonEmpty = isSet && value !== '';

  switch (operator) {
    case ':-':
      return isNonEmpty ? value : expandedArgument;
    case '-':
      return isSet ? value : expandedArgument;
    case ':+':
      return isNonEmpty ? expandedArgument : '';
    case '+':
      return isSet ? expandedArgument : '';
    case ':?':
    case '?': {
      const satisfied = operator === ':?' ? isNonEmpty : isSet;
      if (satisfied) return value ?? '';
      collector.failures.push({
        kind: 'required-variable',
        variable: name,
        message: requiredVariableMessage(name, expandedArgument),
      });
      return '';
    }
  }
}

function requiredVariableMessage(name: string, reason: string): string {
  const base = `required variable ${name} is missing a value`;
  return reason === '' ? base : `${base}: ${reason}`;
}

function readPlain(name: string, collector: Collector): string {
  const value = collector.lookup(name);
  if (value === undefined) {
    collector.unset.push(name);
    return '';
  }
  return value;
}

function failInvalid(template: string, collector: Collector): void {
  collector.failures.push({
    kind: 'invalid-template',
    template,
    message: `invalid interpolation format in "${template}": close each \${ with } and write a literal $ as $$`,
  });
}

/** A location in a compose file, written as compose does: `services.web.ports[0]`. */
export type TreePath = string;

export interface TreeInterpolationResult {
  readonly value: unknown;
  readonly unset: readonly { readonly path: TreePath; readonly variable: string }[];
  readonly failures: readonly (InterpolationFailure & { readonly path: TreePath })[];
}

/**
 * Interpolates every string value of a parsed YAML tree. Mapping keys stay as written, as in
 * compose; numbers, booleans and nulls pass through untouched.
 */
export function interpolateTree(tree: unknown, lookup: VariableLookup): TreeInterpolationResult {
  const unset: { path: TreePath; variable: string }[] = [];
  const failures: (InterpolationFailure & { path: TreePath })[] = [];

  const visit = (node: unknown, path: TreePath): unknown => {
    if (typeof node === 'string') {
      const result = interpolate(node, lookup);
      for (const variable of result.unsetVariables) unset.push({ path, variable });
      for (const failure of result.failures) failures.push({ ...failure, path });
      return result.value;
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, `${path}[${index}]`));
    if (isPlainObject(node)) {
      const copy: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        copy[key] = visit(value, path === '' ? key : `${path}.${key}`);
      }
      return copy;
    }
    return node;
  };

  return { value: visit(tree, ''), unset, failures };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
