import {
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CASES_DIR = fileURLToPath(new URL('../fixtures/cases/', import.meta.url));

/** Files at the top of a case folder whose `CASES/` and `LAB/` placeholders are filled in. */
const TEMPLATE_FILE = /^(compose-farm.*\.ya?ml|ssh_config)$/;

export interface CopiedCase {
  /** The folder that replaces `CASES/`; the case itself is `root/<name>`. */
  readonly root: string;
  readonly dir: string;
  readonly config: string;
}

/**
 * Copies a case folder to a new temporary folder and fills in its placeholders: `CASES/` with
 * that folder and, when given, `LAB/` with the lab's folder.
 */
export function copyCase(name: string, options: { labDir?: string } = {}): CopiedCase {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'cf-case-')));
  const dir = join(root, name);
  cpSync(join(CASES_DIR, name), dir, { recursive: true });

  for (const file of readdirSync(dir)) {
    if (!TEMPLATE_FILE.test(file)) continue;
    const path = join(dir, file);
    let text = readFileSync(path, 'utf8').replaceAll('CASES/', `${root}/`);
    if (options.labDir !== undefined) text = text.replaceAll('LAB/', `${options.labDir}/`);
    writeFileSync(path, text);
  }
  return { root, dir, config: join(dir, 'compose-farm.yaml') };
}
