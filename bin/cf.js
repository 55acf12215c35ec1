#!/usr/bin/env node
// Runs the build when it is newer than every source file, and otherwise the TypeScript sources
// through tsx, so that `cf` starts fast after `npm run build` but never runs a stale build after
// an update. An installed package ships only the build, which runs as is.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = join(root, 'src');
const entry = join(sources, 'main', 'cli', 'index.ts');
const built = join(root, 'out', 'main', 'cli.js');

/** The newest modification time of any file below `folder`, in milliseconds. */
function newestChange(folder) {
  let newest = 0;
  for (const item of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, item.name);
    const time = item.isDirectory() ? newestChange(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

const useSources =
  existsSync(entry) && (!existsSync(built) || newestChange(sources) > statSync(built).mtimeMs);

if (useSources) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry).href);
} else {
  await import(pathToFileURL(built).href);
}
