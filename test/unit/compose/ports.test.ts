import { describe, expect, it } from 'vitest';

import { parsePortEntry, type PortMapping } from '../../../src/main/core/compose/ports';

function mappings(entry: unknown): readonly PortMapping[] {
  const result = parsePortEntry(entry);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(entry)} to parse: ${result.message}`);
  return result.mappings;
}

describe('parsePortEntry', () => {
  it.each<[string, unknown, PortMapping[]]>([
    ['a container port only', '8080', [{ target: 8080, protocol: 'tcp' }]],
    ['a bare number', 8080, [{ target: 8080, protocol: 'tcp' }]],
    ['published and target', '18080:80', [{ published: 18080, target: 80, protocol: 'tcp' }]],
    [
      'a host IP',
      '192.0.2.10:18222:80',
      [{ hostIp: '192.0.2.10', published: 18222, target: 80, protocol: 'tcp' }],
    ],
    [
      'a host IP without a published port',
      '127.0.0.1::80',
      [{ hostIp: '127.0.0.1', target: 80, protocol: 'tcp' }],
    ],
    [
      'an empty host IP left by interpolation',
      ':18222:80',
      [{ published: 18222, target: 80, protocol: 'tcp' }],
    ],
    [
      'an IPv6 host in brackets',
      '[::1]:8080:80',
      [{ hostIp: '::1', published: 8080, target: 80, protocol: 'tcp' }],
    ],
    [
      'an IPv6 host without brackets',
      '::1:8080:80',
      [{ hostIp: '::1', published: 8080, target: 80, protocol: 'tcp' }],
    ],
    [
      'a full IPv6 host',
      '[2001:db8::5]:53:53/udp',
      [{ hostIp: '2001:db8::5', published: 53, target: 53, protocol: 'udp' }],
    ],
    ['udp', '53:53/udp', [{ published: 53, target: 53, protocol: 'udp' }]],
    ['an upper-case protocol', '53:53/UDP', [{ published: 53, target: 53, protocol: 'udp' }]],
    ['sctp', '9999/sctp', [{ target: 9999, protocol: 'sctp' }]],
    ['an explicit tcp', '80:80/tcp', [{ published: 80, target: 80, protocol: 'tcp' }]],
    [
      'matching ranges',
      '8000-8001:9000-9001',
      [
        { published: 8000, target: 9000, protocol: 'tcp' },
        { published: 8001, target: 9001, protocol: 'tcp' },
      ],
    ],
    [
      'a container range only',
      '7000-7001/udp',
      [
        { target: 7000, protocol: 'udp' },
        { target: 7001, protocol: 'udp' },
      ],
    ],
    [
      'a host range for one container port',
      '8000-8005:80',
      [{ published: { start: 8000, end: 8005 }, target: 80, protocol: 'tcp' }],
    ],
    [
      'long syntax',
      { target: 80, published: 8080 },
      [{ published: 8080, target: 80, protocol: 'tcp' }],
    ],
    [
      'long syntax with strings',
      { target: '80', published: '8080' },
      [{ published: 8080, target: 80, protocol: 'tcp' }],
    ],
    [
      'long syntax with address and protocol',
      { target: 53, published: '5353', host_ip: '127.0.0.1', protocol: 'udp', mode: 'host' },
      [{ hostIp: '127.0.0.1', published: 5353, target: 53, protocol: 'udp' }],
    ],
    [
      'long syntax with a published range',
      { target: 80, published: '8000-8010' },
      [{ published: { start: 8000, end: 8010 }, target: 80, protocol: 'tcp' }],
    ],
    ['long syntax without published', { target: 80 }, [{ target: 80, protocol: 'tcp' }]],
  ])('reads %s', (_label, entry, expected) => {
    expect(mappings(entry)).toEqual(expected);
  });

  it.each<[string, unknown, string]>([
    ['unresolved text where the host IP goes', 'set LAN_IP in .env:18222:80', 'invalid host IP'],
    ['a word as published port', 'web:80', 'invalid published port'],
    ['a word as container port', '8080:http', 'invalid container port'],
    ['a port above 65535', '70000:80', 'invalid published port'],
    ['an unknown protocol', '80:80/icmp', 'unknown protocol'],
    ['ranges of different lengths', '8000-8002:9000-9001', 'different lengths'],
    ['a reversed range', '8010-8000:80', 'invalid published port'],
    ['no container port', '8080:', 'no container port'],
    ['a bad host address', '300.1.1.1:80:80', 'invalid host IP'],
    ['long syntax without target', { published: 80 }, 'numeric target'],
    [
      'long syntax with a bad published port',
      { target: 80, published: 'x' },
      'invalid published port',
    ],
    ['a list', [80], 'a port must be'],
  ])('rejects %s', (_label, entry, message) => {
    const result = parsePortEntry(entry);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});
