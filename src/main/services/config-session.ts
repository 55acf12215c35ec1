import type { FSWatcher } from 'node:fs';
import { watch } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ConfigView, Result } from '../../shared/contract';
import { failed, ok } from '../../shared/contract';
import type { Config, ConfigProblem } from '../core/config';
import {
  CONFIG_FILE_NAME,
  findConfigFile,
  formatConfigProblem,
  loadConfig,
  userConfigPath,
} from '../core/config';
import type { DeployedState } from '../core/state';
import { STATE_FILE_NAME, StateFileError, readState, stateFilePath } from '../core/state';
import type { EventHub } from './events';
import type { Logger } from './log';
import { silentLogger } from './log';

export interface ConfigSessionOptions {
  /** A path given with `--config`; without it the usual search applies. */
  readonly explicitPath?: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly home?: string;
  readonly events: EventHub;
  readonly log?: Logger;
  /** How long to wait for more file changes before announcing one; editors write in bursts. */
  readonly settleMs?: number;
}

/** A loaded config and the state file beside it. */
export interface Farm {
  readonly config: Config;
  readonly state: DeployedState;
  readonly statePath: string;
}

/**
 * The compose-farm.yaml in use and the watch on its folder. The file is read again on every
 * call, because it is small and a fresh read never hides an edit behind a cache.
 */
export class ConfigSession {
  #explicitPath: string | undefined;
  #watcher: FSWatcher | undefined;
  #watchedFolder: string | undefined;
  #watchedConfig: string | undefined;
  readonly #pending = new Map<string, NodeJS.Timeout>();
  readonly #log: Logger;

  constructor(private readonly options: ConfigSessionOptions) {
    this.#explicitPath = options.explicitPath;
    this.#log = options.log ?? silentLogger;
  }

  /** Returns the config as data: loaded, invalid with its problems, or missing with the places searched. */
  async view(): Promise<ConfigView> {
    const found = findConfigFile({
      explicitPath: this.#explicitPath,
      cwd: this.options.cwd,
      env: this.options.env,
      home: this.options.home,
    });
    if (!found.ok) {
      this.#watchFolderOf(undefined);
      return {
        status: 'missing',
        searched: [...found.searched],
        problem: { ...found.problem },
        suggestedPath: userConfigPath({ env: this.options.env, home: this.options.home }),
      };
    }
    this.#watchFolderOf(found.path);
    const loaded = await loadConfig(found.path);
    if (!loaded.ok) {
      return { status: 'invalid', path: found.path, problems: loaded.problems.map(copyProblem) };
    }
    const { config } = loaded;
    return {
      status: 'loaded',
      path: config.path,
      composeDir: config.composeDir,
      statePath: stateFilePath(config),
      hostCount: config.hosts.size,
      stackCount: config.stacks.size,
      warnings: loaded.warnings.map(copyProblem),
    };
  }

  /** Loads the config and state for calls that need them, or returns why they do not load. */
  async farm(): Promise<Result<Farm>> {
    const view = await this.view();
    if (view.status === 'missing') {
      return failed(
        'config-missing',
        formatConfigProblem(view.problem),
        'Create or choose compose-farm.yaml on the first-run screen.',
      );
    }
    if (view.status === 'invalid') {
      const [first] = view.problems;
      const message =
        first === undefined ? `Invalid config: ${view.path}` : formatConfigProblem(first);
      return failed(
        'config-invalid',
        message,
        'Fix compose-farm.yaml; the app reloads it when it changes.',
      );
    }
    const loaded = await loadConfig(view.path);
    if (!loaded.ok)
      return failed(
        'config-invalid',
        `Invalid config: ${view.path}`,
        'Fix compose-farm.yaml and try again.',
      );

    const statePath = stateFilePath(loaded.config);
    try {
      return ok({ config: loaded.config, state: await readState(statePath), statePath });
    } catch (error) {
      if (error instanceof StateFileError)
        return failed('state-invalid', error.message, error.hint);
      throw error;
    }
  }

  /**
   * Returns the paths the window may create or switch to: the places searched, the suggested
   * path and the path given at start. The window must not name any other file, such as one
   * that is not a config or one that it would overwrite.
   */
  choosablePaths(): ReadonlySet<string> {
    const { cwd, env, home, explicitPath } = this.options;
    const found = findConfigFile({ explicitPath, cwd, env, home });
    return new Set(
      [
        ...found.searched,
        join(cwd, CONFIG_FILE_NAME),
        userConfigPath({ env, home }),
        ...(explicitPath === undefined ? [] : [explicitPath]),
      ].map((path) => resolve(cwd, path)),
    );
  }

  /**
   * Switches to another config file and emits `config.changed`.
   * NOTE: the choice lasts until the app quits. At the next start the usual search applies, so
   * the file found first wins again.
   */
  use(path: string): void {
    this.#explicitPath = path;
    this.options.events.emit('config.changed', { path });
  }

  dispose(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
    this.#watchedFolder = undefined;
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }

  /**
   * Watches the folder rather than the files: editors and the state writer replace files by
   * renaming, which ends a watch on the file itself.
   */
  #watchFolderOf(configPath: string | undefined): void {
    const folder = configPath === undefined ? undefined : dirname(configPath);
    this.#watchedConfig = configPath;
    if (folder === this.#watchedFolder) return;
    this.#watcher?.close();
    this.#watcher = undefined;
    this.#watchedFolder = folder;
    if (folder === undefined || configPath === undefined) return;

    try {
      this.#watcher = watch(folder, { persistent: false }, (_type, fileName) => {
        if (fileName === basename(this.#watchedConfig ?? '')) this.#announce('config');
        else if (fileName === STATE_FILE_NAME) this.#announce('state');
      });
      this.#watcher.on('error', (error) =>
        this.#log.warn(`Stopped watching ${folder}: ${error.message}`),
      );
    } catch (error) {
      this.#log.warn(`Cannot watch ${folder} for changes: ${(error as Error).message}`);
    }
  }

  #announce(which: 'config' | 'state'): void {
    clearTimeout(this.#pending.get(which));
    const timer = setTimeout(() => {
      this.#pending.delete(which);
      const folder = this.#watchedFolder;
      const configPath = this.#watchedConfig;
      if (folder === undefined || configPath === undefined) return;
      if (which === 'config') this.options.events.emit('config.changed', { path: configPath });
      else this.options.events.emit('stacks.stateChanged', { path: join(folder, STATE_FILE_NAME) });
    }, this.options.settleMs ?? 150);
    this.#pending.set(which, timer);
  }
}

function copyProblem(problem: ConfigProblem): ConfigProblem {
  return { ...problem };
}
