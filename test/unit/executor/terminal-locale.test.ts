import { describe, expect, it } from 'vitest';

import { terminalLocale } from '../../../src/main/core/ssh/terminal-locale';

describe('terminalLocale', () => {
  it('forwards UTF-8 LANG and LC_* only', () => {
    expect(
      terminalLocale({
        LANG: 'de_DE.UTF-8',
        LC_TIME: 'en_GB.UTF-8',
        LC_MESSAGES: 'C',
        PATH: '/usr/bin',
        LANGUAGE: 'de',
      }),
    ).toEqual({ LANG: 'de_DE.UTF-8', LC_TIME: 'en_GB.UTF-8', LC_MESSAGES: 'C' });
  });

  it('accepts utf8 and modifiers', () => {
    expect(terminalLocale({ LANG: 'en_US.utf8' })).toEqual({ LANG: 'en_US.utf8' });
    expect(terminalLocale({ LANG: 'sr_RS.UTF-8@latin' })).toEqual({ LANG: 'sr_RS.UTF-8@latin' });
  });

  it('requests C.UTF-8 without a locale', () => {
    expect(terminalLocale({ PATH: '/usr/bin' })).toEqual({ LANG: 'C.UTF-8' });
    expect(terminalLocale({ LANG: '' })).toEqual({ LANG: 'C.UTF-8' });
  });

  it('replaces a non-UTF-8 locale', () => {
    expect(terminalLocale({ LANG: 'C', LC_TIME: 'de_DE.UTF-8' })).toEqual({
      LANG: 'C.UTF-8',
      LC_TIME: 'de_DE.UTF-8',
    });
    expect(terminalLocale({ LANG: 'en_US.ISO-8859-1' })).toEqual({ LANG: 'C.UTF-8' });
  });

  it('ranks LC_ALL, LC_CTYPE, then LANG', () => {
    expect(terminalLocale({ LANG: 'C', LC_ALL: 'fr_FR.UTF-8' })).toEqual({
      LANG: 'C',
      LC_ALL: 'fr_FR.UTF-8',
    });
    // A C character type under a UTF-8 LANG goes, and the LANG stays.
    expect(terminalLocale({ LANG: 'fr_FR.UTF-8', LC_CTYPE: 'C' })).toEqual({
      LANG: 'fr_FR.UTF-8',
    });
    expect(terminalLocale({ LANG: 'fr_FR.UTF-8', LC_ALL: 'POSIX' })).toEqual({
      LANG: 'fr_FR.UTF-8',
    });
  });
});
