import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import type {
  AppError,
  EventEnvelope,
  TerminalExit,
  TerminalInfo,
  TerminalTarget,
} from '../../../shared/contract';
import type { Client } from '../api/client';
import { toAppError } from '../api/client';
import { StreamReceiver } from '../../../shared/contract/stream-receiver';
import { OutputFeed } from './output-feed';
import { terminalTheme, watchTheme } from './theme';

export const FONT_SIZES = [10, 11, 12, 13, 14, 16, 18, 20] as const;
export const SCROLLBACK_CHOICES = [1000, 10_000, 50_000, 200_000] as const;
/** Pastes are cut into pieces the contract accepts. */
const WRITE_CHUNK = 16 * 1024;
/**
 * Once it highlights matches, the search addon searches the whole scrollback again 200 ms after
 * each write, which takes long in a large scrollback (0.7 s for 100,000 lines): a trickle of
 * output would stall the page again and again. Highlights that took longer than this to find
 * are dropped when output comes; searching again shows them.
 */
const LIVE_HIGHLIGHT_MS = 16;

export const isMacPlatform = /Mac|iPhone|iPad/.test(navigator.platform);

/** One terminal tab: what runs in it, whether it still runs, and its screen. */
export interface TerminalTab {
  readonly info: TerminalInfo;
  readonly exit: TerminalExit | undefined;
}

interface Session {
  info: TerminalInfo;
  exit: TerminalExit | undefined;
  readonly terminal: Terminal;
  readonly fit: FitAddon;
  readonly search: SearchAddon;
  readonly element: HTMLDivElement;
  readonly receiver: StreamReceiver;
  /** Hands output to the screen in pieces small enough to keep the page responsive. */
  readonly feed: OutputFeed;
  opened: boolean;
  /** How long the last search with highlights took, while its highlights are shown. */
  highlightMs: number | undefined;
  /** Every character written to the screen, for "Copy all" and tests of lost output. */
  received: number;
}

export interface StoreSnapshot {
  readonly tabs: readonly TerminalTab[];
  readonly active: string | undefined;
  readonly fontSize: number;
  readonly scrollback: number;
  /** Targets being opened, by a key, so that the dock shows them connecting. */
  readonly opening: readonly string[];
  readonly lastError: AppError | undefined;
  /** Whether the dock shows its screens, or only its tab bar. */
  readonly expanded: boolean;
  /** Whether the dock shows the form that opens a terminal. */
  readonly chooserOpen: boolean;
}

/**
 * Every terminal of this window: the xterm screens, the events from main routed to them, and
 * the tabs the dock shows. Screens live here rather than in components, so that switching
 * tabs or pages keeps their scrollback.
 */
export class TerminalStore {
  readonly #sessions = new Map<string, Session>();
  readonly #listeners = new Set<() => void>();
  #snapshot: StoreSnapshot = {
    tabs: [],
    active: undefined,
    fontSize: 13,
    scrollback: 10_000,
    opening: [],
    lastError: undefined,
    expanded: false,
    chooserOpen: false,
  };
  /** The size the last fitted screen had; a new terminal starts with it. */
  #size = { cols: 100, rows: 30 };
  readonly #stopEvents: () => void;
  readonly #stopConnection: () => void;
  readonly #stopTheme: () => void;

  constructor(private readonly client: Client) {
    this.#stopEvents = client.subscribe((event) => this.#onEvent(event));
    // cf serve closes a connection's terminals with it, so none of them outlives a drop.
    this.#stopConnection = client.watchConnection((state) => {
      if (state === 'reconnecting') this.#endAll(CONNECTION_LOST);
    });
    this.#stopTheme = watchTheme(() => {
      for (const session of this.#sessions.values())
        session.terminal.options.theme = terminalTheme();
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): StoreSnapshot => this.#snapshot;

  /** Opens a terminal for `target` and makes it the active tab. */
  async open(target: TerminalTarget): Promise<TerminalInfo | undefined> {
    const key = targetKey(target);
    this.#update({
      opening: [...this.#snapshot.opening, key],
      lastError: undefined,
      expanded: true,
      chooserOpen: false,
    });
    try {
      const info = await this.client.call('terminals.open', { target, ...this.#size });
      this.#add(info);
      return info;
    } catch (error) {
      this.#update({ lastError: toAppError(error) });
      return undefined;
    } finally {
      this.#update({ opening: this.#snapshot.opening.filter((item) => item !== key) });
    }
  }

  activate(id: string): void {
    if (this.#sessions.has(id)) this.#update({ active: id });
  }

  /** Ends the program and removes the tab. */
  close(id: string): void {
    const session = this.#sessions.get(id);
    if (session === undefined) return;
    this.#sessions.delete(id);
    session.receiver.close();
    session.feed.dispose();
    if (session.exit === undefined)
      void this.client.call('terminals.close', { id }).catch(() => {});
    session.terminal.dispose();
    session.element.remove();
    const tabs = this.#snapshot.tabs.filter((tab) => tab.info.id !== id);
    const active =
      this.#snapshot.active === id ? tabs[tabs.length - 1]?.info.id : this.#snapshot.active;
    this.#update({ tabs, active });
  }

  setExpanded(expanded: boolean): void {
    this.#update({ expanded });
  }

  /** Shows the form that opens a terminal, expanding the dock. */
  setChooserOpen(chooserOpen: boolean): void {
    this.#update({ chooserOpen, expanded: chooserOpen || this.#snapshot.expanded });
  }

  dismissError(): void {
    this.#update({ lastError: undefined });
  }

  /** Puts a terminal's screen into `container`; the first time, xterm draws it there. */
  attach(id: string, container: HTMLElement): void {
    const session = this.#sessions.get(id);
    if (session === undefined) return;
    if (session.element.parentElement !== container) container.appendChild(session.element);
    if (!session.opened) {
      session.opened = true;
      session.terminal.open(session.element);
    }
    this.fit(id);
  }

  /** Fits the screen to its container and sends the program its new size. */
  fit(id: string): void {
    const session = this.#sessions.get(id);
    if (session === undefined || !session.opened || session.element.offsetParent === null) return;
    const proposed = session.fit.proposeDimensions();
    if (proposed === undefined || proposed.cols < 2 || proposed.rows < 1) return;
    session.fit.fit();
    this.#size = { cols: session.terminal.cols, rows: session.terminal.rows };
  }

  focus(id: string): void {
    this.#sessions.get(id)?.terminal.focus();
  }

  setFontSize(fontSize: number): void {
    for (const session of this.#sessions.values()) session.terminal.options.fontSize = fontSize;
    this.#update({ fontSize });
    for (const id of this.#sessions.keys()) this.fit(id);
  }

  setScrollback(scrollback: number): void {
    for (const session of this.#sessions.values()) session.terminal.options.scrollback = scrollback;
    this.#update({ scrollback });
  }

  search(id: string, text: string, direction: 'next' | 'previous'): boolean {
    const session = this.#sessions.get(id);
    if (session === undefined || text === '') return false;
    const options = { caseSensitive: false, decorations: searchDecorations() };
    const started = performance.now();
    const found =
      direction === 'next'
        ? session.search.findNext(text, options)
        : session.search.findPrevious(text, options);
    session.highlightMs = performance.now() - started;
    return found;
  }

  /** Removes the search's highlights, which also stops the addon searching again. */
  clearSearch(id: string): void {
    const session = this.#sessions.get(id);
    if (session === undefined) return;
    session.search.clearDecorations();
    session.highlightMs = undefined;
  }

  /** Returns the whole scrollback and screen as plain text, without trailing blank lines. */
  text(id: string): string {
    const session = this.#sessions.get(id);
    if (session === undefined) return '';
    const buffer = session.terminal.buffer.active;
    const lines: string[] = [];
    for (let index = 0; index < buffer.length; index++) {
      const line = buffer.getLine(index);
      if (line === undefined) continue;
      const text = line.translateToString(true);
      if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n');
  }

  selection(id: string): string {
    return this.#sessions.get(id)?.terminal.getSelection() ?? '';
  }

  dispose(): void {
    this.#stopEvents();
    this.#stopConnection();
    this.#stopTheme();
    for (const id of [...this.#sessions.keys()]) this.close(id);
  }

  #add(info: TerminalInfo): void {
    const terminal = new Terminal({
      fontFamily: "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
      fontSize: this.#snapshot.fontSize,
      scrollback: this.#snapshot.scrollback,
      theme: terminalTheme(),
      cols: this.#size.cols,
      rows: this.#size.rows,
      cursorBlink: true,
      // The Unicode 11 width tables are a proposed API in xterm.js.
      allowProposedApi: true,
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    terminal.loadAddon(fit);
    terminal.loadAddon(search);
    terminal.loadAddon(new WebLinksAddon());
    terminal.loadAddon(new Unicode11Addon());
    terminal.unicode.activeVersion = '11';

    const element = document.createElement('div');
    element.className = 'terminal-screen';
    const id = info.id;
    const receiver = new StreamReceiver((chars) => {
      void this.client.call('terminals.ack', { id, chars }).catch(() => {});
    });
    const feed = new OutputFeed({
      write: (data, parsed) => terminal.write(data, parsed),
      drawn: (chars) => receiver.drawn(chars),
    });
    const session: Session = {
      info,
      exit: undefined,
      terminal,
      fit,
      search,
      element,
      receiver,
      feed,
      opened: false,
      highlightMs: undefined,
      received: 0,
    };
    this.#sessions.set(id, session);

    terminal.onData((data) => this.#write(id, data));
    terminal.onResize(({ cols, rows }) => {
      if (session.exit === undefined) {
        void this.client.call('terminals.resize', { id, cols, rows }).catch(() => {});
      }
    });
    terminal.attachCustomKeyEventHandler((event) => this.#onKey(session, event));

    this.#update({ tabs: [...this.#snapshot.tabs, { info, exit: undefined }], active: id });
  }

  #write(id: string, data: string): void {
    const session = this.#sessions.get(id);
    if (session === undefined || session.exit !== undefined) return;
    for (let start = 0; start < data.length; start += WRITE_CHUNK) {
      const piece = data.slice(start, start + WRITE_CHUNK);
      void this.client.call('terminals.write', { id, data: piece }).catch(() => {});
    }
  }

  /**
   * Keys the terminal leaves to the app, with the platform's modifier (Ctrl+Shift on Linux and
   * Windows, Cmd on macOS): C copies the selection, V pastes through the browser's paste event,
   * K opens the command palette and J the output panel (the app's own handlers catch them once
   * xterm lets them through), and Up leaves the terminal for its tab, so the keyboard is never
   * trapped in a shell that takes Tab and Escape for itself.
   */
  #onKey(session: Session, event: KeyboardEvent): boolean {
    if (event.type !== 'keydown') return true;
    const key = event.key.toLowerCase();
    const modifier = isMacPlatform
      ? event.metaKey && !event.ctrlKey
      : event.ctrlKey && event.shiftKey && !event.metaKey;
    if (!modifier) return true;
    if (key === 'c') {
      const selected = session.terminal.getSelection();
      if (selected !== '') void navigator.clipboard.writeText(selected).catch(() => {});
      event.preventDefault();
      return false;
    }
    if (key === 'v' || key === 'k' || key === 'j') return false;
    if (key === 'arrowup') {
      event.preventDefault();
      const tab = document.querySelector<HTMLElement>(
        '[role="tablist"][aria-label="Open terminals"] [role="tab"][aria-selected="true"]',
      );
      session.terminal.blur();
      tab?.focus();
      return false;
    }
    return true;
  }

  #onEvent({ event, payload }: EventEnvelope): void {
    if (event === 'terminals.data') {
      const { id, seq, data } = payload as { id: string; seq: number; data: string };
      const session = this.#sessions.get(id);
      if (session === undefined) return;
      const skipped = session.receiver.accept(seq);
      if (skipped > 0) {
        session.feed.note(`\r\n\x1b[31m[${skipped} output batches were lost]\x1b[0m\r\n`);
      }
      session.received += data.length;
      if (session.highlightMs !== undefined && session.highlightMs > LIVE_HIGHLIGHT_MS) {
        this.clearSearch(id);
      }
      session.feed.push(data);
    } else if (event === 'terminals.exit') {
      const exit = payload as TerminalExit;
      const session = this.#sessions.get(exit.id);
      if (session === undefined || session.exit !== undefined) return;
      session.receiver.accept(exit.seq);
      this.#ended(session, exit);
    }
  }

  /** Marks every running terminal as ended by `message`, as its program is gone. */
  #endAll(message: string): void {
    for (const session of this.#sessions.values()) {
      if (session.exit !== undefined) continue;
      this.#ended(session, { id: session.info.id, seq: 0, code: null, signal: null, message });
    }
  }

  #ended(session: Session, exit: TerminalExit): void {
    session.receiver.close();
    session.exit = exit;
    session.feed.note(`\r\n\x1b[2m[${describeExit(exit)}]\x1b[0m\r\n`);
    this.#update({
      tabs: this.#snapshot.tabs.map((tab) => (tab.info.id === exit.id ? { ...tab, exit } : tab)),
    });
  }

  #update(change: Partial<StoreSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...change };
    for (const listener of [...this.#listeners]) listener();
  }
}

const CONNECTION_LOST =
  'The connection to cf serve was lost, which ended this terminal. ' +
  'Open a new one once the page has reconnected.';

export function describeExit(exit: TerminalExit): string {
  if (exit.code !== null) return `exited with code ${exit.code}`;
  if (exit.signal !== null) return `ended by ${exit.signal}`;
  return exit.message ?? 'ended';
}

export function targetKey(target: TerminalTarget): string {
  switch (target.kind) {
    case 'shell':
      return `shell:${target.host}`;
    case 'exec':
      return `exec:${target.stack}:${target.service}:${target.host ?? ''}`;
    case 'compose':
      return `compose:${target.action}:${target.stack}:${target.host ?? ''}`;
  }
}

function searchDecorations() {
  return {
    matchOverviewRuler: '#f0b454',
    activeMatchColorOverviewRuler: '#2459d8',
    matchBackground: '#f0b45466',
    activeMatchBackground: '#6d9dfb99',
  };
}
