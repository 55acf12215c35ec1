/**
 * Electron IPC channel names. Calls get one channel each, derived from the call name; events
 * share one channel because the renderer subscribes to all of them through one listener.
 */
export const CHANNEL_PREFIX = 'compose-farm:';

export function callChannel(callName: string): string {
  return `${CHANNEL_PREFIX}call:${callName}`;
}

export const CANCEL_CHANNEL = `${CHANNEL_PREFIX}cancel`;
export const EVENT_CHANNEL = `${CHANNEL_PREFIX}event`;
