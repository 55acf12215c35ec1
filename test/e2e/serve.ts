import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** A running `cf serve` on a temporary folder, and the address it printed. */
export interface ServedFarm {
  readonly folder: string;
  readonly url: string;
  /** Writes a file below the farm's folder, creating folders as needed. */
  write(path: string, text: string): void;
  stop(): Promise<void>;
}

/**
 * Starts the real command, as a user would, in a folder holding `files`. XDG_CONFIG_HOME points
 * inside the folder, so a farm without compose-farm.yaml gets the first-run screen.
 */
export async function serveFarm(
  files: Readonly<Record<string, string>>,
  options: { home?: string; folder?: string } = {},
): Promise<ServedFarm> {
  const folder = options.folder ?? mkdtempSync(join(tmpdir(), 'cf-e2e-'));
  const write = (path: string, text: string) => {
    const target = join(folder, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text.replaceAll('FARM/', `${folder}/`));
  };
  for (const [path, text] of Object.entries(files)) write(path, text);

  const child = spawn(process.execPath, [join(root, 'bin', 'cf.js'), 'serve', '--port', '0'], {
    cwd: folder,
    env: {
      PATH: process.env.PATH,
      HOME: options.home ?? folder,
      USER: 'root',
      XDG_CONFIG_HOME: join(folder, 'xdg'),
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await printedUrl(child);
  return {
    folder,
    url,
    write,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      // A folder the caller passed in is the caller's to remove.
      if (options.folder === undefined) rmSync(folder, { recursive: true, force: true });
    },
  };
}

function printedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`cf serve printed no address:\n${output}`)),
      20_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cf serve ended with code ${code}:\n${output}`));
    });
  });
}
