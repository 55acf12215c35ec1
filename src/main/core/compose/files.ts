import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** The names docker compose looks for in a project folder, in its order of preference. */
export const COMPOSE_FILE_NAMES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
  'docker-compose.yaml',
] as const;

/** The override files docker compose merges over the main file, in its order of preference. */
export const OVERRIDE_FILE_NAMES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
] as const;

export interface ComposeFiles {
  /** Absolute path of the main compose file, or `null` when the folder has none. */
  readonly main: string | null;
  /** Absolute path of the override file merged over the main one, if any. */
  readonly override: string | null;
  /** Every candidate present, so a warning can name the ones that were passed over. */
  readonly foundMain: readonly string[];
  readonly foundOverride: readonly string[];
}

/**
 * Finds the files docker compose would read in a stack folder. Unlike compose, the search never
 * climbs to the parent folder: a stack without its own compose file has none, and must not pick up
 * a file lying in `compose_dir`.
 */
export async function findComposeFiles(stackDir: string): Promise<ComposeFiles> {
  const foundMain = await existingFiles(stackDir, COMPOSE_FILE_NAMES);
  const foundOverride =
    foundMain.length > 0 ? await existingFiles(stackDir, OVERRIDE_FILE_NAMES) : [];
  return {
    main: foundMain[0] ?? null,
    override: foundOverride[0] ?? null,
    foundMain,
    foundOverride,
  };
}

/** Compose's warning when several candidate names exist: all of them, then the winner. */
export function multipleFilesMessage(
  kind: 'compose' | 'override',
  found: readonly string[],
): string {
  const names = found.map((path) => basename(path)).join(', ');
  const used = basename(found[0] ?? '');
  const fileKind = kind === 'compose' ? 'compose files' : 'override files';
  return `found several ${fileKind} (${names}); using ${used}. Remove or rename the others to silence this warning.`;
}

/**
 * Sub-folders of `compose_dir` that hold a compose file under one of the four names, sorted by
 * name. A compose file directly in `compose_dir` is not a stack.
 */
export async function discoverStackFolders(composeDir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(composeDir, { withFileTypes: true });
  } catch {
    return [];
  }

  const stacks: string[] = [];
  for (const entry of entries) {
    const folder = join(composeDir, entry.name);
    if (!(await isDirectory(folder))) continue;
    if ((await existingFiles(folder, COMPOSE_FILE_NAMES)).length > 0) stacks.push(entry.name);
  }
  return stacks.sort();
}

async function existingFiles(folder: string, names: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of names) {
    const path = join(folder, name);
    if (await isFile(path)) found.push(path);
  }
  return found;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
