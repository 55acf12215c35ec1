import { isAbsolute, resolve } from 'node:path';

import { isPlainObject } from './interpolate';

/** One item of a service's `volumes:` list, after compose's reading of it. */
export type VolumeMount =
  | {
      readonly type: 'bind';
      /**
       * The host path. Relative sources are resolved against the stack folder. A source starting
       * with `~` is kept as written because it names a home folder on the host that runs it.
       */
      readonly source: string;
      readonly homeRelative: boolean;
      readonly target: string;
      readonly readOnly: boolean;
    }
  | {
      readonly type: 'volume';
      /** The named volume, or absent for an anonymous one. */
      readonly source?: string;
      readonly target: string;
      readonly readOnly: boolean;
    }
  | {
      /** `tmpfs`, `npipe`, `image` or `cluster`: nothing on the host to check. */
      readonly type: 'tmpfs' | 'npipe' | 'image' | 'cluster';
      readonly source?: string;
      readonly target: string;
      readonly readOnly: boolean;
    };

export type VolumeParseResult =
  | { readonly ok: true; readonly mount: VolumeMount }
  | { readonly ok: false; readonly message: string };

const OTHER_TYPES = new Set(['tmpfs', 'npipe', 'image', 'cluster']);

export function parseVolumeEntry(entry: unknown, stackDir: string): VolumeParseResult {
  if (typeof entry === 'string') return parseShortVolume(entry, stackDir);
  if (isPlainObject(entry)) return parseLongVolume(entry, stackDir);
  return {
    ok: false,
    message: `a volume must be a string or a mapping, not ${JSON.stringify(entry)}`,
  };
}

/**
 * Short syntax `source:target[:options]` or `target` alone (an anonymous volume). The source is
 * a host path when it starts with `.`, `/` or `~`; otherwise it names a volume.
 * NOTE: compose also accepts Windows drive letters (`C:\data`); stacks here run on Linux hosts.
 */
function parseShortVolume(spec: string, stackDir: string): VolumeParseResult {
  if (spec === '') return { ok: false, message: 'a volume entry is empty' };
  const parts = spec.split(':');
  if (parts.some((part) => part === '')) {
    return { ok: false, message: `volume "${spec}" has an empty section between colons` };
  }
  if (parts.length > 3) return { ok: false, message: `volume "${spec}" has too many colons` };

  if (parts.length === 1)
    return { ok: true, mount: { type: 'volume', target: spec, readOnly: false } };

  const [source, target, options = ''] = parts as [string, string, string?];
  const readOnly = options.split(',').includes('ro');
  if (isHostPath(source)) return { ok: true, mount: bindMount(source, target, readOnly, stackDir) };
  return { ok: true, mount: { type: 'volume', source, target, readOnly } };
}

function parseLongVolume(entry: Record<string, unknown>, stackDir: string): VolumeParseResult {
  const target = entry['target'];
  if (typeof target !== 'string' || target === '') {
    return {
      ok: false,
      message: `a volume mapping needs a target path, got ${JSON.stringify(target)}`,
    };
  }
  const type = typeof entry['type'] === 'string' ? entry['type'] : 'volume';
  const readOnly = entry['read_only'] === true || entry['read_only'] === 'true';
  const rawSource = entry['source'];
  const source = typeof rawSource === 'string' && rawSource !== '' ? rawSource : undefined;

  if (type === 'bind') {
    if (source === undefined)
      return { ok: false, message: `bind mount of ${target} needs a source path` };
    return { ok: true, mount: bindMount(source, target, readOnly, stackDir) };
  }
  if (type === 'volume') {
    return { ok: true, mount: { type, ...(source ? { source } : {}), target, readOnly } };
  }
  if (OTHER_TYPES.has(type)) {
    const other = type as 'tmpfs' | 'npipe' | 'image' | 'cluster';
    return { ok: true, mount: { type: other, ...(source ? { source } : {}), target, readOnly } };
  }
  return {
    ok: false,
    message: `unknown volume type "${type}" for ${target}: use bind, volume or tmpfs`,
  };
}

function isHostPath(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
}

function bindMount(
  source: string,
  target: string,
  readOnly: boolean,
  stackDir: string,
): VolumeMount {
  const homeRelative = source === '~' || source.startsWith('~/');
  const path = homeRelative || isAbsolute(source) ? source : resolve(stackDir, source);
  return { type: 'bind', source: path, homeRelative, target, readOnly };
}

/** One item of a service's `devices:` list. */
export interface DeviceMapping {
  /** The device on the host, such as `/dev/ttyUSB0`, or a CDI name such as `vendor.com/gpu=all`. */
  readonly source: string;
  readonly target: string;
  readonly permissions?: string;
}

export type DeviceParseResult =
  | { readonly ok: true; readonly device: DeviceMapping }
  | { readonly ok: false; readonly message: string };

export function parseDeviceEntry(entry: unknown): DeviceParseResult {
  if (typeof entry === 'string' && entry !== '') {
    if (!entry.startsWith('/')) return { ok: true, device: { source: entry, target: entry } };
    const [source, target = source, permissions] = entry.split(':') as [string, string?, string?];
    return { ok: true, device: { source, target, ...(permissions ? { permissions } : {}) } };
  }
  if (isPlainObject(entry) && typeof entry['source'] === 'string') {
    const source = entry['source'];
    const target = typeof entry['target'] === 'string' ? entry['target'] : source;
    const permissions = typeof entry['permissions'] === 'string' ? entry['permissions'] : undefined;
    return { ok: true, device: { source, target, ...(permissions ? { permissions } : {}) } };
  }
  return {
    ok: false,
    message: `a device must be "/dev/host:/dev/container[:rwm]", not ${JSON.stringify(entry)}`,
  };
}
