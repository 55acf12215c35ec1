import type { HostSummary, StackCommand, StackSummary } from '../../../shared/contract';
import { STACK_COMMANDS } from '../../../shared/contract';
import type { Route } from '../router';
import { joinNames } from '../text';
import { COMMAND_EFFECTS, COMMAND_LABELS } from './commands';

/** The palette's headings, in the order the empty palette lists them. */
export const PALETTE_GROUPS = ['Go to', 'Stacks', 'Hosts', 'Actions'] as const;

export interface PaletteItem {
  readonly id: string;
  readonly group: (typeof PALETTE_GROUPS)[number];
  readonly label: string;
  readonly detail?: string;
  readonly run: () => void;
}

export interface PaletteSources {
  readonly stacks: readonly StackSummary[];
  readonly hosts: readonly HostSummary[];
  readonly go: (route: Route) => void;
  readonly reload: () => void;
  readonly run: (command: StackCommand, stacks: readonly string[]) => void;
  readonly showOutput: () => void;
}

export function paletteItems({
  stacks,
  hosts,
  go,
  reload,
  run,
  showOutput,
}: PaletteSources): PaletteItem[] {
  return [
    {
      id: 'go:dashboard',
      group: 'Go to',
      label: 'Dashboard',
      run: () => go({ page: 'dashboard' }),
    },
    { id: 'go:stacks', group: 'Go to', label: 'Stacks', run: () => go({ page: 'stacks' }) },
    { id: 'go:hosts', group: 'Go to', label: 'Hosts', run: () => go({ page: 'hosts' }) },
    ...stacks.map((stack): PaletteItem => ({
      id: `stack:${stack.name}`,
      group: 'Stacks',
      label: stack.name,
      detail: stack.configuredHosts.join(', '),
      run: () => go({ page: 'stack', name: stack.name }),
    })),
    ...hosts.map((host): PaletteItem => ({
      id: `host:${host.name}`,
      group: 'Hosts',
      label: host.name,
      detail: host.address,
      run: () => go({ page: 'host', name: host.name }),
    })),
    {
      id: 'action:reload',
      group: 'Actions',
      label: 'Reload the config and the state file',
      detail: 'Read compose-farm.yaml and the state file again',
      run: reload,
    },
    {
      id: 'action:apply',
      group: 'Actions',
      label: 'Preview apply',
      detail: 'Compare the hosts with the config, then choose what to run',
      run: () => go({ page: 'apply' }),
    },
    {
      id: 'action:output',
      group: 'Actions',
      label: 'Show the output of actions',
      detail: 'Ctrl+J',
      run: showOutput,
    },
    ...stacks.flatMap((stack) =>
      STACK_COMMANDS.map((command): PaletteItem => ({
        id: `run:${command}:${stack.name}`,
        group: 'Actions',
        label: commandLabel(command, stack),
        run: () => run(command, [stack.name]),
      })),
    ),
  ];
}

/** Builds the palette label of a command on a stack: "Restart web on h1: restart its containers". */
export function commandLabel(command: StackCommand, stack: StackSummary): string {
  const hosts = stack.configuredHosts;
  const where = hosts.length === 0 ? '' : ` on ${joinNames(hosts)}`;
  return `${COMMAND_LABELS[command]} ${stack.name}${where}: ${COMMAND_EFFECTS[command]}`;
}

/**
 * Entries that concern one stack (its commands, terminal commands and logs), by id prefix. The
 * empty palette leaves them out, because there are several per stack and typing finds them.
 */
const PER_STACK_ENTRY = /^(run|compose|logs):/;

/**
 * Returns the entries to show for `text`: with nothing typed, the pages, stacks, hosts and general
 * actions, grouped in `PALETTE_GROUPS` order. Otherwise every matching entry, best match first,
 * with each group's entries kept together so every heading shows once.
 */
export function visibleItems(items: readonly PaletteItem[], text: string): PaletteItem[] {
  if (text.trim() === '') {
    return PALETTE_GROUPS.flatMap((group) =>
      items.filter((item) => item.group === group && !PER_STACK_ENTRY.test(item.id)),
    );
  }
  return groupTogether(filterItems(items, text));
}

/** Orders groups by their first entry and keeps the order of the entries inside each group. */
export function groupTogether(items: readonly PaletteItem[]): PaletteItem[] {
  const groups = new Map<PaletteItem['group'], PaletteItem[]>();
  for (const item of items) {
    const members = groups.get(item.group);
    if (members === undefined) groups.set(item.group, [item]);
    else members.push(item);
  }
  return [...groups.values()].flat();
}

/**
 * Ranks items against what was typed: a label that starts with the text first, then one that
 * contains it, then one that contains its letters in order. Items that match none are left out.
 */
export function filterItems(items: readonly PaletteItem[], text: string): PaletteItem[] {
  const query = text.trim().toLowerCase();
  if (query === '') return [...items];
  const ranked: { item: PaletteItem; rank: number }[] = [];
  for (const item of items) {
    const label = item.label.toLowerCase();
    const haystack = `${label} ${item.detail?.toLowerCase() ?? ''}`;
    let rank: number | undefined;
    if (label.startsWith(query)) rank = 0;
    else if (haystack.includes(query)) rank = 1;
    else if (wordsMatch(query, haystack)) rank = 2;
    else if (isSubsequence(query, label)) rank = 3;
    if (rank !== undefined) ranked.push({ item, rank });
  }
  return ranked.sort((a, b) => a.rank - b.rank).map(({ item }) => item);
}

/**
 * True when every word of the query starts a word of the text, in any order: `web down` finds
 * `Down: web`, and `rest red` finds `Restart: redis`.
 */
export function wordsMatch(query: string, text: string): boolean {
  const words = text.split(/[^a-z0-9]+/).filter((word) => word !== '');
  const wanted = query.split(/[^a-z0-9]+/).filter((word) => word !== '');
  return wanted.length > 0 && wanted.every((part) => words.some((word) => word.startsWith(part)));
}

function isSubsequence(needle: string, haystack: string): boolean {
  let position = 0;
  for (const character of haystack) {
    if (character === needle[position]) position += 1;
    if (position === needle.length) return true;
  }
  return false;
}
