import { cpSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadConfig, type Config } from '../../../src/main/core/config';

const casesDir = fileURLToPath(new URL('../../fixtures/cases/', import.meta.url));

export interface CopiedCase {
  readonly root: string;
  readonly dir: string;
  readonly configPath: string;
  readonly config: Config;
}

/** Copies a case folder to a fresh `CASES/` folder, fills in the placeholder and loads its config. */
export async function copyCase(name: string): Promise<CopiedCase> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'cf-traefik-')));
  const dir = join(root, name);
  cpSync(join(casesDir, name), dir, { recursive: true });
  const configPath = join(dir, 'compose-farm.yaml');
  writeFileSync(configPath, readFileSync(configPath, 'utf8').replaceAll('CASES/', `${root}/`));
  const loaded = await loadConfig(configPath);
  if (!loaded.ok) throw new Error(`case ${name} has an invalid config`);
  return { root, dir, configPath, config: loaded.config };
}
