import { STACK_COMMANDS } from '../../../shared/contract';
import { COMMAND_HINTS, COMMAND_LABELS } from './commands';
import { useRunCommand } from './ConfirmDown';

/** A button per lifecycle command for the given stacks; Down needs confirmation. */
export function StackActions({
  stacks,
  disabled = false,
}: {
  stacks: readonly string[];
  disabled?: boolean;
}) {
  const run = useRunCommand();
  return (
    <div className="button-row" role="group" aria-label="Stack actions">
      {STACK_COMMANDS.map((command) => (
        <button
          key={command}
          type="button"
          className={command === 'up' ? 'button button-primary' : 'button'}
          title={COMMAND_HINTS[command]}
          disabled={disabled || stacks.length === 0}
          onClick={() => run(command, stacks)}
        >
          {COMMAND_LABELS[command]}
        </button>
      ))}
    </div>
  );
}
