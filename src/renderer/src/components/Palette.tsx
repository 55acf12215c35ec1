import { useQueryClient } from '@tanstack/react-query';
import type { KeyboardEvent } from 'react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useActions } from '../api/actions';
import { useCall } from '../api/hooks';
import { navigate } from '../router';
import { useTerminals } from '../terminals/context';
import { terminalPaletteItems } from '../terminals/palette-entries';
import { useRunCommand } from './ConfirmDown';
import { paletteItems, visibleItems } from './palette-items';

/** Shows the command palette over stacks, hosts, pages and actions. */
export function Palette({ onClose }: { onClose: () => void }) {
  const stacks = useCall('stacks.list', {});
  const hosts = useCall('hosts.list', {});
  const queries = useQueryClient();
  const actions = useActions();
  const runCommand = useRunCommand();
  const terminals = useTerminals();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const listId = useId();

  const items = useMemo(
    () => [
      ...paletteItems({
        stacks: stacks.data?.stacks ?? [],
        hosts: hosts.data?.hosts ?? [],
        go: navigate,
        reload: () => void queries.invalidateQueries(),
        run: runCommand,
        showOutput: () => actions.openPanel(),
      }),
      ...terminalPaletteItems({
        stacks: stacks.data?.stacks ?? [],
        hosts: hosts.data?.hosts ?? [],
        go: navigate,
        openTerminal: (target) => void terminals.open(target),
        chooseTerminal: () => terminals.setChooserOpen(true),
      }),
    ],
    [stacks.data, hosts.data, queries, actions, runCommand, terminals],
  );
  const matches = useMemo(() => visibleItems(items, text), [items, text]);
  const activeIndex = Math.min(active, Math.max(matches.length - 1, 0));

  useEffect(() => {
    const previous = document.activeElement;
    input.current?.focus();
    return () => {
      if (previous instanceof HTMLElement) previous.focus();
    };
  }, []);

  useEffect(() => {
    list.current
      ?.querySelector(`[data-index="${activeIndex}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex]);

  const choose = (index: number) => {
    const item = matches[index];
    if (item === undefined) return;
    onClose();
    item.run();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const last = matches.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: activeIndex >= last ? 0 : activeIndex + 1,
      ArrowUp: activeIndex <= 0 ? last : activeIndex - 1,
      Home: 0,
      End: last,
    };
    if (event.key in moves) {
      event.preventDefault();
      setActive(Math.max(moves[event.key] ?? 0, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(activeIndex);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'Tab') {
      // Focus stays in the palette while it is open.
      event.preventDefault();
    }
  };

  let previousGroup = '';
  return (
    <div className="palette-backdrop" onMouseDown={onClose}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <input
          ref={input}
          className="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={matches.length > 0 ? `${listId}-${activeIndex}` : undefined}
          placeholder="Go to a stack, host or page, or run an action"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setActive(0);
          }}
        />
        <ul ref={list} id={listId} className="palette-list" role="listbox" aria-label="Results">
          {matches.length === 0 && <li className="palette-empty">Nothing matches “{text}”.</li>}
          {matches.map((item, index) => {
            const heading = item.group !== previousGroup ? item.group : undefined;
            previousGroup = item.group;
            return (
              <li key={item.id} role="presentation">
                {heading !== undefined && <div className="palette-group">{heading}</div>}
                <div
                  id={`${listId}-${index}`}
                  data-index={index}
                  role="option"
                  aria-selected={index === activeIndex}
                  className="palette-item"
                  onMouseMove={() => setActive(index)}
                  onClick={() => choose(index)}
                >
                  <span className="palette-label">{item.label}</span>
                  {item.detail !== undefined && item.detail !== '' && (
                    <span className="palette-detail">{item.detail}</span>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
        <div className="palette-footer">
          {text.trim() === '' && <span>Type a stack's name for its commands · </span>}
          <kbd>↑</kbd> <kbd>↓</kbd> to move · <kbd>Enter</kbd> to open · <kbd>Esc</kbd> to close
        </div>
      </div>
    </div>
  );
}
