/**
 * A generated farm for benchmarks: M one-service stacks spread round-robin over the lab hosts,
 * with the compose-farm.yaml that places them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { BUSYBOX_IMAGE } from './layout';

export interface FarmHost {
  name: string;
  address: string;
  port: number;
}

export interface FarmOptions {
  /** Folder to write into; gets compose-farm.yaml and stacks/<name>/compose.yaml. */
  dir: string;
  /** How many stacks. */
  stacks: number;
  /** Hosts to spread them over, e.g. labInfo().hosts. */
  hosts: FarmHost[];
  /** The user in compose-farm.yaml; root, as the lab's sshd expects. */
  user?: string;
}

export interface Farm {
  configPath: string;
  composeDir: string;
  /** Stack name → host name, in the order written. */
  placement: Map<string, string>;
}

const STACK_COMPOSE = `services:
  app:
    image: ${BUSYBOX_IMAGE}
    command: ["sleep", "3600"]
`;

export function generateFarm(options: FarmOptions): Farm {
  const { dir, stacks, hosts } = options;
  if (!Number.isInteger(stacks) || stacks < 1) {
    throw new Error(`generateFarm needs a positive number of stacks; got ${stacks}.`);
  }
  if (hosts.length === 0) throw new Error('generateFarm needs at least one host.');

  const composeDir = join(dir, 'stacks');
  const width = String(stacks).length;
  const placement = new Map<string, string>();
  for (let index = 0; index < stacks; index++) {
    const name = `s${String(index + 1).padStart(width, '0')}`;
    const host = hosts[index % hosts.length] as FarmHost;
    placement.set(name, host.name);
    mkdirSync(join(composeDir, name), { recursive: true });
    writeFileSync(join(composeDir, name, 'compose.yaml'), STACK_COMPOSE);
  }

  const user = options.user ?? 'root';
  const lines = [`compose_dir: ${JSON.stringify(composeDir)}`, 'hosts:'];
  for (const host of hosts) {
    lines.push(`  ${host.name}: {address: ${host.address}, port: ${host.port}, user: ${user}}`);
  }
  lines.push('stacks:');
  for (const [stack, host] of placement) lines.push(`  ${stack}: ${host}`);

  const configPath = join(dir, 'compose-farm.yaml');
  writeFileSync(configPath, `${lines.join('\n')}\n`);
  return { configPath, composeDir, placement };
}
