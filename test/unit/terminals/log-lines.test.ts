import { describe, expect, it } from 'vitest';
import { logArguments, splitTimestamp } from '../../../src/main/services/logs';

describe('log timestamps', () => {
  it('takes the timestamp out after the container prefix', () => {
    expect(splitTimestamp('box-1  | 2026-12-04T18:46:11.481138990Z tick 3 | done')).toEqual({
      text: 'box-1  | tick 3 | done',
      time: '2026-12-04T18:46:11.481138990Z',
    });
  });

  it('pads a short fraction to nine digits', () => {
    expect(splitTimestamp('web-1  | 2026-12-04T18:46:11.5Z up').time).toBe(
      '2026-12-04T18:46:11.500000000Z',
    );
    expect(splitTimestamp('web-1  | 2026-12-04T18:46:11Z up').time).toBe(
      '2026-12-04T18:46:11.000000000Z',
    );
  });

  it('converts an offset to UTC', () => {
    expect(splitTimestamp('web-1  | 2026-12-04T20:46:11.25+02:00 up')).toEqual({
      text: 'web-1  | up',
      time: '2026-12-04T18:46:11.250000000Z',
    });
  });

  it('keeps an empty message', () => {
    expect(splitTimestamp('web-1  | 2026-12-04T18:46:11.481138990Z ')).toEqual({
      text: 'web-1  | ',
      time: '2026-12-04T18:46:11.481138990Z',
    });
  });

  it.each([
    'no such service: web',
    'web-1  | tick without a time',
    'web-1  | 2026-12-04 18:46:11 a time in another form',
  ])('leaves %j without a time', (line) => {
    expect(splitTimestamp(line)).toEqual({ text: line, time: null });
  });

  it('always asks compose for timestamps', () => {
    const args = logArguments({ stack: 'web', follow: true, tail: '100' });
    expect(args).toContain('--timestamps');
    expect(args).toContain('--follow');
  });
});
