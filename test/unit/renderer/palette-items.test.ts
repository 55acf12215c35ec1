import { describe, expect, it } from 'vitest';
import type { HostSummary, StackSummary } from '../../../src/shared/contract';
import type { PaletteItem } from '../../../src/renderer/src/components/palette-items';
import {
  commandLabel,
  filterItems,
  groupTogether,
  paletteItems,
  visibleItems,
  wordsMatch,
} from '../../../src/renderer/src/components/palette-items';
import { terminalPaletteItems } from '../../../src/renderer/src/terminals/palette-entries';

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

describe('palette wording', () => {
  const web: StackSummary = {
    name: 'web',
    form: 'list',
    configuredHosts: ['h1', 'h2'],
    deployedHosts: ['h1'],
    placement: 'deployed',
  };
  const host: HostSummary = {
    name: 'h1',
    address: '192.168.1.10',
    user: null,
    port: null,
    configuredStacks: ['web'],
    deployedStacks: ['web'],
  };
  const noop = () => {};
  const labels = new Map(
    [
      ...paletteItems({
        stacks: [web],
        hosts: [host],
        go: noop,
        reload: noop,
        run: noop,
        showOutput: noop,
      }),
      ...terminalPaletteItems({
        stacks: [web],
        hosts: [host],
        go: noop,
        openTerminal: noop,
        chooseTerminal: noop,
      }),
    ].map((entry) => [entry.id, entry.label]),
  );

  it.each([
    ['run:up:web', 'Up web on h1 and h2: start its containers where the config puts it'],
    ['run:down:web', 'Down web on h1 and h2: stop and remove its containers'],
    ['run:restart:web', 'Restart web on h1 and h2: restart its containers'],
    ['run:pull:web', 'Pull web on h1 and h2: pull its images, restarting nothing'],
    [
      'run:update:web',
      'Update web on h1 and h2: pull and build its images, then recreate the containers that changed',
    ],
    ['compose:pull:web:h2', 'Pull web on h2 in a terminal: pull its images, restarting nothing'],
    ['compose:up:web:h1', 'Up web on h1 in a terminal: start its containers'],
    [
      'compose:update:web:h1',
      'Update web on h1 in a terminal: pull and build its images, then recreate the containers that changed',
    ],
    ['shell:h1', 'Open a shell on h1'],
    ['terminal:choose', 'Open a terminal…'],
    ['logs:web', 'Logs of web'],
    ['action:reload', 'Reload the config and the state file'],
    ['action:output', 'Show the output of actions'],
  ])('%s says what it does', (id, label) => {
    expect(labels.get(id)).toBe(label);
  });

  it('leaves the hosts out for a stack without any', () => {
    expect(commandLabel('restart', { ...web, configuredHosts: [] })).toBe(
      'Restart web: restart its containers',
    );
  });
});

describe('palette grouping', () => {
  const stacks: StackSummary[] = ['web', 'db', 'media'].map((name) => ({
    name,
    form: 'single',
    configuredHosts: ['h1'],
    deployedHosts: [],
    placement: 'not-deployed',
  }));
  const hosts: HostSummary[] = ['h1', 'h2'].map((name) => ({
    name,
    address: `10.0.0.${name.slice(1)}`,
    user: null,
    port: null,
    configuredStacks: [],
    deployedStacks: [],
  }));
  const all = [
    ...paletteItems({
      stacks,
      hosts,
      go: () => {},
      reload: () => {},
      run: () => {},
      showOutput: () => {},
    }),
    ...terminalPaletteItems({
      stacks,
      hosts,
      go: () => {},
      openTerminal: () => {},
      chooseTerminal: () => {},
    }),
  ];
  const headings = (items: readonly PaletteItem[]) =>
    items.map((entry) => entry.group).filter((group, index, list) => list[index - 1] !== group);

  it('shows each heading once when empty', () => {
    const shown = visibleItems(all, '');
    expect(headings(shown)).toEqual(['Go to', 'Stacks', 'Hosts', 'Actions']);
    expect(shown.length).toBeLessThan(all.length / 2);
    expect(shown.map((entry) => entry.label)).toContain('Open a shell on h2');
    expect(shown.some((entry) => entry.id.startsWith('run:'))).toBe(false);
  });

  it('finds every entry by its label', () => {
    for (const entry of all) {
      expect(visibleItems(all, entry.label).map((found) => found.id)).toContain(entry.id);
    }
  });

  it('keeps each group together in results', () => {
    const shown = visibleItems(all, 'web');
    expect(new Set(headings(shown)).size).toBe(headings(shown).length);
    expect(shown[0]?.label).toBe('web');
  });
});

describe('groupTogether', () => {
  it('orders groups by their first entry', () => {
    const entries = [
      { ...item('a'), group: 'Stacks' as const },
      { ...item('b'), group: 'Go to' as const },
      { ...item('c'), group: 'Stacks' as const },
    ];
    expect(groupTogether(entries).map((entry) => entry.label)).toEqual(['a', 'c', 'b']);
  });
});
