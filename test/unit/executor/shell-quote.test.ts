import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  displayCommand,
  quoteShellArg,
  remoteCommandLine,
} from '../../../src/main/core/executor/shell-quote';
import { HOSTILE_NAMES } from './hostile-names';

function runInSh(line: string, cwd?: string): string {
  return execFileSync('sh', ['-c', line], { encoding: 'utf8', cwd });
}

describe('quoteShellArg', () => {
  it('leaves plain words alone and quotes the rest', () => {
    expect(quoteShellArg('up')).toBe('up');
    expect(quoteShellArg('/opt/stacks/web-1')).toBe('/opt/stacks/web-1');
    expect(quoteShellArg('my stack')).toBe("'my stack'");
    expect(quoteShellArg("it's")).toBe("'it'\\''s'");
    expect(quoteShellArg('')).toBe("''");
  });

  it.each(HOSTILE_NAMES)('passes %j to sh as one literal argument', (name) => {
    const output = runInSh(`printf '%s\\0' ${quoteShellArg(name)}`);
    expect(output).toBe(`${name}\0`);
  });
});

describe('remoteCommandLine', () => {
  it('changes into the quoted folder and execs the program', () => {
    const line = remoteCommandLine({
      argv: ['docker', 'compose', 'up', '-d'],
      cwd: '/opt/stacks/web',
    });
    expect(line).toBe("cd '/opt/stacks/web' && exec docker compose up -d");
  });

  it('sets variables through env, quoted', () => {
    const line = remoteCommandLine({ argv: ['sh', '-c', 'echo "$X"'], env: { X: "a'b $c" } });
    expect(line).toBe(`exec env 'X=a'\\''b $c' sh -c 'echo "$X"'`);
    expect(runInSh(line)).toBe("a'b $c\n");
  });

  it('rejects an invalid variable name instead of quoting it', () => {
    expect(() => remoteCommandLine({ argv: ['true'], env: { 'A B': '1' } })).toThrow(TypeError);
  });

  it('rejects an empty argv', () => {
    expect(() => remoteCommandLine({ argv: [] })).toThrow(TypeError);
  });

  it('keeps every hostile argument, folder and value intact through sh', () => {
    const base = mkdtempSync(join(tmpdir(), 'cf-quote-'));
    const folder = join(base, "dir with 'quote' $x `y` ;z");
    mkdirSync(folder);
    const env = { HOSTILE: HOSTILE_NAMES.join('|') };
    const line = remoteCommandLine({
      argv: ['sh', '-c', 'printf "%s\\0" "$PWD" "$HOSTILE" "$@"', 'sh', ...HOSTILE_NAMES],
      cwd: folder,
      env,
    });
    const [pwd, value, ...args] = runInSh(line, base).split('\0');
    expect(pwd).toBe(folder);
    expect(value).toBe(env.HOSTILE);
    expect(args).toEqual([...HOSTILE_NAMES, '']);
  });
});

describe('displayCommand', () => {
  it('shows the command as one would type it', () => {
    expect(displayCommand(['docker', 'compose', 'logs', '--tail', '5', 'my svc'])).toBe(
      "docker compose logs --tail 5 'my svc'",
    );
  });
});
