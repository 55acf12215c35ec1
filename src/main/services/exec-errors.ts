import type { AppError, ErrorCode, HostKeyDetails } from '../../shared/contract';
import type { ExecError } from '../core/executor';

const CODES: Readonly<Record<ExecError['code'], ErrorCode>> = {
  unreachable: 'host-unreachable',
  'auth-failed': 'auth-rejected',
  'host-key-unknown': 'host-key-unknown',
  'host-key-changed': 'host-key-changed',
  'host-key-revoked': 'host-key-changed',
  timeout: 'host-unreachable',
  cancelled: 'cancelled',
  'connection-lost': 'host-unreachable',
  'channel-refused': 'host-unreachable',
  'spawn-failed': 'host-unreachable',
  'ssh-config-invalid': 'file-access',
};

/** An executor failure as the contract's error, keeping the executor's message and hint. */
export function appErrorOf(error: ExecError): AppError {
  return { code: CODES[error.code], message: error.message, hint: error.hint, host: error.host };
}

/** The key details the host page shows for an unknown, changed or revoked key. */
export function hostKeyDetailsOf(error: ExecError | undefined): HostKeyDetails | null {
  if (error === undefined) return null;
  switch (error.code) {
    case 'host-key-unknown':
    case 'host-key-revoked':
      return {
        keyType: error.keyType,
        fingerprint: error.fingerprint,
        knownFingerprint: null,
        knownHostsFile: null,
        knownHostsLine: null,
        removeCommand: null,
      };
    case 'host-key-changed':
      return {
        keyType: error.keyType,
        fingerprint: error.fingerprint,
        knownFingerprint: error.knownFingerprint,
        knownHostsFile: error.knownHostsFile,
        knownHostsLine: error.knownHostsLine,
        removeCommand: error.removeCommand,
      };
    default:
      return null;
  }
}
