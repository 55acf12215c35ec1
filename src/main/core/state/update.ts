import { readState, writeState } from './file';
import { withStateLock } from './lock';
import type { StateLockOptions } from './lock';
import type { DeployedState } from './types';

export interface StateUpdate {
  /** The state after the change, as now stored. */
  readonly state: DeployedState;
  /** False when the change left the file's content as it was, so nothing was written. */
  readonly wrote: boolean;
}

/**
 * Changes the state file under its lock: reads the current state, applies `change`, writes the
 * result. A malformed file throws before `change` runs and is left untouched.
 */
export async function updateState(
  file: string,
  change: (current: DeployedState) => DeployedState | Promise<DeployedState>,
  options: StateLockOptions = {},
): Promise<StateUpdate> {
  return withStateLock(
    file,
    async () => {
      const current = await readState(file);
      const state = await change(current);
      const wrote = await writeState(file, state);
      return { state, wrote };
    },
    options,
  );
}
