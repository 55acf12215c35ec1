import { describe, expect, it } from 'vitest';
import type { PaletteItem } from '../../../src/renderer/src/components/palette-items';
import { filterItems, wordsMatch } from '../../../src/renderer/src/components/palette-items';

function item(label: string, detail?: string): PaletteItem {
  return {
    id: label,
    group: 'Actions',
    label,
    ...(detail === undefined ? {} : { detail }),
    run: () => {},
  };
}

describe('palette matching', () => {
  it.each([
    ['web down', 'down: web', true],
    ['rest red', 'restart: redis', true],
    ['redis rest', 'restart: redis', true],
    ['server', 'restart: plex-server', true],
    ['web up', 'down: web', false],
    ['', 'down: web', false],
  ])('%j against %j is %s', (query, text, expected) => {
    expect(wordsMatch(query, text)).toBe(expected);
  });

  it('finds an action whatever the word order', () => {
    const items = [item('Down: rv-cache'), item('Up: rv-cache'), item('Down: web')];
    expect(filterItems(items, 'rv-cache down').map((found) => found.label)).toEqual([
      'Down: rv-cache',
    ]);
  });

  it('ranks a prefix match first', () => {
    const items = [item('Restart: web'), item('Web page', 'stack web')];
    expect(filterItems(items, 'web').map((found) => found.label)).toEqual([
      'Web page',
      'Restart: web',
    ]);
  });
});
