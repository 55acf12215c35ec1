import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { downLab, ensureLab, labProblems } from '../lab/lab';
import { labDir } from '../lab/layout';
import { CHROMIUM } from './browser';

const root = join(import.meta.dirname, '..', '..');

function inCi(): boolean {
  const value = process.env.CI;
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/**
 * Builds the app once for all browser tests: `cf serve` serves what the build wrote. In CI the
 * browser tests that need hosts must run too, so the lab is started when it is down (and
 * stopped again afterwards, unless CF_LAB_KEEP is set).
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run test/e2e/install.sh (as root) to install Chromium.`,
    );
  }
  execFileSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  if (!inCi() || (await labProblems()).length === 0) return;
  const dir = labDir();
  try {
    await ensureLab({ log: (line) => console.log(`lab: ${line}`) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`The integration lab could not start in ${dir}: ${message}`, { cause: error });
  }
  if (process.env.CF_LAB_KEEP) return;
  return async () => {
    await downLab(dir);
  };
}
