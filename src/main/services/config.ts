import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { failed, ok } from '../../shared/contract';
import { CONFIG_TEMPLATE } from '../core/config/template';
import type { ConfigSession } from './config-session';
import type { Handlers } from './dispatcher';

type ConfigHandlers = Pick<Handlers, 'config.current' | 'config.create' | 'config.use'>;

export function configHandlers(session: ConfigSession): ConfigHandlers {
  return {
    'config.current': async () => ok(await session.view()),

    'config.create': async ({ path, overwrite }) => {
      const rejected = unlisted(session, path);
      if (rejected !== undefined) return rejected;
      const existing = await kindOf(path);
      if (existing === 'directory') {
        return failed(
          'file-access',
          `${path} is a folder, not a file.`,
          'Choose a file name such as compose-farm.yaml inside it.',
        );
      }
      if (existing === 'file' && !overwrite) {
        return failed(
          'file-exists',
          `${path} already exists.`,
          'Use it as it is, or choose to overwrite it.',
        );
      }
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, CONFIG_TEMPLATE, 'utf8');
      } catch (error) {
        return failed(
          'file-access',
          `Cannot write ${path}: ${(error as Error).message}`,
          'Choose a folder you may write to.',
        );
      }
      session.use(path);
      return ok({ path });
    },

    'config.use': async ({ path }) => {
      const rejected = unlisted(session, path);
      if (rejected !== undefined) return rejected;
      const existing = await kindOf(path);
      if (existing !== 'file') {
        const what = existing === 'missing' ? 'does not exist' : 'is not a file';
        return failed(
          'config-missing',
          `${path} ${what}.`,
          'Choose an existing compose-farm.yaml, or create one.',
        );
      }
      session.use(path);
      return ok(await session.view());
    },
  };
}

/** Rejects a path that is not among those the first-run screen offers. */
function unlisted(session: ConfigSession, path: string) {
  const choosable = session.choosablePaths();
  if (choosable.has(resolve(path))) return undefined;
  return failed(
    'invalid-request',
    `${path} is not a place where the app looks for compose-farm.yaml.`,
    `Choose one of ${[...choosable].join(', ')}, or start the app with --config ${path}.`,
  );
}

async function kindOf(path: string): Promise<'file' | 'directory' | 'other' | 'missing'> {
  try {
    const stats = await stat(path);
    if (stats.isFile()) return 'file';
    return stats.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}
