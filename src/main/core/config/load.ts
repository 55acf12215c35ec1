import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

import type { ConfigProblem } from './problem';
import { checkRules, ALL_HOSTS } from './rules';
import type { RawConfig } from './schema';
import { rawConfigSchema } from './schema';
import { fileProblem } from './search';
import type { Config, HostConfig, StackConfig } from './types';
import type { YamlSource } from './yaml-source';
import {
  keyProblems,
  keysInOrder,
  parseYamlSource,
  problemAt,
  syntaxProblems,
  unresolvedAliasProblems,
} from './yaml-source';
import { schemaProblems } from './zod-problems';

export const DEFAULT_COMPOSE_DIR = '/opt/compose';

export type ConfigLoadResult =
  | { readonly ok: true; readonly config: Config; readonly warnings: readonly ConfigProblem[] }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

function failed(problems: ConfigProblem[]): ConfigLoadResult {
  const byPosition = [...problems].sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
  return { ok: false, problems: byPosition };
}

/** Reads and validates a config file. Problems name `path` as given; `config.path` is its realpath. */
export async function loadConfig(path: string): Promise<ConfigLoadResult> {
  const absolute = resolve(path);
  let text: string;
  let real: string;
  try {
    if ((await stat(absolute)).isDirectory()) {
      return failed([
        fileProblem(
          absolute,
          'config path is a directory, not a file',
          'Docker creates an empty directory when the source of a file mount does not exist; ' +
            'remove the directory and mount or create the real compose-farm.yaml there',
        ),
      ]);
    }
    if (!(await stat(absolute)).isFile()) {
      // Reading a FIFO or a device would block or never end.
      return failed([
        fileProblem(absolute, 'config path is not a regular file', 'point it at a YAML file'),
      ]);
    }
    real = await realpath(absolute);
    text = await readFile(real, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return failed([
      code === 'ENOENT'
        ? fileProblem(absolute, 'config file not found', 'check the path, or run `cf config init`')
        : fileProblem(
            absolute,
            `cannot read the config file: ${(error as Error).message}`,
            'check that the file exists and that you may read it',
          ),
    ]);
  }
  return parseConfigText(text, absolute, real);
}

/**
 * Validates config text, as a file at `file` would be. `realPath` locates the folder that a
 * relative `compose_dir` or `traefik_file` is resolved against (the folder of the config file,
 * which also contains the state file); it defaults to `file`. Every problem is collected.
 */
export function parseConfigText(text: string, file: string, realPath = file): ConfigLoadResult {
  const source = parseYamlSource(file, text);
  const syntax = syntaxProblems(source);
  const keys = keyProblems(source);
  // After a syntax error the tree no longer matches what the user meant. Only the error is
  // reported, because checking the misread structure would add confusing problems.
  if (syntax.length > 0 || keys.collectionKeys.length > 0) {
    return failed([...syntax, ...keys.collectionKeys, ...keys.duplicates]);
  }

  const aliases = unresolvedAliasProblems(source);
  if (aliases.length > 0) return failed([...aliases, ...keys.duplicates]);

  let data: unknown;
  try {
    data = source.document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // The yaml package throws here when aliases expand beyond maxAliasCount.
    return failed([
      problemAt(
        source,
        0,
        [],
        `the YAML cannot be read: ${(error as Error).message}`,
        'write the values out instead of nesting aliases inside aliases',
      ),
    ]);
  }
  if (data === null || data === undefined) {
    return failed([
      problemAt(
        source,
        0,
        [],
        'the config file is empty',
        'add compose_dir, hosts and stacks; `cf config init` writes a commented example',
      ),
    ]);
  }

  const parsed = rawConfigSchema.safeParse(data);
  const rules = checkRules(source, data);
  const problems = [
    ...keys.duplicates,
    ...(parsed.success ? [] : schemaProblems(source, parsed.error.issues)),
    ...rules.problems,
  ];
  if (!parsed.success || problems.length > 0) return failed(problems);

  return { ok: true, config: buildConfig(source, parsed.data, realPath), warnings: rules.warnings };
}

/** Keys in the order written; JavaScript objects would move names like `123` to the front. */
function orderedEntries<T>(source: YamlSource, section: string, values: Record<string, T>) {
  const written = keysInOrder(source, [section]);
  const order = (key: string) => {
    const index = written.indexOf(key);
    return index === -1 ? written.length : index;
  };
  return Object.entries(values).sort(([a], [b]) => order(a) - order(b));
}

function buildConfig(source: YamlSource, raw: RawConfig, realPath: string): Config {
  // Relative paths are taken from the config file's folder rather than the working directory,
  // so the same file means the same thing from the CLI, the app and any folder.
  const folder = dirname(realPath);

  const hosts = new Map<string, HostConfig>();
  for (const [name, host] of orderedEntries(source, 'hosts', raw.hosts ?? {})) {
    hosts.set(name, {
      name,
      address: host.address ?? '',
      ...(host.user !== undefined && { user: host.user }),
      ...(host.port !== undefined && { port: host.port }),
    });
  }

  const stacks = new Map<string, StackConfig>();
  for (const [name, assignment] of orderedEntries(source, 'stacks', raw.stacks)) {
    stacks.set(name, toStack(name, assignment, [...hosts.keys()]));
  }

  return {
    path: realPath,
    composeDir: resolve(folder, raw.compose_dir ?? DEFAULT_COMPOSE_DIR),
    hosts,
    stacks,
    traefikFile: raw.traefik_file == null ? null : resolve(folder, raw.traefik_file),
    traefikStack: raw.traefik_stack ?? null,
    glancesStack: raw.glances_stack ?? null,
  };
}

function toStack(name: string, assignment: string | string[], hostNames: string[]): StackConfig {
  if (Array.isArray(assignment)) return { name, hosts: [...assignment], form: 'list' };
  if (assignment === ALL_HOSTS) return { name, hosts: hostNames, form: 'all' };
  return { name, hosts: [assignment], form: 'single' };
}
