export type * from './types';
export type { AllExecutorOptions, ExecutorEdges } from './executors';
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_KEEPALIVE_INTERVAL_MS,
  DEFAULT_MAX_CHANNELS,
  createExecutors,
  createHostExecutor,
} from './executors';
export { formatExecError } from './errors';
export { isLocalAddress } from './local-address';
export type { PtyProcess, PtySpawner } from './local';
export type { OutputValveControl } from './output';
export { LineDecoder, createOutputValve, createTextDecoder } from './output';
export { displayCommand, quoteShellArg, remoteCommandLine } from './shell-quote';
export { terminalText } from './terminal-text';
