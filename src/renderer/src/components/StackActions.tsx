import type { StackCommand } from '../../../shared/contract';
import { STACK_COMMANDS } from '../../../shared/contract';
import { useRunCommand } from './ConfirmDown';

export const COMMAND_LABELS: Readonly<Record<StackCommand, string>> = {
  up: 'Up',
  down: 'Down',
  restart: 'Restart',
  pull: 'Pull',
  update: 'Update',
};

export const COMMAND_HINTS: Readonly<Record<StackCommand, string>> = {
  up: 'Start where the config puts them, moving any that changed host',
  down: 'Stop and remove the containers',
  restart: 'Restart the containers',
  pull: 'Pull newer images',
  update: 'Pull and build images, then recreate what changed',
};

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
