import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigProblem } from '../../../src/main/core/config';
import { loadConfig, parseConfigText } from '../../../src/main/core/config';

const FILE = '/configs/compose-farm.yaml';

function problemsOfText(text: string): readonly ConfigProblem[] {
  const result = parseConfigText(text, FILE);
  if (result.ok) throw new Error('the text loaded, but it should not');
  return result.problems;
}

describe('aliases', () => {
  it('reports an alias without anchor', () => {
    const problems = problemsOfText('hosts: {nas: 192.0.2.1}\nstacks: {web: *nope}\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: FILE, line: 2, column: 15 });
    expect(problems[0]?.message).toBe('alias "*nope" refers to no anchor');
    expect(problems[0]?.hint).toContain('&nope');
  });

  it('reports a merge of a missing anchor', () => {
    const problems = problemsOfText(
      'hosts:\n  nas: {<<: *base, address: 192.0.2.1}\nstacks: {web: nas}\n',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2, column: 13 });
    expect(problems[0]?.message).toContain('"*base"');
  });

  it('reports aliases that expand too far', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [name, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
    ]) {
      lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const problems = problemsOfText(`${lines.join('\n')}\nstacks: {}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 1, column: 1 });
    expect(problems[0]?.message).toContain('cannot be read');
  });
});

describe('documents and paths', () => {
  it('reports a second YAML document', () => {
    const problems = problemsOfText('hosts: {}\nstacks: {}\n---\nstacks: {}\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, column: 1, keyPath: '' });
    expect(problems[0]?.message).toBe('a second YAML document starts at line 3');
    expect(problems[0]?.message).not.toContain('parseAllDocuments');
  });

  it.each([
    ['compose_dir', 'compose_dir: ~/compose\n', 1, 14],
    ['traefik_file', 'traefik_file: ~/traefik/dynamic.yml\n', 1, 15],
  ])('rejects a tilde in %s', (key, line, lineNumber, column) => {
    const problems = problemsOfText(`${line}hosts: {}\nstacks: {}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ keyPath: key, line: lineNumber, column });
    expect(problems[0]?.message).toContain('starts with "~", which is not expanded');
    expect(problems[0]?.hint).toContain('full path');
  });
});

describe('loadConfig on a special file', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'cfd-config-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('rejects a FIFO instead of blocking on it', async () => {
    const fifo = join(folder, 'compose-farm.yaml');
    execFileSync('mkfifo', [fifo]);
    const result = await loadConfig(fifo);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.objectContaining({
        file: fifo,
        line: null,
        message: 'config path is not a regular file',
      }),
    ]);
  });
});
