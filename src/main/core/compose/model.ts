import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

import { parseComposeYaml } from './compose-yaml';
import { parseEnvFile } from './env-file';
import { findComposeFiles, isDirectory, multipleFilesMessage } from './files';
import {
  interpolateTree,
  isPlainObject,
  unsetVariableMessage,
  type VariableLookup,
} from './interpolate';
import { mergeComposeDocuments } from './merge';
import { composeProjectName } from './project-name';
import { readNetworks, readService } from './service';
import type { ComposeIssue, ServiceModel, StackModel } from './types';

export interface LoadStackOptions {
  /**
   * The environment docker compose would run in, which overrides the stack's `.env`. Defaults to
   * this process's environment.
   */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Reads a stack folder the way `docker compose config` would: the compose file and its override,
 * the `.env` beside them, interpolation and merging. Problems are returned rather than thrown:
 * `errors` lists what makes compose reject the stack, `warnings` what it would run anyway.
 */
export async function loadStack(
  composeDir: string,
  stackName: string,
  options: LoadStackOptions = {},
): Promise<StackModel> {
  const root = resolve(composeDir);
  const stackDir = join(root, stackName);
  const environment = options.env ?? process.env;
  const warnings: ComposeIssue[] = [];
  const errors: ComposeIssue[] = [];
  const empty = (): StackModel => ({
    stack: stackName,
    stackDir,
    composeDir: root,
    composeFiles: [],
    projectName: composeProjectName(stackName),
    services: [],
    networks: [],
    warnings,
    errors,
  });

  if (!(await isDirectory(stackDir))) {
    errors.push({
      code: 'stack-folder-missing',
      file: stackDir,
      message: `the stack folder does not exist: create it or check compose_dir (${root})`,
    });
    return empty();
  }

  const files = await findComposeFiles(stackDir);
  if (files.main === null) {
    errors.push({
      code: 'no-compose-file',
      file: stackDir,
      message:
        'no compose file in the stack folder: add compose.yaml (or compose.yml, docker-compose.yml, docker-compose.yaml)',
    });
    return empty();
  }
  if (files.foundMain.length > 1) {
    warnings.push({
      code: 'several-compose-files',
      file: files.main,
      message: multipleFilesMessage('compose', files.foundMain),
    });
  }
  if (files.foundOverride.length > 1 && files.override !== null) {
    warnings.push({
      code: 'several-compose-files',
      file: files.override,
      message: multipleFilesMessage('override', files.foundOverride),
    });
  }

  const dotEnv = await readDotEnv(stackDir, environment, warnings, errors);
  const lookup: VariableLookup = (name) => environment[name] ?? dotEnv.get(name);

  const composeFiles = [files.main, ...(files.override === null ? [] : [files.override])];
  let merged: Record<string, unknown> | null = null;
  for (const file of composeFiles) {
    const isOverride = file === files.override;
    const document = await readComposeFile(file, isOverride, lookup, warnings, errors);
    if (document === null) {
      if (merged === null) return { ...empty(), composeFiles };
      continue;
    }
    merged = merged === null ? document : mergeComposeDocuments(merged, document);
  }
  const model = merged ?? {};

  if (model['include'] !== undefined) {
    warnings.push({
      code: 'not-followed',
      file: files.main,
      path: 'include',
      message: 'include is not followed yet: services from the included files are missing here',
    });
  }
  if (lookup('COMPOSE_FILE') !== undefined) {
    warnings.push({
      code: 'not-followed',
      file: join(stackDir, '.env'),
      message:
        'COMPOSE_FILE is set but not followed yet: this view shows the default compose files',
    });
  }

  const projectName = projectNameOf(stackName, model, lookup);
  const services: ServiceModel[] = [];
  const rawServices = isPlainObject(model['services']) ? model['services'] : {};
  const singleFile = composeFiles.length === 1 ? { file: files.main } : {};
  for (const [name, definition] of Object.entries(rawServices)) {
    const read = readService(name, definition, stackDir);
    services.push(read.service);
    for (const issue of read.issues) {
      (issue.code === 'not-followed' ? warnings : errors).push({ ...singleFile, ...issue });
    }
  }

  return {
    stack: stackName,
    stackDir,
    composeDir: root,
    composeFiles,
    projectName,
    services,
    networks: readNetworks(model['networks'], projectName),
    warnings,
    errors,
  };
}

async function readDotEnv(
  stackDir: string,
  environment: NodeJS.ProcessEnv,
  warnings: ComposeIssue[],
  errors: ComposeIssue[],
): Promise<ReadonlyMap<string, string>> {
  const file = join(stackDir, '.env');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return new Map();
    errors.push({
      code: 'unreadable-file',
      file,
      message: `failed to read the .env file: ${describeError(error)}`,
    });
    return new Map();
  }

  const parsed = parseEnvFile(text, { environment });
  for (const problem of parsed.warnings) {
    warnings.push({
      code: 'unset-variable',
      file,
      line: problem.line,
      message: `line ${problem.line}: ${problem.message}`,
    });
  }
  for (const problem of parsed.errors) {
    errors.push({
      code: 'env-file',
      file,
      line: problem.line,
      message: `line ${problem.line}: ${problem.message}`,
    });
  }
  return parsed.values;
}

async function readComposeFile(
  file: string,
  isOverride: boolean,
  lookup: VariableLookup,
  warnings: ComposeIssue[],
  errors: ComposeIssue[],
): Promise<Record<string, unknown> | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    errors.push({
      code: 'unreadable-file',
      file,
      message: `failed to read the compose file: ${describeError(error)}`,
    });
    return null;
  }

  const parsed = parseComposeYaml(text, { allowEmpty: isOverride });
  if (!parsed.ok) {
    errors.push({
      code: 'yaml',
      file,
      ...(parsed.line ? { line: parsed.line } : {}),
      message: parsed.message,
    });
    return null;
  }

  const interpolated = interpolateTree(parsed.document, lookup);
  const reported = new Set<string>();
  for (const { path, variable } of interpolated.unset) {
    if (reported.has(variable)) continue;
    reported.add(variable);
    warnings.push({ code: 'unset-variable', file, path, message: unsetVariableMessage(variable) });
  }
  for (const failure of interpolated.failures) {
    const code =
      failure.kind === 'required-variable' ? 'required-variable' : 'invalid-interpolation';
    errors.push({ code, file, path: failure.path, message: failure.message });
  }
  return interpolated.value as Record<string, unknown>;
}

/**
 * Picks the project name in compose's order: `COMPOSE_PROJECT_NAME` (from the environment or
 * `.env`), then the top-level `name:`, then the folder name, each normalised the same way.
 * NOTE: on a remote host, that host's own shell environment could also set the variable.
 */
function projectNameOf(
  stackName: string,
  model: Record<string, unknown>,
  lookup: VariableLookup,
): string {
  const fromEnvironment = lookup('COMPOSE_PROJECT_NAME');
  if (fromEnvironment) return composeProjectName(fromEnvironment);
  const declared = model['name'];
  if (typeof declared === 'string' && declared !== '') return composeProjectName(declared);
  return composeProjectName(basename(stackName));
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
