/**
 * Helpers for lab tests that drive the real `cf`: reading the state file, looking at the
 * containers each host's engine really runs, and removing what a test left behind. Containers
 * are matched by the folder compose ran in, so tests of others on the same lab are left alone.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { dockerOn } from '../../lab/lab';
import type { CfResult } from '../../support/cf-process';

export const LAB_HOSTS = ['h1', 'h2', 'h3'] as const;

export interface Container {
  readonly id: string;
  readonly name: string;
  readonly project: string;
  readonly startedAt: string;
  readonly running: boolean;
  readonly workingDir: string;
}

const WORKING_DIR = 'com.docker.compose.project.working_dir';
const INSPECT_FORMAT = [
  '{{.Id}}',
  '{{.Name}}',
  '{{index .Config.Labels "com.docker.compose.project"}}',
  '{{.State.StartedAt}}',
  '{{.State.Running}}',
  `{{index .Config.Labels "${WORKING_DIR}"}}`,
].join('\t');

/** Lists every compose container on `host` (running or not) whose compose folder is under `root`. */
export async function containersUnder(host: string, root: string): Promise<Container[]> {
  const ids = await dockerOn(host, ['ps', '-aq', '--filter', 'label=com.docker.compose.project']);
  const list = ids.stdout.split('\n').filter(Boolean);
  if (list.length === 0) return [];
  let lines: string[];
  try {
    const inspected = await dockerOn(host, ['inspect', '--format', INSPECT_FORMAT, ...list]);
    lines = inspected.stdout.split('\n');
  } catch {
    // A container removed between the two calls fails the whole inspect, so inspect one by one.
    lines = [];
    for (const id of list) {
      const one = await dockerOn(host, ['inspect', '--format', INSPECT_FORMAT, id]).catch(
        () => undefined,
      );
      if (one !== undefined) lines.push(...one.stdout.split('\n'));
    }
  }
  return lines
    .filter(Boolean)
    .map((line) => {
      const [id, name, project, startedAt, running, workingDir] = line.split('\t');
      return {
        id: id ?? '',
        name: (name ?? '').replace(/^\//, ''),
        project: project ?? '',
        startedAt: startedAt ?? '',
        running: running === 'true',
        workingDir: workingDir ?? '',
      };
    })
    .filter((container) => container.workingDir.startsWith(`${root}/`));
}

/** Lists the compose projects with a running container on `host` under `root`, sorted. */
export async function runningProjects(host: string, root: string): Promise<string[]> {
  const containers = await containersUnder(host, root);
  return [...new Set(containers.filter((c) => c.running).map((c) => c.project))].sort();
}

/** Lists the running projects on every lab host, keyed by host. */
export async function placement(root: string): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const host of LAB_HOSTS) result[host] = await runningProjects(host, root);
  return result;
}

/** Lists the compose networks of `project` on `host`. */
export async function networksOf(host: string, project: string): Promise<string[]> {
  const result = await dockerOn(host, [
    'network',
    'ls',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--format',
    '{{.Name}}',
  ]);
  return result.stdout.split('\n').filter(Boolean);
}

/**
 * Removes every container a test started under `root` on every lab host, and then the compose
 * networks of those projects that nothing uses any more.
 */
export async function removeLeftovers(root: string, extraProjects: string[] = []): Promise<void> {
  for (const host of LAB_HOSTS) {
    const containers = await containersUnder(host, root);
    if (containers.length > 0) {
      await dockerOn(host, ['rm', '-f', ...containers.map((c) => c.id)]).catch(() => undefined);
    }
    const projects = new Set([...containers.map((c) => c.project), ...extraProjects]);
    for (const project of projects) {
      const networks = await networksOf(host, project);
      if (networks.length > 0) {
        // docker rejects removing a network that a container still uses, so such a network stays.
        await dockerOn(host, ['network', 'rm', ...networks]).catch(() => undefined);
      }
    }
  }
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Reads the `deployed:` map of a state file with host lists sorted. It is empty without a file. */
export function deployed(dir: string): Record<string, string | string[]> {
  return normalizeState(parse(readText(join(dir, 'compose-farm-state.yaml'))));
}

export function normalizeState(document: unknown): Record<string, string | string[]> {
  const map = (document as { deployed?: Record<string, string | string[]> } | null)?.deployed;
  const result: Record<string, string | string[]> = {};
  for (const [stack, hosts] of Object.entries(map ?? {})) {
    result[stack] = Array.isArray(hosts) ? [...hosts].sort() : hosts;
  }
  return result;
}

const CLI = fileURLToPath(new URL('../../../src/main/cli/index.ts', import.meta.url));
const TSX_LOADER = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export interface LiveCf {
  /** Resolves once stdout or stderr contains `text`, and rejects after `timeoutMs`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  interrupt(): void;
  readonly done: Promise<CfResult>;
}

/** Starts the real `cf` like `cf()` does, but hands back control while it runs. */
export function startCf(args: readonly string[], options: { cwd: string; home: string }): LiveCf {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, CLI, ...args], {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH,
      HOME: options.home,
      XDG_CONFIG_HOME: join(options.home, '.config'),
      USER: 'root',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    notify();
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const done = new Promise<CfResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
  return {
    done,
    interrupt: () => child.kill('SIGINT'),
    waitFor: (text, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!(stdout + stderr).includes(text)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(`timed out: no "${text}" within ${timeoutMs} ms:\n${stdout}\n${stderr}`),
          );
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}
