import type {
  HostKeyState,
  LiveStatus,
  PreflightProblemView,
  StackIssue,
} from '../../../shared/contract';

/** Host key states in words, as the host page shows them. */
export const HOST_KEY_LABELS: Readonly<Record<HostKeyState, string>> = {
  trusted: 'Trusted (listed in known_hosts)',
  'accepted-new': 'Accepted just now (added to known_hosts)',
  unknown: 'Unknown: compare the fingerprint, then trust it',
  changed: 'Changed! The connection was refused',
  revoked: 'Revoked in known_hosts: the connection was refused',
  local: 'Not used (this machine, no SSH)',
  'not-checked': 'Not checked yet (no connection got that far)',
};

/** A stack's live status on a host, in words. */
export const LIVE_LABELS: Readonly<Record<LiveStatus, string>> = {
  running: 'running',
  partial: 'partly running',
  stopped: 'stopped',
  unknown: 'unknown',
};

/** Preflight problem kinds as short phrases, matching the words of `cf apply`. */
export const PREFLIGHT_LABELS: Readonly<Record<PreflightProblemView['kind'], string>> = {
  'compose-file': 'Missing compose file',
  'compose-error': 'Compose file error',
  path: 'Missing path',
  network: 'Missing network',
  device: 'Missing device',
  'remote-check-failed': 'Remote check failed',
};

export const SEVERITY_LABELS: Readonly<Record<StackIssue['severity'], string>> = {
  error: 'Error',
  warning: 'Warning',
};
