import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

import { PID_MARKER_PROLOGUE, PidMarkerFilter } from '../../../src/main/core/ssh/pid-marker';

function filter(chunks: string[]): { pid: number | undefined; text: string } {
  let text = '';
  const marker = new PidMarkerFilter((chunk) => (text += chunk.toString('latin1')));
  for (const chunk of chunks) marker.push(Buffer.from(chunk, 'latin1'));
  marker.end();
  return { pid: marker.pid, text };
}

describe('PidMarkerFilter', () => {
  it('takes the pid the prologue prints and removes its line', () => {
    const run = spawnSync('sh', ['-c', `${PID_MARKER_PROLOGUE}echo "$$" >&2`], {
      encoding: 'latin1',
    });
    const filtered = filter([run.stderr]);
    expect(filtered.pid).toBeGreaterThan(0);
    expect(filtered.text).toBe(`${filtered.pid}\n`);
  });

  it('finds a marker split across chunks and keeps what surrounds it', () => {
    expect(filter(['motd\n\x1ecf-p', 'id:42', '\x1e\nerror: x\n'])).toEqual({
      pid: 42,
      text: 'motd\nerror: x\n',
    });
  });

  it('passes stray record separators through', () => {
    expect(filter(['a\x1eb\n', '\x1ecf-pid:7\x1e\n', 'c\x1e'])).toEqual({
      pid: 7,
      text: 'a\x1eb\nc\x1e',
    });
  });

  it('passes everything on when no marker comes', () => {
    expect(filter(['plain ', 'stderr\n'])).toEqual({ pid: undefined, text: 'plain stderr\n' });
  });
});
