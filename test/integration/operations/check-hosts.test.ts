import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeLab } from '../../lab/describe-lab';
import { labInfo, stopSshd, startSshd } from '../../lab/lab';
import { cf, labHome } from '../../support/cf-process';

let dir: string;
let home: string;

function setUp(hosts: string[]): void {
  const lines = labInfo()
    .hosts.filter((host) => hosts.includes(host.name))
    .map((host) => `  ${host.name}: {address: ${host.address}, port: ${host.port}, user: root}`);
  writeFileSync(
    join(dir, 'compose-farm.yaml'),
    `compose_dir: ${join(dir, 'stacks')}\nhosts:\n${lines.join('\n')}\nstacks:\n  needs: h1\n`,
  );
}

describeLab('check on the hosts', () => {
  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'cf-check-')));
    home = labHome(labInfo().sshConfig);
    mkdirSync(join(dir, 'stacks', 'needs'), { recursive: true });
    writeFileSync(
      join(dir, 'stacks', 'needs', 'compose.yaml'),
      [
        'services:',
        '  app:',
        '    image: local/busybox:1',
        `    volumes: ["${dir}:/here", "/srv/cf-check-missing:/data"]`,
        '    devices: ["/dev/cf-check-missing:/dev/x"]',
        '    networks: [edge]',
        'networks:',
        '  edge:',
        '    external: true',
        '    name: cf_check_missing',
        '',
      ].join('\n'),
    );
    setUp(['h1', 'h2']);
  });

  it('lists what a stack misses on its host', async () => {
    const result = await cf(['check'], { cwd: dir, home });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✓ All hosts reachable');
    expect(result.stderr).toContain('Missing mounts (1):');
    expect(result.stderr).toContain('needs@h1: /srv/cf-check-missing');
    expect(result.stderr).toContain('Missing networks (1):');
    expect(result.stderr).toContain('needs@h1: cf_check_missing');
    expect(result.stderr).toContain('Missing devices (1):');
    expect(result.stderr).toContain('needs@h1: /dev/cf-check-missing');
    expect(result.stderr).not.toContain(`needs@h1: ${dir}\n`);
  });

  it('rates every host for a named stack', async () => {
    const result = await cf(['check', 'needs'], { cwd: dir, home });
    expect(result.stdout).toContain('Host compatibility for needs:');
    expect(result.stdout).toMatch(
      /✗ h1 2\/5 \(missing: \/srv\/cf-check-missing, \/dev\/cf-check-missing, \+1 more\) \(assigned\)/,
    );
    expect(result.stdout).toMatch(/✗ h2 2\/5 /);
  });

  it('reports a host whose sshd is down', async () => {
    await stopSshd('h2');
    try {
      const result = await cf(['check'], { cwd: dir, home });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Unreachable hosts (1):');
      expect(result.stderr).toMatch(/h2: .*127\.0\.0\.12/);
    } finally {
      await startSshd('h2');
    }
  });
});
