export type { DeployedState, Deployment } from './types';
export { deploymentHosts } from './types';
export { StateFileError } from './errors';
export type { StateErrorCode } from './errors';
export { STATE_FILE_NAME, stateFilePath } from './path';
export { parseStateText, serializeState, sortedHosts } from './format';
export { readState, writeFileAtomically, writeState } from './file';
export { acquireStateLock, lockFilePath, withStateLock } from './lock';
export type { StateLock, StateLockOptions } from './lock';
export { updateState } from './update';
export type { StateUpdate } from './update';
export {
  addStackHost,
  getStackHost,
  orphanedStacks,
  removeStack,
  setMultiHostStack,
  setStackHost,
  stacksNeedingMigration,
  stacksNotInState,
} from './deployments';
