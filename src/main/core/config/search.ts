import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConfigProblem } from './problem';

export const CONFIG_FILE_NAME = 'compose-farm.yaml';

/** Everything the search depends on, injectable so tests need not touch the real home. */
export interface ConfigSearchOptions {
  /** A path given with `--config`/`-c`; used as written even when it does not exist. */
  readonly explicitPath?: string;
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly home?: string;
}

export type ConfigSearchResult =
  | { readonly ok: true; readonly path: string; readonly searched: readonly string[] }
  | { readonly ok: false; readonly problem: ConfigProblem; readonly searched: readonly string[] };

type PathKind = 'file' | 'directory' | 'other' | 'missing';

function pathKind(path: string): PathKind {
  try {
    const stats = statSync(path);
    if (stats.isFile()) return 'file';
    return stats.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}

/** `$XDG_CONFIG_HOME/compose-farm/compose-farm.yaml`, with `~/.config` when XDG is unset. */
export function userConfigPath(options: Pick<ConfigSearchOptions, 'env' | 'home'> = {}): string {
  const env = options.env ?? process.env;
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg !== undefined && xdg !== '' ? xdg : join(options.home ?? homedir(), '.config');
  return join(base, 'compose-farm', CONFIG_FILE_NAME);
}

/**
 * Finds the config file in Compose Farm's order: the explicit path, `CF_CONFIG` when it names a
 * regular file, `./compose-farm.yaml`, then the user config folder. The searched list contains the
 * last two, as Compose Farm's "not found" message does. A candidate that exists as a directory
 * is chosen and reported, since it is almost always a broken Docker file mount.
 */
export function findConfigFile(options: ConfigSearchOptions = {}): ConfigSearchResult {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;

  if (options.explicitPath !== undefined) {
    const path = resolve(cwd, options.explicitPath);
    return checkCandidate(path, [path]);
  }

  const fromEnv = env.CF_CONFIG;
  let skippedEnv: string | undefined;
  if (fromEnv !== undefined && fromEnv !== '') {
    const path = resolve(cwd, fromEnv);
    const kind = pathKind(path);
    if (kind === 'file') return { ok: true, path, searched: [path] };
    skippedEnv = skippedEnvNote(path, kind);
  }

  const searched = [join(cwd, CONFIG_FILE_NAME), userConfigPath({ env, home: options.home })];
  const found = searched.find((path) => pathKind(path) !== 'missing');
  if (found !== undefined) return checkCandidate(found, searched);

  return {
    ok: false,
    searched,
    problem: fileProblem(
      searched[0] ?? CONFIG_FILE_NAME,
      `config file not found. Searched: ${searched.join(', ')}`,
      (skippedEnv === undefined ? '' : `${skippedEnv}; `) +
        'create one with `cf config init`, or name it with --config PATH or the CF_CONFIG variable',
    ),
  };
}

/**
 * Explains why CF_CONFIG was passed over. Compose Farm skips it silently, which hides the
 * usual cause in containers: a file mount whose source is missing becomes an empty directory.
 */
function skippedEnvNote(path: string, kind: PathKind): string {
  if (kind === 'directory') {
    return (
      `CF_CONFIG names ${path}, which is a directory and was skipped ` +
      '(Docker creates an empty directory when the source of a file mount does not exist)'
    );
  }
  if (kind === 'missing') return `CF_CONFIG names ${path}, which does not exist and was skipped`;
  return `CF_CONFIG names ${path}, which is not a regular file and was skipped`;
}

function checkCandidate(path: string, searched: readonly string[]): ConfigSearchResult {
  switch (pathKind(path)) {
    case 'file':
      return { ok: true, path, searched };
    case 'directory':
      return {
        ok: false,
        searched,
        problem: fileProblem(
          path,
          'config path is a directory, not a file',
          'Docker creates an empty directory when the source of a file mount does not exist; ' +
            'remove the directory and mount or create the real compose-farm.yaml there',
        ),
      };
    case 'other':
      return {
        ok: false,
        searched,
        problem: fileProblem(path, 'config path is not a regular file', 'point it at a YAML file'),
      };
    case 'missing':
      return {
        ok: false,
        searched,
        problem: fileProblem(
          path,
          `config file not found. Searched: ${searched.join(', ')}`,
          'check the path, or create the file with `cf config init`',
        ),
      };
  }
}

export function fileProblem(file: string, message: string, hint: string): ConfigProblem {
  return { file, line: null, column: null, keyPath: '', message, hint };
}
