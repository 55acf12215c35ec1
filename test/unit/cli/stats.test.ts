import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/main/cli/commands/stats';

describe('formatBytes', () => {
  it.each([
    [500, '500 Bytes'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [100 * 1024 * 1024, '100.0 MiB'],
    [2 * 1024 ** 3, '2.0 GiB'],
  ])('formats %i as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
