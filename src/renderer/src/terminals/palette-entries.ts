import type {
  HostSummary,
  RawAction,
  StackSummary,
  TerminalTarget,
} from '../../../shared/contract';
import { RAW_ACTIONS } from '../../../shared/contract';
import { COMMAND_EFFECTS, COMMAND_LABELS } from '../components/commands';
import type { PaletteItem } from '../components/palette-items';
import type { Route } from '../router';
import { joinNames } from '../text';

/** The effect of each compose command run in a terminal, as the words after the label's colon. */
export const RAW_ACTION_EFFECTS: Readonly<Record<RawAction, string>> = {
  pull: COMMAND_EFFECTS.pull,
  up: 'start its containers',
  update: COMMAND_EFFECTS.update,
};

export interface TerminalPaletteSources {
  readonly stacks: readonly StackSummary[];
  readonly hosts: readonly HostSummary[];
  readonly go: (route: Route) => void;
  readonly openTerminal: (target: TerminalTarget) => void;
  /** Shows the form that opens any terminal, such as an exec with a chosen shell. */
  readonly chooseTerminal: () => void;
}

/** Palette entries for terminals (host shells, raw compose commands) and logs views. */
export function terminalPaletteItems(sources: TerminalPaletteSources): PaletteItem[] {
  const { stacks, hosts, go, openTerminal, chooseTerminal } = sources;
  const items: PaletteItem[] = hosts.map((host) => ({
    id: `shell:${host.name}`,
    group: 'Actions',
    label: `Open a shell on ${host.name}`,
    detail: host.address,
    run: () => openTerminal({ kind: 'shell', host: host.name }),
  }));
  items.push({
    id: 'terminal:choose',
    group: 'Actions',
    label: 'Open a terminal…',
    detail: 'Choose a shell on a host, a shell in a service, or a compose command',
    run: chooseTerminal,
  });
  for (const stack of stacks) {
    const multi = stack.configuredHosts.length > 1;
    for (const host of stack.configuredHosts) {
      for (const action of RAW_ACTIONS) {
        items.push({
          id: `compose:${action}:${stack.name}:${host}`,
          group: 'Actions',
          label: `${COMMAND_LABELS[action]} ${stack.name} on ${host} in a terminal: ${RAW_ACTION_EFFECTS[action]}`,
          run: () =>
            openTerminal({
              kind: 'compose',
              stack: stack.name,
              action,
              ...(multi ? { host } : {}),
            }),
        });
      }
    }
    items.push({
      id: `logs:${stack.name}`,
      group: 'Go to',
      label: `Logs of ${stack.name}`,
      detail: `Follow docker compose logs on ${joinNames(stack.configuredHosts)}`,
      run: () => go({ page: 'logs', stack: stack.name }),
    });
  }
  return items;
}
