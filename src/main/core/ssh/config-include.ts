import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';

/** OpenSSH stops at this depth too, which also breaks a file that includes itself. */
const MAX_INCLUDE_DEPTH = 16;

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/**
 * Lists the files a pattern names, with `~` expanded and a relative path taken from `folder`:
 * `~/.ssh` for the user's config and `/etc/ssh` for the system's, as in OpenSSH.
 */
function expandPattern(pattern: string, home: string, folder: string): string[] {
  let path = pattern;
  if (path === '~' || path.startsWith('~/')) path = join(home, path.slice(1));
  else if (!isAbsolute(path)) path = join(folder, path);

  const parent = dirname(path);
  const name = basename(path);
  if (!/[*?]/.test(name)) return existsSync(path) ? [path] : [];
  if (!existsSync(parent)) return [];
  const matcher = globToRegExp(name);
  return readdirSync(parent)
    .filter((entry) => matcher.test(entry))
    .sort()
    .map((entry) => join(parent, entry))
    .filter((file) => statSync(file).isFile());
}

/** Splits an Include line's arguments, honouring double quotes around paths with spaces. */
function includeArguments(value: string): string[] {
  return [...value.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
}

/**
 * Reads an SSH config with every `Include` replaced by the files it names, in place, so that an
 * Include inside a `Host` block stays conditional as in OpenSSH. The `ssh-config` package parses
 * Include lines but does not follow them.
 */
export function readSshConfigText(
  file: string,
  home: string,
  folder = join(home, '.ssh'),
  depth = 0,
): string {
  if (depth > MAX_INCLUDE_DEPTH) {
    throw new Error(`Include goes deeper than ${MAX_INCLUDE_DEPTH} files at ${file} (a loop?)`);
  }
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const output: string[] = [];
  for (const line of lines) {
    const include = /^\s*Include\s*=?\s*(.+?)\s*$/i.exec(line);
    if (include === null) {
      output.push(line);
      continue;
    }
    for (const pattern of includeArguments(include[1] ?? '')) {
      for (const included of expandPattern(pattern, home, folder)) {
        output.push(readSshConfigText(included, home, folder, depth + 1));
      }
    }
  }
  return output.join('\n');
}
