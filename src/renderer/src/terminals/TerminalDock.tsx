import '@xterm/xterm/css/xterm.css';
import '../styles/terminals.css';
import { useEffect, useRef, useState } from 'react';
import { Splitter, useSavedHeight } from '../components/Splitter';
import { ErrorBanner } from './ErrorBanner';
import { useTerminalState, useTerminals } from './context';
import type { TerminalTab } from './store';
import { FONT_SIZES, SCROLLBACK_CHOICES, describeExit, isMacPlatform } from './store';
import { TerminalChooser } from './TerminalChooser';

const HEIGHT_KEY = 'compose-farm:terminal-height';
const MIN_HEIGHT = 140;

/**
 * Shows the terminal area at the bottom of the window, with a closable tab per terminal and a
 * splitter to resize it. Its tools set the font size, search the output and copy it.
 */
export function TerminalDock() {
  const store = useTerminals();
  const state = useTerminalState();
  const size = useSavedHeight(HEIGHT_KEY, 340, MIN_HEIGHT);
  const [searchOpen, setSearchOpen] = useState(false);
  const active = state.tabs.find((tab) => tab.info.id === state.active);

  const fontIndex = FONT_SIZES.indexOf(state.fontSize as (typeof FONT_SIZES)[number]);
  const expanded = state.expanded;

  return (
    <section
      className={`dock${expanded ? ' dock-expanded' : ''}`}
      aria-label="Terminals"
      style={expanded ? { height: size.height } : undefined}
    >
      {expanded && <Splitter label="Resize the terminals" {...size} />}
      <div className="dock-bar">
        <button
          type="button"
          className="dock-toggle"
          aria-expanded={expanded}
          onClick={() => store.setExpanded(!expanded)}
        >
          Terminals{state.tabs.length > 0 ? ` (${state.tabs.length})` : ''}
        </button>
        <div className="dock-tabs" role="tablist" aria-label="Open terminals">
          {state.tabs.map((tab) => (
            <Tab key={tab.info.id} tab={tab} selected={tab.info.id === state.active} />
          ))}
          {state.opening.length > 0 && (
            <span className="dock-opening" role="status">
              <span className="spinner" aria-hidden="true" /> Connecting…
            </span>
          )}
        </div>
        <div className="dock-tools">
          <button
            type="button"
            className="button button-quiet"
            onClick={() => store.setChooserOpen(!state.chooserOpen)}
          >
            New terminal
          </button>
          {active !== undefined && expanded && (
            <>
              <button
                type="button"
                className="button button-quiet"
                aria-pressed={searchOpen}
                onClick={() => setSearchOpen((open) => !open)}
              >
                Search
              </button>
              <button
                type="button"
                className="button button-quiet"
                title="Copy the whole scrollback"
                onClick={() => void navigator.clipboard.writeText(store.text(active.info.id))}
              >
                Copy all
              </button>
              <select
                aria-label="Scrollback lines"
                value={state.scrollback}
                onChange={(event) => store.setScrollback(Number(event.target.value))}
              >
                {SCROLLBACK_CHOICES.map((lines) => (
                  <option key={lines} value={lines}>
                    {lines.toLocaleString('en')} lines
                  </option>
                ))}
              </select>
              <span className="font-size" role="group" aria-label="Font size">
                <button
                  type="button"
                  className="button button-quiet"
                  aria-label="Smaller text"
                  disabled={fontIndex <= 0}
                  onClick={() => store.setFontSize(FONT_SIZES[fontIndex - 1] ?? state.fontSize)}
                >
                  A−
                </button>
                <button
                  type="button"
                  className="button button-quiet"
                  aria-label="Larger text"
                  disabled={fontIndex >= FONT_SIZES.length - 1}
                  onClick={() => store.setFontSize(FONT_SIZES[fontIndex + 1] ?? state.fontSize)}
                >
                  A+
                </button>
              </span>
            </>
          )}
        </div>
      </div>
      {expanded && (
        <>
          {state.lastError !== undefined && (
            <ErrorBanner error={state.lastError} onDismiss={() => store.dismissError()} />
          )}
          {state.chooserOpen && <TerminalChooser />}
          {searchOpen && active !== undefined && (
            <SearchBar id={active.info.id} onClose={() => setSearchOpen(false)} />
          )}
          <div className="dock-body">
            {state.tabs.length === 0 && !state.chooserOpen && (
              <p className="dock-empty muted">
                No terminal is open. Open a shell on a host, a shell in a service, or a compose
                command from “New terminal”, a stack page or the palette (
                {isMacPlatform ? '⌘K' : 'Ctrl K'}).
              </p>
            )}
            {state.tabs.map((tab) => (
              <TerminalPane
                key={tab.info.id}
                id={tab.info.id}
                label={tab.info.label}
                active={tab.info.id === state.active}
                height={size.height}
                fontSize={state.fontSize}
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function Tab({ tab, selected }: { tab: TerminalTab; selected: boolean }) {
  const store = useTerminals();
  const { info, exit } = tab;
  const failedExit = exit !== undefined && exit.code !== 0;
  return (
    <span className={`dock-tab${selected ? ' dock-tab-selected' : ''}`}>
      <button
        type="button"
        role="tab"
        aria-selected={selected}
        title={`${info.command} on ${info.host}`}
        onClick={() => {
          store.activate(info.id);
          store.setExpanded(true);
        }}
      >
        {info.label}
        {exit !== undefined && (
          <span className={`badge badge-${failedExit ? 'danger' : 'muted'}`}>
            {exit.code !== null ? `exit ${exit.code}` : describeExit(exit)}
          </span>
        )}
      </button>
      <button
        type="button"
        className="dock-tab-close"
        aria-label={`Close ${info.label}`}
        onClick={() => store.close(info.id)}
      >
        ×
      </button>
    </span>
  );
}

function TerminalPane({
  id,
  label,
  active,
  height,
  fontSize,
}: {
  id: string;
  label: string;
  active: boolean;
  height: number;
  fontSize: number;
}) {
  const store = useTerminals();
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    store.attach(id, element);
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => store.fit(id));
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [store, id]);

  useEffect(() => {
    if (!active) return;
    store.fit(id);
    store.focus(id);
  }, [store, id, active, height, fontSize]);

  return (
    <div
      ref={container}
      className="terminal-pane"
      role="tabpanel"
      aria-label={label}
      hidden={!active}
      data-terminal-id={id}
    />
  );
}

function SearchBar({ id, onClose }: { id: string; onClose: () => void }) {
  const store = useTerminals();
  const [text, setText] = useState('');
  const [found, setFound] = useState(true);
  const find = (direction: 'next' | 'previous') => setFound(store.search(id, text, direction));
  // However the bar closes, or when it moves to another tab, its highlights go with it.
  useEffect(() => () => store.clearSearch(id), [store, id]);
  return (
    <div className="terminal-search" role="search">
      <input
        className="text-input"
        aria-label="Search the terminal"
        placeholder="Search the output"
        value={text}
        autoFocus
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') find(event.shiftKey ? 'previous' : 'next');
          if (event.key === 'Escape') onClose();
        }}
      />
      <button type="button" className="button button-quiet" onClick={() => find('previous')}>
        Previous
      </button>
      <button type="button" className="button button-quiet" onClick={() => find('next')}>
        Next
      </button>
      {!found && <span className="muted small">No match</span>}
    </div>
  );
}
