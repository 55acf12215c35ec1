import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { StateFileError } from '../../../src/main/core/state/errors';
import { parseStateText, serializeState } from '../../../src/main/core/state/format';
import type { DeployedState } from '../../../src/main/core/state/types';

const FILE = '/srv/compose/compose-farm-state.yaml';

function malformed(text: string): StateFileError {
  try {
    parseStateText(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(StateFileError);
    return error as StateFileError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('serializeState', () => {
  it('sorts stacks and host lists', () => {
    const state: DeployedState = new Map<string, string | string[]>([
      ['coredns', 'primary'],
      ['autokuma', ['primary', 'local']],
      ['adguard', 'nas'],
    ]);
    expect(serializeState(state)).toBe(
      [
        'deployed:',
        '  adguard: nas',
        '  autokuma:',
        '  - local',
        '  - primary',
        '  coredns: primary',
        '',
      ].join('\n'),
    );
  });

  it('sorts as text, so "10" comes before "9", and drops repeated hosts', () => {
    const state: DeployedState = new Map<string, string | string[]>([
      ['9', 'h1'],
      ['10', ['h2', 'h1', 'h2']],
    ]);
    expect(serializeState(state)).toBe("deployed:\n  '10':\n  - h1\n  - h2\n  '9': h1\n");
  });

  it('writes an empty state as an empty mapping', () => {
    expect(serializeState(new Map())).toBe('deployed: {}\n');
  });

  it('quotes names a YAML 1.1 reader would take for booleans, numbers or null', () => {
    const state: DeployedState = new Map([
      ['yes', 'on'],
      ['2048', 'null'],
      ['web', '~'],
    ]);
    const text = serializeState(state);
    expect(text).toBe("deployed:\n  '2048': 'null'\n  web: '~'\n  'yes': 'on'\n");
    // Read back with a 1.1 parser, as PyYAML would, every name is still text.
    expect(parse(text, { version: '1.1' })).toEqual({
      deployed: { '2048': 'null', web: '~', yes: 'on' },
    });
  });
});

describe('parseStateText', () => {
  it('reads single hosts and lists, sorting each list', () => {
    const state = parseStateText('deployed:\n  web: h1\n  app: [h3, h2]\n', FILE);
    expect([...state]).toEqual([
      ['web', 'h1'],
      ['app', ['h2', 'h3']],
    ]);
  });

  it.each([
    ['an empty file', ''],
    ['only a comment', '# nothing yet\n'],
    ['no deployed key', 'other: 1\n'],
    ['an empty deployed key', 'deployed:\n'],
    ['an empty mapping', 'deployed: {}\n'],
  ])('treats %s as nothing deployed', (_, text) => {
    expect(parseStateText(text, FILE).size).toBe(0);
  });

  it('drops a stack whose host list is empty', () => {
    expect([...parseStateText('deployed:\n  web: []\n  app: h1\n', FILE)]).toEqual([['app', 'h1']]);
  });

  it('reads an unquoted numeric stack name as text', () => {
    expect([...parseStateText('deployed:\n  2048: h1\n', FILE)]).toEqual([['2048', 'h1']]);
  });

  it('round-trips what it writes', () => {
    const state: DeployedState = new Map<string, string | string[]>([
      ['app', ['h2', 'h3']],
      ['no', 'off'],
      ['web', 'h1'],
    ]);
    expect(parseStateText(serializeState(state), FILE)).toEqual(state);
  });

  it.each([
    ['a list at the top level', '- web\n', 'top level', 1, 1],
    ['deployed holding a list', 'deployed:\n  - web\n', '`deployed:`', 2, 3],
    ['a stack mapped to a number', 'deployed:\n  web: 3\n', 'stack "web"', 2, 8],
    ['a stack mapped to a mapping', 'deployed:\n  web: {h: 1}\n', 'stack "web"', 2, 8],
    ['a list holding a mapping', 'deployed:\n  web:\n  - {h: 1}\n', 'stack "web"', 3, 5],
    ['a boolean stack name', 'deployed:\n  yes: h1\n', 'stack name', 2, 3],
    ['a YAML syntax error', 'deployed:\n  web: [h1\n', '', 3, 1],
    ['a repeated stack', 'deployed:\n  web: h1\n  web: h2\n', '', 3, 3],
  ])('rejects %s, naming the file and the line', (_, text, words, line, column) => {
    const error = malformed(text);
    expect(error.code).toBe('malformed');
    expect(error.file).toBe(FILE);
    expect(error.message).toContain(`State file ${FILE} is malformed`);
    expect(error.message).toContain(words);
    expect(error.message).toContain(`(line ${line}, column ${column})`);
    expect(error.hint).toContain('left unchanged');
  });
});
