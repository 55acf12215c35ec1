import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/main/core/config';
import type { Config } from '../../src/main/core/config';

export interface TestFarm {
  readonly dir: string;
  readonly config: Config;
  readonly statePath: string;
}

export interface FarmSpec {
  /** `compose-farm.yaml` without `compose_dir`, which points at the farm's own folder. */
  readonly config: string;
  /** Stack name to compose file text; each gets a folder under `stacks/`. */
  readonly stacks: Record<string, string>;
  readonly state?: string;
}

export const SLEEPER =
  'services:\n  app:\n    image: local/busybox:1\n    command: ["sleep", "3600"]\n';

/** Writes a config, its stack folders and optionally a state file to a new temporary folder. */
export async function makeFarm(spec: FarmSpec): Promise<TestFarm> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'cf-farm-')));
  const stacksDir = join(dir, 'stacks');
  for (const [name, compose] of Object.entries(spec.stacks)) {
    mkdirSync(join(stacksDir, name), { recursive: true });
    writeFileSync(join(stacksDir, name, 'compose.yaml'), compose);
  }
  const configPath = join(dir, 'compose-farm.yaml');
  writeFileSync(configPath, `compose_dir: ${stacksDir}\n${spec.config}`);
  const statePath = join(dir, 'compose-farm-state.yaml');
  if (spec.state !== undefined) writeFileSync(statePath, spec.state);

  const loaded = await loadConfig(configPath);
  if (!loaded.ok) throw new Error(`test farm config is invalid: ${loaded.problems[0]?.message}`);
  return { dir, config: loaded.config, statePath };
}
