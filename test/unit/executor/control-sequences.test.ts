import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stripControlSequences } from '../../../src/main/core/executor/control-sequences';

describe('stripControlSequences', () => {
  it.each([
    ['\u001b[2Kapp-1  | hello', 'app-1  | hello'],
    ['\u001b[33m⠋\u001b[0m web Pulling', '⠋ web Pulling'],
    ['\u001b[?25lhidden cursor\u001b[?25h', 'hidden cursor'],
    ['\u001b]0;title\u0007text', 'text'],
    ['\u001b]8;;https://example.com\u001b\\link\u001b]8;;\u001b\\', 'link'],
    ['tab\tstays', 'tab\tstays'],
    ['bell\u0007 and backspace\u0008 go', 'bell and backspace go'],
    ['plain ✔ text', 'plain ✔ text'],
  ])('cleans %j', (input, expected) => {
    expect(stripControlSequences(input)).toBe(expected);
  });

  it('leaves no escape byte in recorded pull output', () => {
    const raw = readFileSync(
      new URL('../../fixtures/cases/26-progress-output-to-text/pull-tty.bin', import.meta.url),
      'utf8',
    );
    const controls = [...Array(32).keys(), 127].filter((code) => code !== 9);
    for (const line of raw.split(/\r?\n|\r/)) {
      const cleaned = stripControlSequences(line);
      for (const code of controls) expect(cleaned).not.toContain(String.fromCharCode(code));
    }
  });
});
