/**
 * Traefik labels turned into the tree of Traefik's dynamic configuration, the way Traefik's own
 * label parser reads them: `traefik.` dropped, the rest split on `.`, `name[N]` addressing item N
 * of a list of mappings.
 */

export type TraefikValue = string | number | boolean | TraefikValue[] | TraefikTree;
export interface TraefikTree {
  [key: string]: TraefikValue;
}

/** The protocol sections of the dynamic configuration that labels may fill. */
export const TRAEFIK_SECTIONS = ['http', 'tcp', 'udp'] as const;
export type TraefikSection = (typeof TRAEFIK_SECTIONS)[number];

/**
 * Fields Traefik reads as lists: their label value is comma-separated. Other fields keep the text,
 * which Traefik splits itself where it expects a list.
 */
const LIST_FIELDS = new Set(['entrypoints', 'middlewares', 'users', 'sans', 'sourcerange']);

/** Segments whose spelling Traefik ignores; they are written in one case so labels merge. */
const CASE_FREE_SEGMENTS = new Set([
  'routers',
  'services',
  'middlewares',
  'serverstransports',
  'loadbalancer',
  'server',
  'servers',
  'service',
  'port',
  'scheme',
  'tls',
  'rule',
  'entrypoints',
]);

export interface TraefikLabel {
  /** The path under the dynamic configuration, such as `http.routers.web.rule`. */
  readonly path: readonly PathSegment[];
  readonly value: TraefikValue;
  /** The label key as written, for messages. */
  readonly key: string;
}

export type PathSegment = string | { readonly list: string; readonly index: number };

/** True when Traefik reads the text as false, as Go's `strconv.ParseBool` does. */
export function isFalse(text: string): boolean {
  return ['0', 'f', 'false'].includes(text.trim().toLowerCase());
}

/**
 * Returns the labels of one compose service that describe routing (`traefik.http.*`,
 * `traefik.tcp.*`, `traefik.udp.*`), in the order written. `traefik.enable` and `traefik.docker.*`
 * are settings of Traefik's docker provider and have no place in a file.
 */
export function routingLabels(labels: Readonly<Record<string, string>>): TraefikLabel[] {
  const read: TraefikLabel[] = [];
  for (const [key, text] of Object.entries(labels)) {
    const trimmedKey = key.trim();
    if (!trimmedKey.toLowerCase().startsWith('traefik.')) continue;
    const path = parseKeyPath(trimmedKey.slice('traefik.'.length));
    const section = path[0];
    if (typeof section !== 'string' || !isSection(section) || path.length < 2) continue;
    read.push({ key: trimmedKey, path, value: typedValue(path, text) });
  }
  return read;
}

/** True when the service's labels do not switch Traefik off with `traefik.enable=false`. */
export function isTraefikEnabled(labels: Readonly<Record<string, string>>): boolean {
  const entry = Object.entries(labels).find(
    ([key]) => key.trim().toLowerCase() === 'traefik.enable',
  );
  return entry === undefined || !isFalse(entry[1]);
}

function isSection(segment: string): segment is TraefikSection {
  return (TRAEFIK_SECTIONS as readonly string[]).includes(segment);
}

export function parseKeyPath(key: string): PathSegment[] {
  return key.split('.').map((segment, position) => {
    const indexed = /^(.+)\[(\d+)\]$/.exec(segment);
    if (indexed) return { list: indexed[1]!, index: Number(indexed[2]) };
    // The section and kinds of objects (`routers`, …) are Traefik's words, names are the user's.
    const lower = segment.toLowerCase();
    if (position === 0 || (position !== 2 && CASE_FREE_SEGMENTS.has(lower))) return lower;
    return segment;
  });
}

function typedValue(path: readonly PathSegment[], text: string): TraefikValue {
  const last = path[path.length - 1]!;
  const field = typeof last === 'string' ? last : last.list;
  const value = text.trim();
  if (LIST_FIELDS.has(field.toLowerCase())) {
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  // Only integers written the plain way; `0755` or a 20-digit id stays text.
  if (/^(0|[1-9]\d{0,14})$/.test(value)) return Number(value);
  return value;
}

/**
 * Writes `value` at `path` in `tree`, creating mappings and lists on the way. A `true` standing
 * where a mapping is needed (`tls=true` beside `tls.certresolver=…`) gives way to the mapping,
 * which is what Traefik makes of the pair.
 */
export function setPath(
  tree: TraefikTree,
  path: readonly PathSegment[],
  value: TraefikValue,
): void {
  let node: TraefikTree = tree;
  path.forEach((segment, position) => {
    const isLast = position === path.length - 1;
    if (typeof segment === 'string') {
      if (isLast) {
        if (!(value === true && isTree(node[segment]))) node[segment] = value;
        return;
      }
      node = childTree(node, segment);
      return;
    }

    const existing = node[segment.list];
    const list: TraefikValue[] = Array.isArray(existing) ? existing : [];
    node[segment.list] = list;
    while (list.length <= segment.index) list.push({});
    if (isLast) {
      list[segment.index] = value;
      return;
    }
    const item = list[segment.index];
    if (isTree(item)) {
      node = item;
    } else {
      const created: TraefikTree = {};
      list[segment.index] = created;
      node = created;
    }
  });
}

function childTree(node: TraefikTree, key: string): TraefikTree {
  const existing = node[key];
  if (isTree(existing)) return existing;
  const created: TraefikTree = {};
  node[key] = created;
  return created;
}

export function isTree(value: unknown): value is TraefikTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
