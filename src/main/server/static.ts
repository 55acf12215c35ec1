import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
  /** Hashed bundle files never change; the page itself must always be fetched fresh. */
  readonly immutable: boolean;
}

/**
 * Finds the folder `electron-vite build` writes the renderer to. It walks up from this module to
 * the package root, because the same code runs from `src/` through tsx and from `out/` when built.
 */
export function defaultRendererDir(from: string = import.meta.dirname): string {
  let folder = from;
  for (let level = 0; level < 8; level += 1) {
    if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'src', 'renderer'))) {
      return join(folder, 'out', 'renderer');
    }
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return resolve(from, '..', '..', 'out', 'renderer');
}

export function isRendererBuilt(rendererDir: string): boolean {
  return existsSync(join(rendererDir, 'index.html'));
}

/**
 * Reads a file of the built renderer for a URL path. Paths outside the folder, folders and
 * missing files give undefined; `/` gives the page.
 */
export async function readStaticFile(
  rendererDir: string,
  urlPath: string,
): Promise<StaticFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' ? 'index.html' : normalize(decoded).replace(/^[/\\]+/, '');
  const root = resolve(rendererDir);
  const file = resolve(root, relative);
  if (!file.startsWith(root + sep)) return undefined;

  try {
    if (!(await stat(file)).isFile()) return undefined;
    return {
      body: await readFile(file),
      contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      immutable: relative.startsWith(`assets${sep}`) || relative.startsWith('assets/'),
    };
  } catch {
    return undefined;
  }
}
