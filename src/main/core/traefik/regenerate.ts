import type { Config } from '../config/types';
import type { TraefikWarning } from './build';
import {
  generateTraefikConfig,
  type GenerateTraefikOptions,
  type TraefikStackError,
} from './generate';
import { renderTraefikYaml, writeTraefikFile } from './render';

export interface RegenerateResult {
  /** `traefik_file` from the config; `null` when it is not set and nothing was done. */
  readonly path: string | null;
  readonly written: boolean;
  readonly warnings: readonly TraefikWarning[];
  /** Stacks that could not be read; the previous file was kept as it was. */
  readonly errors: readonly TraefikStackError[];
}

/**
 * Rewrites `traefik_file` from every configured stack, as after `up`, `down` or `update`. The
 * file keeps its previous content when a stack's compose files cannot be read, so routes are
 * not dropped because of one broken folder. Throws only when the file cannot be written.
 */
export async function regenerateTraefikFile(
  config: Config,
  options: Omit<GenerateTraefikOptions, 'stacks' | 'checkAll'> = {},
): Promise<RegenerateResult> {
  const path = config.traefikFile;
  if (path === null) return { path, written: false, warnings: [], errors: [] };

  const generated = await generateTraefikConfig(config, {
    ...options,
    stacks: [...config.stacks.keys()],
  });
  if (generated.errors.length > 0) {
    return { path, written: false, warnings: generated.warnings, errors: generated.errors };
  }
  const written = await writeTraefikFile(path, renderTraefikYaml(generated.config, path));
  return { path, written, warnings: generated.warnings, errors: [] };
}
