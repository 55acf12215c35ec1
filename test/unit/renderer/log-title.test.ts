import { describe, expect, it } from 'vitest';
import { logsTitle } from '../../../src/renderer/src/logs/log-title';

describe('logs view title', () => {
  it.each([
    ['web', undefined, [], 'Logs of web'],
    ['web', 'nginx', [], 'Logs of nginx in web'],
    ['web', undefined, ['h1'], 'Logs of web on h1'],
    ['web', 'nginx', ['h1', 'h2'], 'Logs of nginx in web on h1 and h2'],
    ['web', undefined, ['h1', 'h2', 'h3'], 'Logs of web on h1, h2, and h3'],
  ])('%s / %s on %j', (stack, service, hosts, expected) => {
    expect(logsTitle(stack, service, hosts)).toBe(expected);
  });
});
