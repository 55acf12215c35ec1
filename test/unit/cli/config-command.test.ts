import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCf } from '../../support/run-cli';

const VALID = `compose_dir: /opt/compose
hosts:
  h1: 127.0.0.11
  h2: {address: 127.0.0.12, port: 2222, user: root}
stacks:
  web: h1
  app: [h1, h2]
  agent: all
`;

let dir: string;

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'cf-cli-')));
});

function writeConfig(text: string, name = 'compose-farm.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('cf config validate', () => {
  it('prints the path and counts', async () => {
    const path = writeConfig(VALID);
    const run = await runCf(['config', 'validate'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`✓ Valid config: ${path}`);
    expect(run.stdout).toContain('  Hosts: 2');
    expect(run.stdout).toContain('  Stacks: 3');
    expect(run.stderr).toBe('');
  });

  it('lists every problem with its position', async () => {
    const path = writeConfig(`hosts:
  h1: 127.0.0.11
stacks:
  web: h9
  app: []
`);
    const run = await runCf(['config', 'validate'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`✗ Invalid config: ${path}`);
    expect(run.stderr).toMatch(/:4:\d+: stacks\.web: .*unknown host "h9"/);
    expect(run.stderr).toMatch(/:5:\d+: stacks\.app: .*empty/);
  });

  it('reports the duplicate stack key of a real config', async () => {
    const source = join(__dirname, '../../fixtures/config/case-12/duplicate/compose-farm.yaml');
    const run = await runCf(['config', 'validate', '-c', source], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('jellyfin');
    expect(run.stderr).toContain(':9:');
    expect(run.stderr).toContain('line 6');
  });

  it('lists the searched paths when no config exists', async () => {
    const run = await runCf(['config', 'validate'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(join(dir, 'compose-farm.yaml'));
    expect(run.stderr).toContain(join(dir, '.config/compose-farm/compose-farm.yaml'));
    expect(run.stderr).toContain('cf config init');
  });

  it('explains a config path that is a directory', async () => {
    mkdirSync(join(dir, 'compose-farm.yaml'));
    const run = await runCf(['config', 'validate'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is a directory');
    expect(run.stderr).toContain('Docker');
  });
});

describe('cf config path', () => {
  it('prints the found file', async () => {
    const path = writeConfig(VALID);
    const run = await runCf(['config', 'path'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${path}\n`);
  });

  it('prints an explicit path even when missing', async () => {
    const run = await runCf(['config', 'path', '-c', 'elsewhere.yaml'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${join(dir, 'elsewhere.yaml')}\n`);
  });

  it('follows CF_CONFIG only when it names a file', async () => {
    const other = writeConfig(VALID, 'other.yaml');
    const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, '.config'), CF_CONFIG: other };
    expect((await runCf(['config', 'path'], { cwd: dir, env })).stdout).toBe(`${other}\n`);

    const local = writeConfig(VALID);
    const missing = { ...env, CF_CONFIG: join(dir, 'missing.yaml') };
    expect((await runCf(['config', 'path'], { cwd: dir, env: missing })).stdout).toBe(`${local}\n`);
  });

  it('fails when nothing is found', async () => {
    const run = await runCf(['config', 'path'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
  });
});

describe('cf config show', () => {
  it('prints the path and numbered lines', async () => {
    const path = writeConfig(VALID);
    const run = await runCf(['config', 'show'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Config file: ${path}`);
    expect(run.stdout).toMatch(/^1 {2}compose_dir: \/opt\/compose$/m);
  });

  it('prints the file unchanged with --raw', async () => {
    writeConfig(VALID);
    const run = await runCf(['config', 'show', '--raw'], { cwd: dir });
    expect(run.stdout).toBe(VALID);
  });
});

describe('cf config init', () => {
  it('writes a template that validates', async () => {
    const run = await runCf(['config', 'init'], { cwd: dir });
    const target = join(dir, '.config/compose-farm/compose-farm.yaml');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`✓ Config file created at: ${target}`);
    expect(readFileSync(target, 'utf8')).toContain('compose_dir:');

    const validate = await runCf(['config', 'validate', '-c', target], { cwd: dir });
    expect(validate.code).toBe(0);
  });

  it('keeps an existing file without --force', async () => {
    const path = writeConfig('original\n', 'mine.yaml');
    const run = await runCf(['config', 'init', '-c', path], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--force');
    expect(readFileSync(path, 'utf8')).toBe('original\n');
  });

  it('overwrites with --force', async () => {
    const path = writeConfig('original\n', 'mine.yaml');
    const run = await runCf(['config', 'init', '--force', '-p', path], { cwd: dir });
    expect(run.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('stacks:');
  });
});

describe('cf usage', () => {
  it('exits 2 on an unknown option', async () => {
    const run = await runCf(['list', '--bogus'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--bogus'");
  });

  it('exits 2 on an unknown command', async () => {
    const run = await runCf(['lsit'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('list');
  });

  it('prints help with no arguments', async () => {
    const run = await runCf([], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: cf');
    expect(run.stdout).toContain('Configuration:');
  });

  it('prints the version', async () => {
    const run = await runCf(['--version'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cf \(Compose Farm Desktop\) \d+\.\d+\.\d+/);
  });
});

describe('cf list', () => {
  it('shows each stack with its hosts', async () => {
    writeConfig(VALID);
    const run = await runCf(['list'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'Stack  Hosts',
      'web    h1',
      'app    h1, h2',
      'agent  all',
      '',
    ]);
  });

  it('takes -c before the command too', async () => {
    const path = writeConfig(VALID, 'elsewhere.yaml');
    const run = await runCf(['-c', path, 'list', '--simple'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('agent\napp\nweb\n');
  });

  it('filters by host including all and list stacks', async () => {
    writeConfig(VALID);
    const run = await runCf(['list', '--host', 'h2', '--simple'], { cwd: dir });
    expect(run.stdout).toBe('agent\napp\n');
  });

  it('rejects an unknown host', async () => {
    writeConfig(VALID);
    const run = await runCf(['list', '-H', 'nope'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('✗ Host nope not found in config');
  });

  it('warns when a host has no stacks', async () => {
    writeConfig(`hosts:\n  h1: 127.0.0.11\n  h2: 127.0.0.12\nstacks:\n  web: h1\n`);
    const run = await runCf(['list', '-H', 'h2'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('! No stacks configured for host h2');
  });

  it('colours only on a terminal without NO_COLOR', async () => {
    writeConfig(VALID);
    const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, '.config') };
    const plain = await runCf(['list'], { cwd: dir, env });
    const coloured = await runCf(['list'], { cwd: dir, env, tty: true });
    const noColor = await runCf(['list'], { cwd: dir, env: { ...env, NO_COLOR: '1' }, tty: true });
    expect(plain.stdout).not.toContain('\u001b[');
    expect(coloured.stdout).toContain('\u001b[');
    expect(noColor.stdout).not.toContain('\u001b[');
  });
});
