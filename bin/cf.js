#!/usr/bin/env node
// Runs the built CLI when `npm run build` has produced it, otherwise the TypeScript sources
// through tsx, so that a global install from a checkout works either way.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'main', 'cli.js');

if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'main', 'cli', 'index.ts')).href);
}
