import { dirname, join } from 'node:path';
import type { Config } from '../config/types';

export const STATE_FILE_NAME = 'compose-farm-state.yaml';

/** Returns the state file path: beside the resolved config file, where Compose Farm keeps it. */
export function stateFilePath(config: Pick<Config, 'path'>): string {
  return join(dirname(config.path), STATE_FILE_NAME);
}
