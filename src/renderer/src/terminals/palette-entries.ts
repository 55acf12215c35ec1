import type { HostSummary, StackSummary, TerminalTarget } from '../../../shared/contract';
import { RAW_ACTIONS } from '../../../shared/contract';
import type { PaletteItem } from '../components/palette-items';
import type { Route } from '../router';

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
    label: `Shell on ${host.name}`,
    detail: `A terminal on ${host.address}`,
    run: () => openTerminal({ kind: 'shell', host: host.name }),
  }));
  items.push({
    id: 'terminal:choose',
    group: 'Actions',
    label: 'New terminal…',
    detail: 'A shell in a service with a chosen shell, or a compose command',
    run: chooseTerminal,
  });
  for (const stack of stacks) {
    const multi = stack.configuredHosts.length > 1;
    for (const host of stack.configuredHosts) {
      for (const action of RAW_ACTIONS) {
        items.push({
          id: `compose:${action}:${stack.name}:${host}`,
          group: 'Actions',
          label: `${action} ${stack.name}${multi ? ` on ${host}` : ''} in a terminal`,
          detail: `docker compose ${action}, with its progress bars`,
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
      detail: stack.configuredHosts.join(', '),
      run: () => go({ page: 'logs', stack: stack.name }),
    });
  }
  return items;
}
