import type { ReactNode } from 'react';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { StackCommand, StackSummary } from '../../../shared/contract';
import { useActions } from '../api/actions';
import { useCall } from '../api/hooks';

type RunCommand = (command: StackCommand, stacks: readonly string[]) => void;

const RunContext = createContext<RunCommand | null>(null);

/**
 * Provides `useRunCommand`, which runs a stack command and requests confirmation before Down,
 * because Down stops and removes containers and the app cannot undo it.
 */
export function RunCommandProvider({ children }: { children: ReactNode }) {
  const actions = useActions();
  const [pending, setPending] = useState<readonly string[] | null>(null);
  const run = useCallback<RunCommand>(
    (command, stacks) => {
      if (command === 'down') setPending([...stacks]);
      else void actions.run(command, stacks);
    },
    [actions],
  );
  return (
    <RunContext.Provider value={run}>
      {children}
      {pending !== null && (
        <ConfirmDown
          stacks={pending}
          onConfirm={() => {
            setPending(null);
            void actions.run('down', pending);
          }}
          onCancel={() => setPending(null)}
        />
      )}
    </RunContext.Provider>
  );
}

export function useRunCommand(): RunCommand {
  const run = useContext(RunContext);
  if (run === null) throw new Error('useRunCommand needs a RunCommandProvider above it');
  return run;
}

/** Returns the hosts that Down stops each stack on, as main chooses them. */
export function downHosts(stacks: readonly StackSummary[], names: readonly string[]) {
  return names.map((name) => {
    const stack = stacks.find((entry) => entry.name === name);
    if (stack === undefined) return { stack: name, hosts: [] };
    // A single-host stack is also stopped where the state file records it.
    const extra = stack.configuredHosts.length > 1 ? [] : stack.deployedHosts;
    return { stack: name, hosts: [...new Set([...stack.configuredHosts, ...extra])] };
  });
}

function ConfirmDown({
  stacks,
  onConfirm,
  onCancel,
}: {
  stacks: readonly string[];
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const list = useCall('stacks.list', {});
  const targets = useMemo(() => downHosts(list.data?.stacks ?? [], stacks), [list.data, stacks]);
  const openedAt = useRef(performance.now());
  const confirmButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  // Focus starts on Cancel, so an Enter pressed out of habit keeps the containers.
  useEffect(() => {
    const previous = document.activeElement;
    cancelButton.current?.focus();
    return () => {
      if (previous instanceof HTMLElement) previous.focus();
    };
  }, []);

  useEffect(() => {
    const buttons = () => [confirmButton.current, cancelButton.current];
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        onCancel();
        return;
      }
      if (event.key === 'Enter') {
        // Enter activates the focused button here rather than by the browser's default, because
        // the Enter that chose Down in the palette must not also press the button it focused.
        event.preventDefault();
        event.stopPropagation();
        if (event.timeStamp <= openedAt.current || event.repeat) return;
        if (event.altKey || event.ctrlKey || event.metaKey) return;
        if (document.activeElement === confirmButton.current) onConfirm();
        else onCancel();
        return;
      }
      const moves = ['Tab', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'];
      if (moves.includes(event.key)) {
        // Focus stays on the two buttons while the dialog is open.
        event.preventDefault();
        event.stopPropagation();
        const [confirm, cancel] = buttons();
        const next = document.activeElement === confirm ? cancel : confirm;
        next?.focus();
      }
    };
    // The palette's Enter may still send a keypress, which would click the focused button.
    const onKeyPress = (event: KeyboardEvent) => {
      if (event.key === 'Enter') event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('keypress', onKeyPress, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('keypress', onKeyPress, true);
    };
  }, [onConfirm, onCancel]);

  const count = stacks.length === 1 ? '1 stack' : `${stacks.length} stacks`;
  return (
    <div className="palette-backdrop" onClick={onCancel}>
      <div
        className="palette confirm confirm-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-label="Confirm down"
        onClick={(event) => event.stopPropagation()}
      >
        <p>Stop and remove the containers of {count}?</p>
        <ul className="plain-list" aria-label="Stacks to stop">
          {targets.map((target) => (
            <li key={target.stack}>
              <strong>{target.stack}</strong> on{' '}
              {target.hosts.length > 0 ? target.hosts.join(', ') : 'the hosts it is deployed on'}
            </li>
          ))}
        </ul>
        <div className="button-row">
          <button
            ref={confirmButton}
            type="button"
            className="button button-danger"
            onClick={onConfirm}
          >
            Down
          </button>
          <button
            ref={cancelButton}
            type="button"
            className="button button-primary"
            onClick={onCancel}
          >
            Cancel
          </button>
        </div>
        <p className="muted small confirm-keys">
          <kbd>Esc</kbd> cancels. To stop the stacks, move to Down with <kbd>Shift</kbd>+
          <kbd>Tab</kbd> or <kbd>←</kbd> and press <kbd>Enter</kbd>.
        </p>
      </div>
    </div>
  );
}
