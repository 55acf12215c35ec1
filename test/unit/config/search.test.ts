import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findConfigFile, userConfigPath } from '../../../src/main/core/config';

describe('findConfigFile', () => {
  let root = '';
  let cwd = '';
  let home = '';
  let xdg = '';

  const write = (path: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, 'stacks: {}\n');
    return path;
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cfd-search-'));
    cwd = join(root, 'work');
    home = join(root, 'home');
    xdg = join(root, 'xdg');
    mkdirSync(cwd);
    mkdirSync(home);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes an explicit path as written, resolved against cwd, even when missing', () => {
    const found = findConfigFile({ explicitPath: 'missing.yaml', cwd, env: {}, home });
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(found.searched).toEqual([join(cwd, 'missing.yaml')]);
    expect(found.problem.file).toBe(join(cwd, 'missing.yaml'));
    expect(found.problem.message).toContain('not found');
  });

  it('prefers the explicit path over CF_CONFIG and the working directory', () => {
    const explicit = write(join(root, 'explicit.yaml'));
    write(join(cwd, 'compose-farm.yaml'));
    const fromEnv = write(join(root, 'env.yaml'));
    const found = findConfigFile({
      explicitPath: explicit,
      cwd,
      env: { CF_CONFIG: fromEnv },
      home,
    });
    expect(found).toMatchObject({ ok: true, path: explicit });
  });

  it('uses CF_CONFIG only when it is a regular file', () => {
    const inCwd = write(join(cwd, 'compose-farm.yaml'));
    const fromEnv = write(join(root, 'env.yaml'));
    expect(findConfigFile({ cwd, env: { CF_CONFIG: fromEnv }, home })).toMatchObject({
      path: fromEnv,
    });
    expect(
      findConfigFile({ cwd, env: { CF_CONFIG: join(root, 'nope.yaml') }, home }),
    ).toMatchObject({ path: inCwd });
    expect(findConfigFile({ cwd, env: { CF_CONFIG: root }, home })).toMatchObject({ path: inCwd });
  });

  it('falls back from the working directory to XDG_CONFIG_HOME, then ~/.config', () => {
    const underXdg = write(join(xdg, 'compose-farm/compose-farm.yaml'));
    const underHome = write(join(home, '.config/compose-farm/compose-farm.yaml'));
    expect(findConfigFile({ cwd, env: { XDG_CONFIG_HOME: xdg }, home })).toMatchObject({
      ok: true,
      path: underXdg,
    });
    expect(findConfigFile({ cwd, env: {}, home })).toMatchObject({ ok: true, path: underHome });

    const inCwd = write(join(cwd, 'compose-farm.yaml'));
    expect(findConfigFile({ cwd, env: { XDG_CONFIG_HOME: xdg }, home })).toMatchObject({
      path: inCwd,
    });
  });

  it('lists the searched paths when nothing is found', () => {
    const found = findConfigFile({ cwd, env: { XDG_CONFIG_HOME: xdg }, home });
    expect(found.ok).toBe(false);
    if (found.ok) return;
    const searched = [join(cwd, 'compose-farm.yaml'), join(xdg, 'compose-farm/compose-farm.yaml')];
    expect(found.searched).toEqual(searched);
    expect(found.problem.message).toBe(`config file not found. Searched: ${searched.join(', ')}`);
    expect(found.problem.hint).toContain('cf config init');
  });

  it('says why CF_CONFIG was skipped when nothing is found', () => {
    const mountedDirectory = join(root, 'mounted.yaml');
    mkdirSync(mountedDirectory);
    const found = findConfigFile({ cwd, env: { CF_CONFIG: mountedDirectory }, home });
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(found.searched).not.toContain(mountedDirectory);
    expect(found.problem.hint).toContain(
      `CF_CONFIG names ${mountedDirectory}, which is a directory`,
    );
    expect(found.problem.hint).toContain('Docker creates an empty directory');

    const missing = join(root, 'missing.yaml');
    const notFound = findConfigFile({ cwd, env: { CF_CONFIG: missing }, home });
    expect(notFound.ok ? '' : notFound.problem.hint).toContain(
      `CF_CONFIG names ${missing}, which does not exist`,
    );
  });

  it('reports a config path that is a directory, explaining Docker mounts', () => {
    const directory = join(home, '.config/compose-farm/compose-farm.yaml');
    mkdirSync(directory, { recursive: true });
    const found = findConfigFile({ cwd, env: {}, home });
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(found.problem.file).toBe(directory);
    expect(found.problem.message).toBe('config path is a directory, not a file');
    expect(found.problem.hint).toMatch(/Docker creates an empty directory/);

    const explicit = findConfigFile({ explicitPath: cwd, cwd, env: {}, home });
    expect(explicit.ok ? '' : explicit.problem.message).toContain('is a directory');
  });

  it('builds the user config path from XDG_CONFIG_HOME or the home folder', () => {
    expect(userConfigPath({ env: { XDG_CONFIG_HOME: xdg }, home })).toBe(
      join(xdg, 'compose-farm/compose-farm.yaml'),
    );
    expect(userConfigPath({ env: { XDG_CONFIG_HOME: '' }, home })).toBe(
      join(home, '.config/compose-farm/compose-farm.yaml'),
    );
  });
});
