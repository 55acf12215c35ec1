import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src/shared/contract';
import { canRetry } from '../../../src/renderer/src/components/errors';

describe('canRetry', () => {
  it.each(['stack-not-found', 'host-not-found', 'invalid-request', 'not-available'] as const)(
    'rejects %s',
    (code) => {
      expect(canRetry(code)).toBe(false);
    },
  );

  it.each(['host-unreachable', 'disconnected', 'cancelled', 'plan-expired', 'internal'] as const)(
    'allows %s',
    (code) => {
      expect(canRetry(code)).toBe(true);
    },
  );

  it('decides every code', () => {
    for (const code of ERROR_CODES) expect(typeof canRetry(code)).toBe('boolean');
  });
});
