import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyCase } from '../../support/cases';
import { runCf } from '../../support/run-cli';

function check(config: string, cwd: string, ...args: string[]) {
  return runCf(['check', '--local', '-c', config, ...args], { cwd });
}

describe('cf check --local', () => {
  it('passes when config, disk and state agree', async () => {
    const copied = copyCase('08-override-file-merged');
    const run = await check(copied.config, copied.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ Config matches disk');
    expect(run.stdout).toContain('✓ Compose files readable (1 stacks)');
    expect(run.stderr).toBe('');
  });

  it('fails on a stack without a compose file and names the winner among several', async () => {
    const copied = copyCase('07-compose-file-precedence');
    const run = await check(copied.config, copied.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('In config but no compose file (1):');
    expect(run.stderr).toContain('- empty');
    expect(run.stderr).toMatch(/\[both\].*compose\.yaml, docker-compose\.yml.*using compose\.yaml/);
    expect(run.stderr).toMatch(/\[legacy\].*using docker-compose\.yml/);
    expect(run.stderr).toMatch(/\[short\].*using compose\.yml/);
    expect(run.stderr).not.toContain('stray-parent');
  });

  it('reports a required variable that has no value', async () => {
    const copied = copyCase('03-required-var-in-ports');
    const run = await check(copied.config, copied.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[pw-unset]');
    expect(run.stderr).toContain('required variable LAN_IP is missing a value: set LAN_IP in .env');
    expect(run.stderr).not.toContain('[pw-set]');
  });

  it('reports a duplicate merge key and still reads the other stack', async () => {
    const copied = copyCase('10-yaml-merge-keys');
    const run = await check(copied.config, copied.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\[dup\].*line 9: mapping key "<<" already defined at line 8/);
    expect(run.stderr).not.toMatch(/\[arr\]/);
  });

  it('warns about folders missing from the config and fails on orphans', async () => {
    const copied = copyCase('08-override-file-merged');
    const extra = join(copied.root, '08-override-file-merged/stacks/extra');
    mkdirSync(extra);
    writeFileSync(join(extra, 'compose.yaml'), 'services:\n  app:\n    image: local/busybox:1\n');
    writeFileSync(
      join(copied.dir, 'compose-farm-state.yaml'),
      'deployed:\n  mattermost: nas\n  retired: nas\n',
    );
    const run = await check(copied.config, copied.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('! Unmanaged (on disk but not in config, 1):');
    expect(run.stderr).toContain('+ extra');
    expect(run.stderr).toContain('Orphaned stacks (in state but not in config, 1):');
    expect(run.stderr).toContain('- retired on nas');
  });

  it('rejects an unknown stack name', async () => {
    const copied = copyCase('08-override-file-merged');
    const run = await check(copied.config, copied.dir, 'nope');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('✗ Stack nope not found in config');
    expect(run.stderr).not.toContain('did you mean');
  });

  it('suggests the stack a typo meant', async () => {
    const copied = copyCase('08-override-file-merged');
    const run = await check(copied.config, copied.dir, 'matermost');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('(did you mean mattermost?)');
  });
});

describe('cf check --local without compose_dir', () => {
  it('names the missing compose_dir once', async () => {
    const copied = copyCase('08-override-file-merged');
    const config = join(copied.dir, 'missing-dir.yaml');
    writeFileSync(
      config,
      'compose_dir: /nonexistent/cf-stacks\nhosts:\n  nas: 192.0.2.20\nstacks:\n  a: nas\n  b: nas\n',
    );
    const run = await runCf(['check', '--local', '-c', config], { cwd: copied.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'compose_dir /nonexistent/cf-stacks does not exist on this machine',
    );
    expect(run.stderr).not.toContain('In config but no compose file');
  });
});
