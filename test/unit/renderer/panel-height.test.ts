import { describe, expect, it } from 'vitest';
import {
  clampHeight,
  keyedHeight,
  parseSavedHeight,
} from '../../../src/renderer/src/components/panel-height';

describe('panel height', () => {
  it.each([
    ['ArrowUp', 224],
    ['ArrowDown', 176],
    ['PageUp', 296],
    ['PageDown', 120],
    ['Home', 120],
    ['End', 500],
    ['Enter', undefined],
    ['a', undefined],
  ])('%s from 200 gives %s', (key, expected) => {
    expect(keyedHeight(key, 200, 120, 500)).toBe(expected);
  });

  it('stops keys at the limits', () => {
    expect(keyedHeight('ArrowUp', 490, 120, 500)).toBe(500);
    expect(keyedHeight('ArrowDown', 130, 120, 500)).toBe(120);
  });

  it('keeps the minimum when the window is too short', () => {
    expect(clampHeight(300, 120, 80)).toBe(120);
  });

  it.each([
    [null, 256],
    ['', 256],
    ['abc', 256],
    ['100', 256],
    ['Infinity', 256],
    ['300', 300],
  ])('saved %j reads as %d', (saved, expected) => {
    expect(parseSavedHeight(saved, 256, 120)).toBe(expected);
  });
});
