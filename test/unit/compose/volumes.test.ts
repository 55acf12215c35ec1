import { describe, expect, it } from 'vitest';

import {
  parseDeviceEntry,
  parseVolumeEntry,
  type VolumeMount,
} from '../../../src/main/core/compose/volumes';

const stackDir = '/opt/stacks/photos';

function mountOf(entry: unknown): VolumeMount {
  const result = parseVolumeEntry(entry, stackDir);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(entry)} to parse: ${result.message}`);
  return result.mount;
}

describe('parseVolumeEntry', () => {
  it.each<[string, unknown, VolumeMount]>([
    [
      'an absolute bind',
      '/srv/data:/data',
      { type: 'bind', source: '/srv/data', homeRelative: false, target: '/data', readOnly: false },
    ],
    [
      'a read-only bind',
      '/srv/data:/data:ro',
      { type: 'bind', source: '/srv/data', homeRelative: false, target: '/data', readOnly: true },
    ],
    [
      'bind options besides ro',
      '/srv/data:/data:ro,z',
      { type: 'bind', source: '/srv/data', homeRelative: false, target: '/data', readOnly: true },
    ],
    [
      'a bind relative to the stack folder',
      './config:/config',
      {
        type: 'bind',
        source: '/opt/stacks/photos/config',
        homeRelative: false,
        target: '/config',
        readOnly: false,
      },
    ],
    [
      'a bind to the parent folder',
      '../shared:/shared:rw',
      {
        type: 'bind',
        source: '/opt/stacks/shared',
        homeRelative: false,
        target: '/shared',
        readOnly: false,
      },
    ],
    [
      'the stack folder itself',
      '.:/app',
      {
        type: 'bind',
        source: '/opt/stacks/photos',
        homeRelative: false,
        target: '/app',
        readOnly: false,
      },
    ],
    [
      'a bind under the home folder, kept as written',
      '~/media:/media',
      { type: 'bind', source: '~/media', homeRelative: true, target: '/media', readOnly: false },
    ],
    [
      'a named volume',
      'db-data:/var/lib/db',
      { type: 'volume', source: 'db-data', target: '/var/lib/db', readOnly: false },
    ],
    [
      'a read-only named volume',
      'certs:/certs:ro',
      { type: 'volume', source: 'certs', target: '/certs', readOnly: true },
    ],
    [
      'an anonymous volume',
      '/var/cache',
      { type: 'volume', target: '/var/cache', readOnly: false },
    ],
    [
      'a long bind',
      { type: 'bind', source: './data', target: '/data', read_only: true },
      {
        type: 'bind',
        source: '/opt/stacks/photos/data',
        homeRelative: false,
        target: '/data',
        readOnly: true,
      },
    ],
    [
      'a long named volume',
      { type: 'volume', source: 'db', target: '/db' },
      { type: 'volume', source: 'db', target: '/db', readOnly: false },
    ],
    [
      'a long anonymous volume',
      { target: '/scratch' },
      { type: 'volume', target: '/scratch', readOnly: false },
    ],
    [
      'a tmpfs',
      { type: 'tmpfs', target: '/run' },
      { type: 'tmpfs', target: '/run', readOnly: false },
    ],
  ])('reads %s', (_label, entry, expected) => {
    expect(mountOf(entry)).toEqual(expected);
  });

  it.each<[string, unknown, string]>([
    ['an empty string', '', 'empty'],
    ['an empty section', '/srv::/data', 'empty section'],
    ['too many colons', '/a:/b:ro:extra', 'too many colons'],
    ['a long bind without source', { type: 'bind', target: '/data' }, 'needs a source'],
    ['a long entry without target', { type: 'bind', source: '/srv' }, 'needs a target'],
    ['an unknown type', { type: 'nfs', source: 'x', target: '/x' }, 'unknown volume type'],
    ['a number', 42, 'must be a string or a mapping'],
  ])('rejects %s', (_label, entry, message) => {
    const result = parseVolumeEntry(entry, stackDir);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('parseDeviceEntry', () => {
  it.each<[string, unknown, unknown]>([
    [
      'host and container',
      '/dev/ttyUSB0:/dev/ttyACM0',
      { source: '/dev/ttyUSB0', target: '/dev/ttyACM0' },
    ],
    [
      'permissions',
      '/dev/sda:/dev/xvda:rwm',
      { source: '/dev/sda', target: '/dev/xvda', permissions: 'rwm' },
    ],
    ['a host path only', '/dev/dri', { source: '/dev/dri', target: '/dev/dri' }],
    [
      'a CDI name',
      'nvidia.com/gpu=all',
      { source: 'nvidia.com/gpu=all', target: 'nvidia.com/gpu=all' },
    ],
    [
      'long syntax',
      { source: '/dev/ttyUSB0', target: '/dev/zigbee', permissions: 'rw' },
      { source: '/dev/ttyUSB0', target: '/dev/zigbee', permissions: 'rw' },
    ],
  ])('reads %s', (_label, entry, expected) => {
    const result = parseDeviceEntry(entry);
    expect(result).toEqual({ ok: true, device: expected });
  });

  it('rejects an entry that names no device', () => {
    expect(parseDeviceEntry({ target: '/dev/x' }).ok).toBe(false);
  });
});
