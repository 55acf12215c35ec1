import { describe, expect, it } from 'vitest';

import { parseEnvFile } from '../../../src/main/core/compose/env-file';

function valueOf(
  text: string,
  name: string,
  environment: NodeJS.ProcessEnv = {},
): string | undefined {
  return parseEnvFile(text, { environment }).values.get(name);
}

describe('parseEnvFile', () => {
  it.each([
    ['a plain value', 'A=plain', 'plain'],
    ['an inline comment after a space', 'A=18080 # the web port', '18080'],
    ['a # without a space before it', 'A=abc#def', 'abc#def'],
    ['a # after a tab, which compose keeps', 'A=abc\t#def', 'abc\t#def'],
    ['trailing spaces', 'A=two words   ', 'two words'],
    ['spaces around =', 'A = spaced', 'spaced'],
    ['an empty value', 'A=', ''],
    ['an export prefix', 'export A=exported', 'exported'],
    ['a yaml-style colon', 'A: colon', 'colon'],
    ['a double-quoted value with # inside', 'A="hello # not a comment"', 'hello # not a comment'],
    ['a double-quoted value followed by a comment', 'A="18443" # comment', '18443'],
    ['a single-quoted value with $ signs', "A='admin:$apr1$Xy7$hash'", 'admin:$apr1$Xy7$hash'],
    ['a single-quoted value keeps backslashes', "A='a\\nb'", 'a\\nb'],
    ['a double-quoted newline escape', 'A="a\\nb"', 'a\nb'],
    ['a double-quoted tab escape', 'A="a\\tb"', 'a\tb'],
    ['a double-quoted escaped quote', 'A="say \\"hi\\""', 'say "hi"'],
    ['a double-quoted escaped backslash', 'A="C:\\\\path"', 'C:\\path'],
    ['a double-quoted escaped dollar', 'A="cost \\$5"', 'cost $5'],
    ['an unknown escape kept as written', 'A="a\\qb"', 'a\\qb'],
    ['an octal escape', 'A="\\0101"', 'A'],
    ['a short octal escape kept as written', 'A="\\01"', '\\01'],
    ['an escaped quote inside single quotes', "A='it\\'s'", "it's"],
    ['dollars before digits kept', 'A=$2y$05', '$2y$05'],
    ['quotes keep trailing spaces', 'A="padded  "', 'padded  '],
    ['a quote inside an unquoted value', "A=it's", "it's"],
    ['a double $ in an unquoted value', 'A=price$$5', 'price$5'],
    ['CRLF line ends', 'A=crlf-value\r\nB=end\r\n', 'crlf-value'],
    ['a byte order mark', '\uFEFFA=bom', 'bom'],
  ])('reads %s', (_label, text, expected) => {
    const result = parseEnvFile(text);
    expect(result.errors).toEqual([]);
    expect(result.values.get('A')).toBe(expected);
  });

  it('reads a double-quoted value spanning several lines and counts lines after it', () => {
    const result = parseEnvFile('A="first\nsecond"\nB=$UNSET\n');
    expect(result.values.get('A')).toBe('first\nsecond');
    expect(result.values.get('B')).toBe('');
    expect(result.warnings).toEqual([
      { line: 3, message: 'The "UNSET" variable is not set. Defaulting to a blank string.' },
    ]);
  });

  it('skips comment lines and blank lines', () => {
    const result = parseEnvFile('# heading\n\n   # indented comment\nA=1\n\n');
    expect([...result.values]).toEqual([['A', '1']]);
  });

  it('leaves no carriage return in values', () => {
    const result = parseEnvFile('A=one\r\nB="two"\r\nC=three\r\n');
    expect([...result.values.values()]).toEqual(['one', 'two', 'three']);
  });

  it('interpolates unquoted and double-quoted values against earlier variables', () => {
    const text = 'HOST=db\nURL=postgres://$HOST:5432\nQUOTED="${HOST}-x"\nLITERAL=\'${HOST}\'\n';
    const result = parseEnvFile(text);
    expect(result.values.get('URL')).toBe('postgres://db:5432');
    expect(result.values.get('QUOTED')).toBe('db-x');
    expect(result.values.get('LITERAL')).toBe('${HOST}');
  });

  it('lets the environment win over earlier lines when interpolating', () => {
    expect(valueOf('HOST=file\nURL=$HOST', 'URL', { HOST: 'shell' })).toBe('shell');
  });

  it('uses defaults in interpolated values', () => {
    expect(valueOf('A=${MISSING:-fallback}', 'A')).toBe('fallback');
  });

  it('warns about each unset variable of an unquoted value, with its line', () => {
    const result = parseEnvFile('# comment\nBASIC_AUTH_UNQUOTED=admin:$apr1$Xy7$hash\n');
    expect(result.values.get('BASIC_AUTH_UNQUOTED')).toBe('admin:');
    expect(result.warnings).toEqual(
      ['apr1', 'Xy7', 'hash'].map((name) => ({
        line: 2,
        message: `The "${name}" variable is not set. Defaulting to a blank string.`,
      })),
    );
  });

  it('copies a bare name from the environment, and skips it when unset', () => {
    const result = parseEnvFile('FROM_SHELL\nNOT_IN_SHELL\nB=1', {
      environment: { FROM_SHELL: 'yes' },
    });
    expect(result.values.get('FROM_SHELL')).toBe('yes');
    expect(result.values.has('NOT_IN_SHELL')).toBe(false);
    expect(result.values.get('B')).toBe('1');
  });

  it('lets a later line replace an earlier one', () => {
    expect(valueOf('A=1\nA=2', 'A')).toBe('2');
  });

  it('accepts dots and dashes in names', () => {
    expect(valueOf('my.var-name=x', 'my.var-name')).toBe('x');
  });

  it.each([
    ['an unterminated quote', 'A=1\nB="never closed\nC=3', 2, 'unterminated quoted value'],
    ['a space inside a name', 'MY VAR=1', 1, 'cannot contain a space'],
    ['an invalid character in a name', 'A$B=1', 1, 'unexpected character "$"'],
    ['a missing name', '=value', 1, 'name is missing'],
    [
      'a required variable',
      'A=${NEEDED:?set NEEDED}',
      1,
      'required variable NEEDED is missing a value',
    ],
    ['an unterminated expression', 'A=${NEVER_CLOSED', 1, 'invalid interpolation'],
  ])('reports %s with its line', (_label, text, line, message) => {
    const result = parseEnvFile(text);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.line).toBe(line);
    expect(result.errors[0]!.message).toContain(message);
  });

  it('keeps reading after a bad line', () => {
    const result = parseEnvFile('BAD NAME=1\nGOOD=2');
    expect(result.values.get('GOOD')).toBe('2');
  });
});
