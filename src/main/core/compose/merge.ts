import { isPlainObject } from './interpolate';
import { parsePortEntry, portIdentity } from './ports';

/**
 * Merges an override file over the main compose file with compose's rules for the fields this
 * model reads:
 * - mappings merge key by key;
 * - `labels`, `environment`, `annotations` and `sysctls` merge by key, in list or mapping form;
 * - a service's `networks` merge by network name;
 * - `ports` append, and an entry equal in address, ports and protocol counts once;
 * - `volumes` and `devices` append, and a later entry for the same container path replaces the
 *   earlier one;
 * - `command` and `entrypoint` are replaced, and other lists append.
 * NOTE: the `!reset` and `!override` YAML tags that compose offers for overrides are not handled.
 */
export function mergeComposeDocuments(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const previous = merged[key];
    merged[key] =
      key === 'services' && isPlainObject(previous) && isPlainObject(value)
        ? mergeServices(previous, value)
        : mergeValues(previous, value);
  }
  return merged;
}

function mergeServices(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...base };
  for (const [name, service] of Object.entries(override)) {
    const previous = merged[name];
    merged[name] =
      isPlainObject(previous) && isPlainObject(service) ? mergeService(previous, service) : service;
  }
  return merged;
}

const KEYED_FIELDS = new Set(['labels', 'environment', 'annotations', 'sysctls']);
const REPLACED_FIELDS = new Set(['command', 'entrypoint']);

function mergeService(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...base };
  for (const [field, value] of Object.entries(override)) {
    const previous = merged[field];
    if (previous === undefined || previous === null) merged[field] = value;
    else if (KEYED_FIELDS.has(field))
      merged[field] = { ...toKeyedMap(previous, field), ...toKeyedMap(value, field) };
    else if (field === 'networks')
      merged[field] = mergeValues(networksAsMap(previous), networksAsMap(value));
    else if (field === 'ports') merged[field] = appendUnique(previous, value, portKey);
    else if (field === 'volumes' || field === 'devices')
      merged[field] = appendUnique(previous, value, containerPathKey);
    else if (REPLACED_FIELDS.has(field)) merged[field] = value;
    else merged[field] = mergeValues(previous, value);
  }
  return merged;
}

function mergeValues(base: unknown, override: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(override)) {
    const merged = { ...base };
    for (const [key, value] of Object.entries(override))
      merged[key] = mergeValues(merged[key], value);
    return merged;
  }
  if (Array.isArray(base) && Array.isArray(override)) return [...base, ...override];
  return override === undefined ? base : override;
}

/**
 * Converts a list of `KEY=value` items or a mapping to a mapping. A list item without `=` becomes
 * a label with an empty value, or an environment variable taken from the shell (`null`).
 */
export function toKeyedMap(value: unknown, field: string): Record<string, unknown> {
  if (isPlainObject(value)) return { ...value };
  const map: Record<string, unknown> = {};
  if (!Array.isArray(value)) return map;
  for (const item of value) {
    const text = String(item);
    const equals = text.indexOf('=');
    if (equals >= 0) map[text.slice(0, equals)] = text.slice(equals + 1);
    else map[text] = field === 'environment' ? null : '';
  }
  return map;
}

function networksAsMap(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return Object.fromEntries(value.map((name) => [String(name), null]));
}

/** Appends the override's items; one with the key of an earlier item takes that item's place. */
function appendUnique(base: unknown, override: unknown, keyOf: (item: unknown) => string): unknown {
  if (!Array.isArray(base) || !Array.isArray(override)) return override;
  const merged = [...base];
  const positions = new Map(merged.map((item, index) => [keyOf(item), index]));
  for (const item of override) {
    const key = keyOf(item);
    const position = positions.get(key);
    if (position === undefined) {
      positions.set(key, merged.length);
      merged.push(item);
    } else {
      merged[position] = item;
    }
  }
  return merged;
}

function portKey(item: unknown): string {
  const parsed = parsePortEntry(item);
  return parsed.ok ? parsed.mappings.map(portIdentity).join(',') : JSON.stringify(item);
}

function containerPathKey(item: unknown): string {
  if (isPlainObject(item) && typeof item['target'] === 'string') return item['target'];
  if (typeof item === 'string') {
    const parts = item.split(':');
    return parts.length === 1 ? parts[0]! : (parts[1] ?? item);
  }
  return JSON.stringify(item);
}
