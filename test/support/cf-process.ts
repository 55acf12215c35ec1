import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/main/cli/index.ts', import.meta.url));
/** tsx's loader by absolute URL, so that the CLI can run from any working folder. */
const TSX_LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export interface CfResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A home folder whose `~/.ssh/config` is the lab's: the lab key, the lab's known_hosts checked
 * strictly, and no agent. The CLI then reaches the lab hosts exactly as a user's would.
 */
export function labHome(labSshConfig: string): string {
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'cf-home-')));
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  copyFileSync(labSshConfig, join(home, '.ssh', 'config'));
  return home;
}

/** Runs the real `cf` (from the TypeScript sources) as a separate process. */
export function cf(
  args: readonly string[],
  options: { cwd: string; home: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CfResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: options.home,
      XDG_CONFIG_HOME: join(options.home, '.config'),
      USER: 'root',
      NO_COLOR: '1',
      ...options.env,
    };
    const child = spawn(process.execPath, ['--import', TSX_LOADER, CLI, ...args], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
