import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM } from './browser';

const root = join(import.meta.dirname, '..', '..');

/** Builds the app once for all browser tests: `cf serve` serves what the build wrote. */
export default function setup(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run test/e2e/install.sh (as root) to install Chromium.`,
    );
  }
  execFileSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
