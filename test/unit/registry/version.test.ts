import { describe, expect, it } from 'vitest';

import { newerTags, parseTagVersion } from '../../../src/main/core/registry';

describe('newerTags', () => {
  it('compares numbers as numbers', () => {
    expect(newerTags('1.9', ['1.10', '1.8', '1.9', '2.0'])).toEqual(['2.0', '1.10']);
  });

  it('lists newer tags newest first', () => {
    expect(newerTags('1.0.0', ['0.9.0', '1.0.0', '1.1.0', '2.0.0'])).toEqual(['2.0.0', '1.1.0']);
    expect(newerTags('1.0', ['1.0', '1.1', '2.0'])).toEqual(['2.0', '1.1']);
    expect(newerTags('2.0', ['1.0', '1.1', '2.0'])).toEqual([]);
  });

  it('keeps suffix families together', () => {
    const tags = ['16-alpine', '17-alpine', '17', '17-bookworm', '18-alpine3.20', '15-alpine'];
    expect(newerTags('16-alpine', tags)).toEqual(['17-alpine']);
    expect(newerTags('16', tags)).toEqual(['17']);
    expect(
      newerTags('1.25-alpine3.19', ['1.25-alpine3.20', '1.26-alpine3.19', '1.24-alpine3.21']),
    ).toEqual(['1.26-alpine3.19', '1.25-alpine3.20']);
  });

  it('accepts a v prefix on either side', () => {
    expect(newerTags('v3.0', ['v3.1', '3.2', 'v2.9'])).toEqual(['3.2', 'v3.1']);
  });

  it('compares versions of the same precision only', () => {
    expect(newerTags('1.25.3', ['1', '2', '1.26', '1.25.4', '2.0.0'])).toEqual(['2.0.0', '1.25.4']);
  });

  it('finds nothing for tags without a version', () => {
    expect(newerTags('latest', ['1.0', '2.0'])).toEqual([]);
    expect(newerTags('alpine', ['3.19-alpine'])).toEqual([]);
    expect(parseTagVersion('stable')).toBeNull();
  });

  it('keeps pre-releases out of the stable family', () => {
    expect(newerTags('1.0.0', ['1.1.0-rc1', '1.0.1'])).toEqual(['1.0.1']);
    expect(newerTags('1.0.0-rc1', ['1.0.0-rc2', '1.0.0'])).toEqual(['1.0.0-rc2']);
  });
});
