import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeLab } from '../../lab/describe-lab';
import { dockerOn, labInfo } from '../../lab/lab';
import { copyCase } from '../../support/cases';
import type { CopiedCase } from '../../support/cases';
import { cf } from '../../support/cf-process';

let copied: CopiedCase;
let home: string;

function run(...args: string[]) {
  return cf(args, { cwd: copied.dir, home });
}

async function running(host: string, project: string): Promise<boolean> {
  const result = await dockerOn(host, [
    'ps',
    '-q',
    '--filter',
    `label=com.docker.compose.project=${project}`,
  ]);
  return result.stdout.trim() !== '';
}

describeLab('hosts named by SSH config aliases', () => {
  beforeAll(() => {
    copied = copyCase('19-ssh-config-alias', { labDir: labInfo().dir });
    home = realpathSync(mkdtempSync(join(tmpdir(), 'cf-alias-home-')));
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    copyFileSync(join(copied.dir, 'ssh_config'), join(home, '.ssh', 'config'));
    appendFileSync(copied.config, `traefik_file: ${join(copied.root, 'traefik', 'farm.yml')}\n`);
  });

  afterAll(async () => {
    await run('down', '--all');
  });

  it('starts stacks through the alias and the jump host', async () => {
    const result = await run('up', '--all');
    expect(result.code).toBe(0);
    expect(await running('h1', 'hello')).toBe(true);
    expect(await running('h2', 'edge-hello')).toBe(true);
    expect(result.stderr).not.toMatch(/ENOTFOUND|getaddrinfo/);
  });

  it('routes Traefik to the addresses behind the aliases', () => {
    const file = parse(readFileSync(join(copied.root, 'traefik', 'farm.yml'), 'utf8')) as {
      http: { services: Record<string, { loadbalancer: { servers: { url: string }[] } }> };
    };
    expect(file.http.services.hello?.loadbalancer.servers).toEqual([
      { url: 'http://127.0.0.11:18090' },
    ]);
    expect(file.http.services['edge-hello']?.loadbalancer.servers).toEqual([
      { url: 'http://127.0.0.12:18091' },
    ]);
  });

  it('lists both stacks as running', async () => {
    const result = await run('ps', '--json');
    expect(result.code).toBe(0);
    const rows = (
      JSON.parse(result.stdout) as { rows: { stack: string; host: string; state: string }[] }
    ).rows;
    expect(rows.find((row) => row.stack === 'hello')).toMatchObject({
      host: 'nas',
      state: 'running',
    });
    expect(rows.find((row) => row.stack === 'edge-hello')).toMatchObject({
      host: 'edge',
      state: 'running',
    });
  });
});
