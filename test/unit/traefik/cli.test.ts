import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { runCf } from '../../support/run-cli';
import { copyCase } from './cases';

describe('cf traefik-file', () => {
  it('prints the config for the named stacks', async () => {
    const copied = await copyCase('14-traefik-two-routers-two-ports');
    const run = await runCf(['traefik-file', 'minio', '-c', copied.configPath], {
      cwd: copied.dir,
    });

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(parse(run.stdout)).toEqual(
      parse(readFileSync(join(copied.dir, 'expected-traefik.yaml'), 'utf8')),
    );
  });

  it('writes the file once, then reports it unchanged', async () => {
    const copied = await copyCase('13-traefik-basicauth-dollars');
    const args = ['traefik-file', '--all', '-o', 'out/farm.yml', '-c', copied.configPath];

    const first = await runCf(args, { cwd: copied.dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Traefik config written to ${join(copied.dir, 'out/farm.yml')}`);
    expect(readFileSync(join(copied.dir, 'out/farm.yml'), 'utf8')).toContain(
      'admin:$apr1$Qm9vZ3Vz$8zLc1rWq0mYtH5eXbN2aP/',
    );

    const second = await runCf(args, { cwd: copied.dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Traefik config unchanged');
  });

  it('fails and writes nothing when a stack has no compose file', async () => {
    const copied = await copyCase('07-compose-file-precedence');
    const run = await runCf(['traefik-file', '--all', '-o', 'out.yml', '-c', copied.configPath], {
      cwd: copied.dir,
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[empty]');
    expect(run.stderr).toContain('no compose file');
    expect(() => readFileSync(join(copied.dir, 'out.yml'))).toThrow();
  });

  it('resolves SSH config aliases', async () => {
    const copied = await copyCase('19-ssh-config-alias');
    const home = join(copied.root, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    copyFileSync(join(copied.dir, 'ssh_config'), join(home, '.ssh', 'config'));
    const run = await runCf(['traefik-file', '--all', '-c', copied.configPath], {
      cwd: copied.dir,
      env: { HOME: home, USER: 'tester' },
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('url: http://127.0.0.11:18090');
    expect(run.stdout).toContain('url: http://127.0.0.12:18091');
    expect(run.stdout).not.toContain('nas-lab');
  });

  it('requires stack names or --all', async () => {
    const copied = await copyCase('14-traefik-two-routers-two-ports');
    const run = await runCf(['traefik-file', '-c', copied.configPath], { cwd: copied.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Specify stacks or use --all');
  });
});
