import { mkdtempSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigProblem } from '../../../src/main/core/config';
import { formatConfigProblem, loadConfig, parseConfigText } from '../../../src/main/core/config';

const fixtures = resolve(__dirname, '../../fixtures/config');

async function problemsOf(relativePath: string): Promise<readonly ConfigProblem[]> {
  const result = await loadConfig(join(fixtures, relativePath));
  if (result.ok) throw new Error(`${relativePath} loaded, but it should not`);
  return result.problems;
}

function problemsOfText(text: string): readonly ConfigProblem[] {
  const result = parseConfigText(text, '/configs/compose-farm.yaml');
  if (result.ok) throw new Error('the text loaded, but it should not');
  return result.problems;
}

/** Returns the one problem for a key path; fails when there is none or more than one. */
function problemFor(problems: readonly ConfigProblem[], keyPath: string): ConfigProblem {
  const matching = problems.filter((problem) => problem.keyPath === keyPath);
  expect(matching, `problems for ${keyPath}`).toHaveLength(1);
  return matching[0] as ConfigProblem;
}

describe('case 12: duplicate keys, tabs and merge keys', () => {
  it('refuses a stack written twice, naming the key, section and both lines', async () => {
    const problems = await problemsOf('case-12/duplicate/compose-farm.yaml');
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem).toMatchObject({
      file: join(fixtures, 'case-12/duplicate/compose-farm.yaml'),
      line: 9,
      column: 3,
      keyPath: 'stacks.jellyfin',
    });
    expect(problem?.message).toContain('"jellyfin"');
    expect(problem?.message).toContain('in stacks');
    expect(problem?.message).toContain('line 9');
    expect(problem?.message).toContain('line 6');
  });

  it('refuses a tab used for indentation at line 4, column 1', async () => {
    const problems = await problemsOf('case-12/tab/compose-farm.yaml');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 4, column: 1 });
    expect(problems[0]?.message).toMatch(/\btab\b.*line 4, column 1/);
    expect(problems[0]?.hint).toContain('spaces');
  });

  it('loads hosts that share settings through an anchor and <<', async () => {
    const result = await loadConfig(join(fixtures, 'case-12/merge-ok/compose-farm.yaml'));
    if (!result.ok) throw new Error(result.problems.map(formatConfigProblem).join('\n'));
    const { hosts, stacks } = result.config;

    expect([...hosts.values()]).toEqual([
      { name: 'h1', address: '127.0.0.11', port: 2222, user: 'root' },
      { name: 'h2', address: '127.0.0.12', port: 2222, user: 'root' },
      { name: 'h3', address: '127.0.0.13', port: 2222, user: 'root' },
    ]);
    expect(stacks.get('web')).toEqual({ name: 'web', hosts: ['h1'], form: 'single' });
    expect(stacks.get('app')).toEqual({ name: 'app', hosts: ['h2', 'h3'], form: 'list' });
    expect(result.warnings).toEqual([]);
  });

  it('reports duplicates in any mapping, including inside a host', () => {
    const problems = problemsOfText(
      'hosts:\n  nas:\n    address: 192.0.2.1\n    port: 22\n    port: 2222\nstacks: {}\n',
    );
    const problem = problemFor(problems, 'hosts.nas.port');
    expect(problem).toMatchObject({ line: 5, column: 5 });
    expect(problem.message).toContain('in hosts.nas at line 5; it is already set at line 4');
  });

  it('reports a duplicate top-level section together with the schema problems', () => {
    const problems = problemsOfText('stacks: {}\nhosts: {}\nstacks:\n  web: nas\n');
    expect(problemFor(problems, 'stacks').message).toBe(
      'duplicate key "stacks" at the top level at line 3; it is already set at line 1',
    );
    expect(problemFor(problems, 'stacks.web').message).toContain('unknown host "nas"');
  });
});

describe('unknown keys', () => {
  it('are reported at every level with a "did you mean"', async () => {
    const problems = await problemsOf('bad/unknown-keys.yaml');
    expect(problems.map((problem) => [problem.keyPath, problem.line, problem.column])).toEqual([
      ['hostz', 2, 1],
      ['hosts.nas.username', 7, 5],
      ['hosts.nas.prot', 8, 5],
      ['traefik_stak', 11, 1],
    ]);
    expect(problemFor(problems, 'hostz').message).toBe(
      'unknown key "hostz" (did you mean "hosts"?)',
    );
    expect(problemFor(problems, 'hosts.nas.username').message).toContain('did you mean "user"');
    expect(problemFor(problems, 'hosts.nas.prot').message).toContain('did you mean "port"');
    expect(problemFor(problems, 'traefik_stak').message).toContain('did you mean "traefik_stack"');
    expect(problemFor(problems, 'hosts.nas.prot').hint).toBe(
      'allowed keys here: address, user, port',
    );
  });

  it('get no suggestion when nothing is close', () => {
    const problem = problemFor(problemsOfText('stacks: {}\nwhatever: 1\n'), 'whatever');
    expect(problem.message).toBe('unknown key "whatever"');
    expect(problem.hint).toContain('compose_dir, hosts, stacks');
  });
});

describe('hosts', () => {
  const load = () => problemsOf('bad/hosts.yaml');

  it.each([
    ['hosts.all', 2, 3, '"all" is a reserved keyword and cannot be used as a host name'],
    ['hosts.empty', 3, 10, 'address is empty'],
    ['hosts.spaced', 4, 11, 'address "192.0.2.2 extra" contains whitespace'],
    ['hosts.dash', 5, 9, 'address "-oProxyCommand=evil" starts with "-"'],
    ['hosts.noaddress', 6, 14, 'address is missing'],
    ['hosts.badport.port', 7, 39, 'port 70000 is outside 1-65535'],
    ['hosts.zeroport.port', 8, 40, 'port 0 is outside 1-65535'],
    ['hosts.floatport.port', 9, 41, 'port must be a whole number, not number 22.5'],
    ['hosts.wordport.port', 10, 40, 'port must be a whole number, not "ssh"'],
    ['hosts.emptyuser.user', 11, 41, 'user is empty'],
    ['hosts.dashuser.user', 12, 40, 'user "-root" starts with "-"'],
    ['hosts.number', 13, 11, 'a host is an address or a mapping with address, user and port'],
  ])('%s at %i:%i: %s', async (keyPath, line, column, message) => {
    const problem = problemFor(await load(), keyPath);
    expect(problem).toMatchObject({ line, column });
    expect(problem.message).toContain(message);
    expect(problem.hint).not.toBe('');
  });

  it('reports every bad host at once', async () => {
    expect(await load()).toHaveLength(12);
  });

  it('keeps user and port undefined when they are not written', () => {
    const result = parseConfigText(
      'hosts:\n  a: 192.0.2.1\n  b: {address: 192.0.2.2}\n  c: {address: 192.0.2.3, port: 2200}\nstacks: {}\n',
      '/configs/compose-farm.yaml',
    );
    if (!result.ok) throw new Error('should load');
    const hosts = result.config.hosts;
    expect(hosts.get('a')).toEqual({ name: 'a', address: '192.0.2.1' });
    expect('user' in (hosts.get('b') ?? {})).toBe(false);
    expect(hosts.get('c')).toEqual({ name: 'c', address: '192.0.2.3', port: 2200 });
  });

  it('points at the anchor when a merged port is wrong', () => {
    const problems = problemsOfText(
      'hosts:\n  base: &base {address: 192.0.2.1, port: 99999}\n  other: {<<: *base, address: 192.0.2.2}\nstacks: {}\n',
    );
    expect(problems.map((problem) => [problem.keyPath, problem.line])).toEqual([
      ['hosts.base.port', 2],
      ['hosts.other.port', 2],
    ]);
  });
});

describe('stacks', () => {
  const load = () => problemsOf('bad/stacks.yaml');

  it.each([
    [
      'stacks.unknown',
      5,
      12,
      'stack "unknown" references unknown host "nsa" (did you mean "nas"?)',
    ],
    ['stacks.empty', 6, 10, 'stack "empty" has an empty host list'],
    ['stacks.twice[2]', 7, 21, 'stack "twice" has duplicate host "nas" in its list'],
    ['stacks.inlist[1]', 8, 17, 'stack "inlist" references unknown host "all"'],
    ['stacks[""]', 9, 3, 'stack name is empty'],
    ['stacks["."]', 10, 3, 'stack name "." is not a folder name'],
    ['stacks[".."]', 11, 3, 'stack name ".." is not a folder name'],
    ['stacks["a/b"]', 12, 3, 'stack name "a/b" contains a path separator'],
    ['stacks.-_-', 13, 3, 'not a valid compose project name: it normalizes to an empty name'],
    ['stacks.___', 14, 3, 'not a valid compose project name'],
    ['stacks.mapping', 15, 12, 'a stack runs on one host name, a list of host names, or all'],
    ['stacks.number[1]', 16, 17, 'a host name must be text, not number 7'],
  ])('%s at %i:%i: %s', async (keyPath, line, column, message) => {
    const problem = problemFor(await load(), keyPath);
    expect(problem).toMatchObject({ line, column });
    expect(problem.message).toContain(message);
    expect(problem.hint).not.toBe('');
  });

  it('reports every bad stack at once', async () => {
    expect(await load()).toHaveLength(12);
  });

  it('tells a list containing all how to write all', async () => {
    expect(problemFor(await load(), 'stacks.inlist[1]').hint).toContain('"inlist: all" on its own');
  });

  it('rejects names normalizing to nothing', () => {
    const refused = problemFor(
      problemsOfText('hosts: {a: 192.0.2.1}\nstacks:\n  "!!": a\n'),
      'stacks["!!"]',
    );
    expect(refused.message).toBe(
      'stack name "!!" is not a valid compose project name: it normalizes to an empty name',
    );

    const accepted = parseConfigText('hosts: {a: 192.0.2.1}\nstacks:\n  "_My App": a\n', '/c.yaml');
    if (!accepted.ok) throw new Error('should load');
    expect(accepted.warnings[0]?.message).toBe(`docker compose names this stack's project "myapp"`);
  });

  it('rejects all when no hosts are defined', () => {
    const problem = problemFor(problemsOfText('stacks:\n  glances: all\n'), 'stacks.glances');
    expect(problem.message).toContain('no hosts are defined');
  });
});

describe('references and document shape', () => {
  it('requires traefik_stack and glances_stack to name stacks', async () => {
    const problems = await problemsOf('bad/references.yaml');
    expect(problemFor(problems, 'traefik_stack')).toMatchObject({ line: 5, column: 16 });
    expect(problemFor(problems, 'traefik_stack').message).toBe(
      'stack "traefk" is not defined under stacks (did you mean "traefik"?)',
    );
    expect(problemFor(problems, 'glances_stack').message).toBe(
      'stack "glances" is not defined under stacks',
    );
  });

  it.each([
    ['bad/empty.yaml', 'the config file is empty'],
    ['bad/not-mapping.yaml', 'the config must be a mapping with hosts and stacks, not a list'],
    ['bad/no-stacks.yaml', 'stacks is missing'],
  ])('%s: %s', async (file, message) => {
    const problems = await problemsOf(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 1, column: 1, keyPath: '', message });
  });

  it('treats a document holding only null as empty', () => {
    expect(problemsOfText('~\n')[0]?.message).toBe('the config file is empty');
  });

  it('reports a YAML syntax error in the same form', async () => {
    const problems = await problemsOf('bad/syntax.yaml');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(5);
    expect(problems[0]?.message).toMatch(/^YAML syntax error: .*\]/);
    expect(formatConfigProblem(problems[0] as ConfigProblem)).toMatch(
      /^\/.*bad\/syntax\.yaml:5:3: YAML syntax error: .*\n {2}hint: /,
    );
  });

  it('names a missing colon after a key', () => {
    const problems = problemsOfText('hosts:\n  h1: 127.0.0.11\nstacks\n  web: h1\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      line: 3,
      message: 'YAML syntax error: line 3 has a key without a colon after it',
    });
    expect(problems[0]?.hint).toContain('a colon is likely missing');
  });

  it('rejects a mapping used as a key', () => {
    const problems = problemsOfText('stacks:\n  ? {a: 1}\n  : nas\n');
    expect(
      problems.some((problem) => problem.message === 'a mapping or list is used as a key'),
    ).toBe(true);
  });
});

describe('a valid config', () => {
  it('loads every accepted form, in the order written', async () => {
    const result = await loadConfig(join(fixtures, 'valid/full.yaml'));
    if (!result.ok) throw new Error(result.problems.map(formatConfigProblem).join('\n'));
    const { config } = result;

    expect(config.path).toBe(join(fixtures, 'valid/full.yaml'));
    expect(config.composeDir).toBe(join(fixtures, 'valid/stacks-here'));
    expect(config.traefikFile).toBe(join(fixtures, 'valid/traefik/dynamic.yaml'));
    expect(config.traefikStack).toBe('traefik');
    expect(config.glancesStack).toBe('glances');
    expect(config.hosts.get('pi')).toEqual({ name: 'pi', address: '192.0.2.30', port: 2222 });
    expect(config.hosts.get('nuc')?.user).toBe('deploy');

    expect([...config.stacks.keys()]).toEqual([
      '123',
      'traefik',
      'Media.Server',
      'glances',
      'web',
      'one',
    ]);
    expect(config.stacks.get('glances')).toEqual({
      name: 'glances',
      hosts: ['nas', 'nuc', 'pi'],
      form: 'all',
    });
    expect(config.stacks.get('one')).toEqual({ name: 'one', hosts: ['pi'], form: 'list' });
  });

  it('accepts a name compose normalizes, with a warning naming the project', async () => {
    const result = await loadConfig(join(fixtures, 'valid/full.yaml'));
    if (!result.ok) throw new Error('should load');
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ keyPath: 'stacks["Media.Server"]', line: 15 });
    expect(result.warnings[0]?.message).toContain('"mediaserver"');
  });

  it('defaults compose_dir to /opt/compose and accepts an empty hosts line', () => {
    const result = parseConfigText('hosts:\nstacks: {}\n', '/configs/compose-farm.yaml');
    if (!result.ok) throw new Error('should load');
    expect(result.config.composeDir).toBe('/opt/compose');
    expect(result.config.hosts.size).toBe(0);
  });
});

describe('loadConfig and the file system', () => {
  let folder = '';
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('stores the real path of a symlinked config and resolves compose_dir beside it', async () => {
    folder = realpathSync(mkdtempSync(join(tmpdir(), 'cfd-config-')));
    mkdirSync(join(folder, 'real'));
    writeFileSync(join(folder, 'real/compose-farm.yaml'), 'compose_dir: ./stacks\nstacks: {}\n');
    symlinkSync(join(folder, 'real/compose-farm.yaml'), join(folder, 'link.yaml'));

    const result = await loadConfig(join(folder, 'link.yaml'));
    if (!result.ok) throw new Error('should load');
    expect(result.config.path).toBe(join(folder, 'real/compose-farm.yaml'));
    expect(result.config.composeDir).toBe(join(folder, 'real/stacks'));
  });

  it('reports a directory and a missing file as problems of the whole file', async () => {
    folder = mkdtempSync(join(tmpdir(), 'cfd-config-'));
    const directory = await loadConfig(folder);
    expect(directory.ok).toBe(false);
    if (directory.ok) return;
    expect(directory.problems[0]).toMatchObject({ file: folder, line: null, column: null });
    expect(directory.problems[0]?.message).toBe('config path is a directory, not a file');
    expect(directory.problems[0]?.hint).toContain('Docker');

    const missing = await loadConfig(join(folder, 'nope.yaml'));
    expect(missing.ok ? '' : missing.problems[0]?.message).toBe('config file not found');
  });
});

describe('formatConfigProblem', () => {
  it('writes FILE:LINE:COL: key: message and an indented hint', () => {
    const problem: ConfigProblem = {
      file: '/c.yaml',
      line: 3,
      column: 7,
      keyPath: 'stacks.web',
      message: 'what is wrong',
      hint: 'how to fix',
    };
    expect(formatConfigProblem(problem)).toBe(
      '/c.yaml:3:7: stacks.web: what is wrong\n  hint: how to fix',
    );
    expect(formatConfigProblem({ ...problem, line: null, column: null, keyPath: '' })).toBe(
      '/c.yaml: what is wrong\n  hint: how to fix',
    );
  });
});

describe('hints for likely slips in stack assignments', () => {
  const hosts = 'hosts:\n  h1: 192.0.2.1\n  h2: 192.0.2.2\nstacks:\n';

  it('suggests a list for comma-separated hosts', () => {
    const problem = problemFor(problemsOfText(`${hosts}  web: h1, h2\n`), 'stacks.web');
    expect(problem.message).toContain('unknown host "h1, h2"');
    expect(problem.hint).toBe('write a list to run the stack on several hosts: web: [h1, h2]');
  });

  it('suggests all in lower case', () => {
    const problem = problemFor(problemsOfText(`${hosts}  web: All\n`), 'stacks.web');
    expect(problem.message).toContain('(did you mean "all"?)');
    expect(problem.hint).toBe('write "all" in lower case to run the stack on every host');
  });
});
