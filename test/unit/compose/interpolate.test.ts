import { describe, expect, it } from 'vitest';

import { interpolate, interpolateTree } from '../../../src/main/core/compose/interpolate';

const variables: Record<string, string> = { SET: 'value', EMPTY: '', PORT: '8080', NAME: 'app' };
const lookup = (name: string): string | undefined => variables[name];

describe('interpolate', () => {
  it.each([
    ['plain text', 'no variables', 'no variables'],
    ['unbraced', '$SET', 'value'],
    ['unbraced followed by punctuation', '$NAME-suffix', 'app-suffix'],
    ['unbraced stops at the first non-name character', '$NAME.example', 'app.example'],
    ['braced', '${SET}', 'value'],
    ['braced next to text', 'x${NAME}y', 'xappy'],
    [':- with a set value', '${SET:-d}', 'value'],
    [':- with an empty value', '${EMPTY:-d}', 'd'],
    [':- with an unset value', '${UNSET:-d}', 'd'],
    ['- with a set value', '${SET-d}', 'value'],
    ['- keeps an empty value', '${EMPTY-d}', ''],
    ['- with an unset value', '${UNSET-d}', 'd'],
    [':+ with a set value', '${SET:+alt}', 'alt'],
    [':+ with an empty value', '${EMPTY:+alt}', ''],
    [':+ with an unset value', '${UNSET:+alt}', ''],
    ['+ with an empty value', '${EMPTY+alt}', 'alt'],
    ['+ with an unset value', '${UNSET+alt}', ''],
    [':? with a set value', '${SET:?needed}', 'value'],
    ['? accepts an empty value', '${EMPTY?needed}', ''],
    ['an empty default', '${UNSET:-}', ''],
    ['a default holding a variable', '${UNSET:-${NAME}}', 'app'],
    ['a default two levels deep', '${UNSET:-${ALSO_UNSET:-${PORT}}}', '8080'],
    ['a default with text around a variable', '${UNSET:-/srv/${NAME}}/data', '/srv/app/data'],
    ['a default holding an unbraced variable', '${UNSET:-$NAME}', 'app'],
    ['several expressions in one string', '${NAME}:${PORT}', 'app:8080'],
    ['a default containing a colon', '${UNSET:-a:b}', 'a:b'],
    ['an escaped dollar', 'price: $$5', 'price: $5'],
    ['an escaped expression stays literal', '$${SET}', '${SET}'],
    ['an escaped dollar before a name', '$$SET', '$SET'],
    ['an escaped dollar inside a default', '${UNSET:-$$x}', '$x'],
    ['mixed case names', '${Mixed_Case:-mc}', 'mc'],
    ['a lone dollar at the end', 'cost$', 'cost$'],
    ['a dollar before a space', 'a $ b', 'a $ b'],
    ['a dollar before a dash', '$-x', '$-x'],
    ['dollars before digits, as in a bcrypt hash', '$2y$05$SET', '$2y$05value'],
  ])('%s: %s → %s', (_label, template, expected) => {
    const result = interpolate(template, lookup);
    expect(result.failures).toEqual([]);
    expect(result.value).toBe(expected);
  });

  it.each([
    ['$UNSET', ['UNSET']],
    ['${UNSET}', ['UNSET']],
    ['a${ONE}b$TWO', ['ONE', 'TWO']],
    ['${UNSET:-x}', []],
    ['${SET}', []],
  ])('reports unset variables read without a default in %s', (template, expected) => {
    const result = interpolate(template, lookup);
    expect(result.unsetVariables).toEqual(expected);
    expect(result.failures).toEqual([]);
  });

  it('turns an unset variable into an empty string', () => {
    expect(interpolate('a-${UNSET}-b', lookup).value).toBe('a--b');
  });

  it.each([
    [
      '${LAN_IP:?set LAN_IP in .env}',
      'required variable LAN_IP is missing a value: set LAN_IP in .env',
    ],
    [
      '${EMPTY:?must not be empty}',
      'required variable EMPTY is missing a value: must not be empty',
    ],
    ['${UNSET?}', 'required variable UNSET is missing a value'],
    ['${UNSET:?set ${NAME} first}', 'required variable UNSET is missing a value: set app first'],
  ])('fails a required variable in %s', (template, message) => {
    const result = interpolate(template, lookup);
    expect(result.failures).toEqual([
      { kind: 'required-variable', variable: expect.any(String), message },
    ]);
  });

  it('keeps the rest of a string after a failed required variable', () => {
    const result = interpolate('${LAN_IP:?missing}:18222:80', lookup);
    expect(result.value).toBe(':18222:80');
  });

  it.each([
    ['an unterminated expression', '${SET'],
    ['an unterminated nested default', '${UNSET:-${SET}'],
    ['a name starting with a digit', '${1abc}'],
    ['an empty expression', '${}'],
    ['an unknown operator', '${SET:=x}'],
    ['a space in the name', '${SE T}'],
  ])('rejects %s', (_label, template) => {
    const result = interpolate(template, lookup);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]!.kind).toBe('invalid-template');
    expect(result.failures[0]!.message).toContain('$$');
  });
});

describe('interpolateTree', () => {
  it('interpolates string values at any depth and leaves keys and other scalars alone', () => {
    const tree = {
      services: {
        web: {
          image: 'nginx:${TAG:-1.27}',
          ports: ['${PORT}:80', 9000],
          labels: { '${NAME}.enabled': '${SET}' },
          read_only: true,
          healthcheck: null,
        },
      },
    };
    const result = interpolateTree(tree, lookup);
    expect(result.value).toEqual({
      services: {
        web: {
          image: 'nginx:1.27',
          ports: ['8080:80', 9000],
          labels: { '${NAME}.enabled': 'value' },
          read_only: true,
          healthcheck: null,
        },
      },
    });
  });

  it('names where each unset variable and failure sits', () => {
    const tree = { services: { db: { image: '$MISSING', ports: ['${IP:?set IP}:5432:5432'] } } };
    const result = interpolateTree(tree, lookup);
    expect(result.unset).toEqual([{ path: 'services.db.image', variable: 'MISSING' }]);
    expect(result.failures).toMatchObject([
      { path: 'services.db.ports[0]', kind: 'required-variable', variable: 'IP' },
    ]);
  });
});
