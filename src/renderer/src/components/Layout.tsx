import type { ReactNode } from 'react';
import type { Route } from '../router';
import { useActions } from '../api/actions';
import { routeHref } from '../router';
import { ActionPanel } from './ActionPanel';
import { TerminalDock } from '../terminals/TerminalDock';

const SECTIONS = [
  { route: { page: 'dashboard' }, label: 'Dashboard', matches: ['dashboard'] },
  { route: { page: 'stacks' }, label: 'Stacks', matches: ['stacks', 'stack', 'logs'] },
  { route: { page: 'hosts' }, label: 'Hosts', matches: ['hosts', 'host'] },
  { route: { page: 'apply' }, label: 'Apply', matches: ['apply'] },
] as const satisfies readonly { route: Route; label: string; matches: readonly Route['page'][] }[];

/** Shortens a path to its file and folder. The full path is in the tooltip. */
function shortPath(path: string): string {
  const parts = path.split(/[/\\]/);
  return parts.length <= 3 ? path : `…/${parts.slice(-2).join('/')}`;
}

export const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

export function Layout({
  route,
  configPath,
  onOpenPalette,
  children,
}: {
  route: Route;
  configPath: string;
  onOpenPalette: () => void;
  children: ReactNode;
}) {
  const actions = useActions();
  const running = actions.actions.filter((action) => action.summary.status === 'running').length;
  return (
    <div className="app">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Compose Farm
        </div>
        <nav aria-label="Main">
          <ul className="nav">
            {SECTIONS.map((section) => {
              const current = (section.matches as readonly string[]).includes(route.page);
              return (
                <li key={section.label}>
                  <a
                    className="nav-link"
                    href={routeHref(section.route)}
                    aria-current={current ? 'page' : undefined}
                  >
                    {section.label}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="sidebar-footer" title={configPath}>
          <span className="muted">Config</span>
          <span className="path">{shortPath(configPath)}</span>
        </div>
      </aside>
      <div className="main">
        <header className="topbar">
          <button type="button" className="search-button" onClick={onOpenPalette}>
            <span>Search stacks, hosts and actions…</span>
            <kbd>{isMac ? '⌘K' : 'Ctrl K'}</kbd>
          </button>
          <button
            type="button"
            className="button button-quiet"
            aria-expanded={actions.panelOpen}
            onClick={actions.togglePanel}
            title="Show or hide the output of actions (Ctrl+J)"
          >
            Output{running > 0 ? ` (${running} running)` : ''}
          </button>
        </header>
        <main id="content" className="content" tabIndex={-1}>
          {children}
        </main>
        <ActionPanel />
        <TerminalDock />
      </div>
    </div>
  );
}
