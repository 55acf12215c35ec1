#!/usr/bin/env node
// In a checkout (the TypeScript sources are present), run them through tsx, so that `cf` never
// runs a stale build after an update. An installed package ships only the build, which runs as is.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'main', 'cli', 'index.ts');
const built = join(root, 'out', 'main', 'cli.js');

if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  await import(pathToFileURL(built).href);
}
