import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { LineDecoder, RunRecorder } from '../../../src/main/core/executor/output';
import { terminalText } from '../../../src/main/core/executor/terminal-text';
import type { OutputLine } from '../../../src/main/core/executor/types';

const fixtures = join(import.meta.dirname, 'fixtures');

function decodeChunks(chunks: Array<Uint8Array | string>): Array<[string, boolean]> {
  const lines: Array<[string, boolean]> = [];
  const decoder = new LineDecoder((text, progress) => lines.push([text, progress]));
  for (const chunk of chunks) {
    decoder.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  }
  decoder.end();
  return lines;
}

/** The byte pieces each command of the UTF-8 case prints, one read per piece. */
const SPLIT_CHARACTERS: number[][][] = [
  [
    [0x41, 0xe2, 0x94],
    [0x80, 0x42, 0x0a],
  ],
  [
    [0x43, 0xe2, 0x80],
    [0x94, 0x44, 0x0a],
  ],
  [[0x45, 0xe2], [0x80], [0xa6, 0x46, 0x0a]],
  [
    [0x47, 0xf0, 0x9f],
    [0x98, 0x80, 0x48, 0x0a],
  ],
  [
    [0x49, 0xf0, 0x90, 0x80],
    [0x80, 0x4a, 0x0a],
  ],
];

describe('LineDecoder', () => {
  it('joins characters split across reads', () => {
    const expected = readFileSync(
      join(fixtures, '25-utf8-split-across-chunks/expected-output.txt'),
      'utf8',
    );
    const lines = SPLIT_CHARACTERS.flatMap((pieces) =>
      decodeChunks(pieces.map((piece) => Uint8Array.from(piece))),
    );
    expect(lines.map(([text]) => `${text}\n`).join('')).toBe(expected);
    expect(lines.some(([text]) => text.includes('\ufffd'))).toBe(false);
  });

  it('joins characters split at every possible byte', () => {
    const text = 'a─b—c…d😀e𐀀f\n';
    const bytes = new TextEncoder().encode(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(decodeChunks([bytes.slice(0, cut), bytes.slice(cut)])).toEqual([[text.trim(), false]]);
    }
  });

  it('reads CRLF as one line end, also when split between reads', () => {
    expect(decodeChunks(['one\r', '\ntwo\r\n'])).toEqual([
      ['one', false],
      ['two', false],
    ]);
  });

  it('reports progress states and ends the line with the last one', () => {
    expect(decodeChunks(['Downloading 10%\rDownloading 55%\r', 'Downloading 100%\r\n'])).toEqual([
      ['Downloading 10%', true],
      ['Downloading 55%', true],
      ['Downloading 100%', false],
    ]);
  });

  it('keeps the last state of a progress line that ends with its CR', () => {
    expect(decodeChunks(['50%\r100%\r', '\r\n'])).toEqual([
      ['50%', true],
      ['100%', true],
      ['100%', false],
    ]);
  });

  it('keeps blank lines and flushes a last line without a newline', () => {
    expect(decodeChunks(['a\n\nb'])).toEqual([
      ['a', false],
      ['', false],
      ['b', false],
    ]);
  });
});

describe('RunRecorder', () => {
  it('labels lines and keeps only final lines', () => {
    const lines: OutputLine[] = [];
    const recorder = new RunRecorder('h1', {
      argv: ['x'],
      label: 'web@h1',
      onLine: (line) => lines.push(line),
    });
    recorder.push('stdout', new TextEncoder().encode('1%\r100%\ndone\n'));
    recorder.push('stderr', new TextEncoder().encode('warn'));
    const result = recorder.finish({ type: 'exit', code: 0 });
    expect(result).toMatchObject({ host: 'h1', label: 'web@h1', success: true });
    expect(result.stdout).toBe('100%\ndone\n');
    expect(result.stderr).toBe('warn\n');
    expect(lines.map((line) => [line.stream, line.text, line.progress, line.label])).toEqual([
      ['stdout', '1%', true, 'web@h1'],
      ['stdout', '100%', false, 'web@h1'],
      ['stdout', 'done', false, 'web@h1'],
      ['stderr', 'warn', false, 'web@h1'],
    ]);
  });

  it('labels lines with the host and keeps nothing when capture is off', () => {
    const lines: OutputLine[] = [];
    const recorder = new RunRecorder('h2', {
      argv: ['x'],
      capture: false,
      onLine: (line) => lines.push(line),
    });
    recorder.push('stdout', new TextEncoder().encode('a\n'));
    const result = recorder.finish({ type: 'signal', signal: 'TERM' });
    expect(result.success).toBe(false);
    expect(result.stdout).toBe('');
    expect(lines[0]?.label).toBe('h2');
  });
});

describe('terminalText', () => {
  it('keeps only the last frame of progress output', async () => {
    const raw = readFileSync(join(fixtures, '26-progress-output-to-text/pull-tty.bin'), 'utf8');
    const expected = readFileSync(
      join(fixtures, '26-progress-output-to-text/expected-text.txt'),
      'utf8',
    );
    const text = await terminalText(raw);
    expect(text).toBe(expected);
    expect(text).not.toContain('\x1b');
    expect(text).not.toContain('\r');
    expect(text).not.toContain('Pulling 1/2');
  });

  it('reads bare newlines as line ends and joins wrapped lines', async () => {
    const long = 'x'.repeat(30) + ' ' + 'y'.repeat(30);
    expect(await terminalText(`a\nb\n${long}\n`, { cols: 20 })).toBe(`a\nb\n${long}\n`);
  });

  it('handles more lines than the screen holds', async () => {
    const lines = Array.from({ length: 100 }, (_, index) => `line ${index}`);
    expect(await terminalText(`${lines.join('\r\n')}\r\n`)).toBe(`${lines.join('\n')}\n`);
  });
});
