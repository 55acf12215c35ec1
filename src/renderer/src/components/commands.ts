import type { StackCommand } from '../../../shared/contract';

export const COMMAND_LABELS: Readonly<Record<StackCommand, string>> = {
  up: 'Up',
  down: 'Down',
  restart: 'Restart',
  pull: 'Pull',
  update: 'Update',
};

/** Tooltips of the command buttons: the effect of each command on several stacks at once. */
export const COMMAND_HINTS: Readonly<Record<StackCommand, string>> = {
  up: 'Start where the config puts them, moving any that changed host',
  down: 'Stop and remove the containers',
  restart: 'Restart the containers',
  pull: 'Pull newer images',
  update: 'Pull and build images, then recreate what changed',
};

/** The effect of each command on one stack, as the words after "Update web on h1: ". */
export const COMMAND_EFFECTS: Readonly<Record<StackCommand, string>> = {
  up: 'start its containers where the config puts it',
  down: 'stop and remove its containers',
  restart: 'restart its containers',
  pull: 'pull its images, restarting nothing',
  update: 'pull and build its images, then recreate the containers that changed',
};
