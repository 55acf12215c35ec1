import { STACK_COMMANDS } from '../../../shared/contract';
import { COMMAND_HINTS, COMMAND_LABELS } from './commands';
import { useRunCommand } from './ConfirmDown';

/**
 * A button per lifecycle command for the given stacks, where Down requires a confirmation. With no
 * stacks every button is disabled, and `emptyHint` (shown next to them by the caller, with id
 * `hintId`) says why.
 */
export function StackActions({
  stacks,
  disabled = false,
  emptyHint,
  hintId,
}: {
  stacks: readonly string[];
  disabled?: boolean;
  emptyHint?: string;
  hintId?: string;
}) {
  const run = useRunCommand();
  const empty = stacks.length === 0;
  return (
    <div
      className="button-row"
      role="group"
      aria-label="Stack actions"
      aria-describedby={empty ? hintId : undefined}
    >
      {STACK_COMMANDS.map((command) => (
        <button
          key={command}
          type="button"
          className={command === 'up' ? 'button button-primary' : 'button'}
          title={empty && emptyHint !== undefined ? emptyHint : COMMAND_HINTS[command]}
          disabled={disabled || empty}
          onClick={() => run(command, stacks)}
        >
          {COMMAND_LABELS[command]}
        </button>
      ))}
    </div>
  );
}
