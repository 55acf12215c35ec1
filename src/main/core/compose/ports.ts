import { isIP } from 'node:net';

import { isPlainObject } from './interpolate';

/** An inclusive range of host ports, as in `8000-8010:80`. */
export interface PortRange {
  readonly start: number;
  readonly end: number;
}

/** One container port published (or only exposed) by a service. */
export interface PortMapping {
  /** The host address the port is bound to, brackets of an IPv6 address removed. */
  readonly hostIp?: string;
  /** The host port, a range of host ports, or absent when docker picks one. */
  readonly published?: number | PortRange;
  readonly target: number;
  /** `tcp`, `udp` or `sctp`. */
  readonly protocol: string;
}

export type PortParseResult =
  | { readonly ok: true; readonly mappings: readonly PortMapping[] }
  | { readonly ok: false; readonly message: string };

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

/**
 * Reads one item of a service's `ports:` list. The short syntax follows docker's rules:
 * `[ip:][published:]target[/protocol]`. A container range yields one mapping per port, paired
 * with the same position in the host range. A host range in front of a single container port
 * stays a range, and docker picks a free port from it.
 */
export function parsePortEntry(entry: unknown): PortParseResult {
  if (typeof entry === 'number') return parseShortPort(String(entry));
  if (typeof entry === 'string') return parseShortPort(entry);
  if (isPlainObject(entry)) return parseLongPort(entry);
  return fail(
    `a port must be a string such as "8080:80" or a mapping with target, not ${describe(entry)}`,
  );
}

function parseShortPort(spec: string): PortParseResult {
  const parts = spec.split(':');
  const containerPart = parts[parts.length - 1]!;
  let hostIp = '';
  let hostPart = '';
  if (parts.length === 2) {
    hostPart = parts[0]!;
  } else if (parts.length >= 3) {
    hostIp = parts.slice(0, -2).join(':');
    hostPart = parts[parts.length - 2]!;
  }

  const [containerPorts, protocolText = ''] = containerPart.split('/', 2);
  const protocol = (protocolText || 'tcp').toLowerCase();
  if (!PROTOCOLS.has(protocol)) return fail(`unknown protocol "${protocolText}" in port "${spec}"`);

  const address = checkHostIp(hostIp);
  if (address === null) return fail(`invalid host IP address "${hostIp}" in port "${spec}"`);

  if (!containerPorts) return fail(`no container port in "${spec}"`);
  const container = parseRange(containerPorts);
  if (container === null) return fail(`invalid container port "${containerPorts}" in "${spec}"`);

  const host = hostPart === '' ? undefined : parseRange(hostPart);
  if (host === null) return fail(`invalid published port "${hostPart}" in "${spec}"`);

  const containerCount = container.end - container.start;
  if (host && containerCount !== host.end - host.start && containerCount !== 0) {
    return fail(`the host and container port ranges of "${spec}" have different lengths`);
  }

  const mappings: PortMapping[] = [];
  for (let offset = 0; offset <= containerCount; offset++) {
    let published: number | PortRange | undefined;
    if (host && containerCount === 0 && host.start !== host.end) published = host;
    else if (host) published = host.start + offset;
    mappings.push(withOptional({ target: container.start + offset, protocol }, address, published));
  }
  return { ok: true, mappings };
}

function parseLongPort(entry: Record<string, unknown>): PortParseResult {
  const target = toPortNumber(entry['target']);
  if (target === null)
    return fail(`port mapping needs a numeric target, got ${describe(entry['target'])}`);

  const protocol = String(entry['protocol'] ?? 'tcp').toLowerCase();
  if (!PROTOCOLS.has(protocol))
    return fail(`unknown protocol "${protocol}" for target port ${target}`);

  const rawIp = entry['host_ip'];
  const address = checkHostIp(typeof rawIp === 'string' ? rawIp : '');
  if (address === null) return fail(`invalid host_ip "${String(rawIp)}" for target port ${target}`);

  let published: number | PortRange | undefined;
  const rawPublished = entry['published'];
  if (rawPublished !== undefined && rawPublished !== null && rawPublished !== '') {
    const range = parseRange(String(rawPublished));
    if (range === null)
      return fail(`invalid published port "${String(rawPublished)}" for target ${target}`);
    published = range.start === range.end ? range.start : range;
  }
  return { ok: true, mappings: [withOptional({ target, protocol }, address, published)] };
}

function withOptional(
  base: { target: number; protocol: string },
  hostIp: string,
  published: number | PortRange | undefined,
): PortMapping {
  return {
    ...(hostIp === '' ? {} : { hostIp }),
    ...(published === undefined ? {} : { published }),
    ...base,
  };
}

/** Strips IPv6 brackets; returns `''` for no address and `null` for an invalid one. */
function checkHostIp(raw: string): string | null {
  if (raw === '') return '';
  const address = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  return isIP(address) === 0 ? null : address;
}

function parseRange(text: string): PortRange | null {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (start > 65535 || end > 65535 || end < start) return null;
  return { start, end };
}

function toPortNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value <= 65535 ? value : null;
  if (typeof value === 'string' && /^\d+$/.test(value)) return toPortNumber(Number(value));
  return null;
}

/** Returns the key under which compose treats two port entries as one when merging files. */
export function portIdentity(mapping: PortMapping): string {
  const published = mapping.published === undefined ? '' : formatPublished(mapping.published);
  return `${mapping.hostIp ?? ''}|${published}|${mapping.target}|${mapping.protocol}`;
}

export function formatPublished(published: number | PortRange): string {
  return typeof published === 'number' ? String(published) : `${published.start}-${published.end}`;
}

function fail(message: string): PortParseResult {
  return { ok: false, message };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value);
}
