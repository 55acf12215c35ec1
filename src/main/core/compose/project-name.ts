/**
 * The compose project name docker compose derives from a stack folder: lowercased, every
 * character other than `a-z`, `0-9`, `-` and `_` dropped, then leading `-` and `_` trimmed
 * (compose-go's `NormalizeProjectName`). Containers carry it in `com.docker.compose.project`.
 */
export function composeProjectName(folderName: string): string {
  return folderName
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[-_]+/, '');
}

/** Compose accepts a project name only when it starts with a letter or digit. */
export function isValidProjectName(name: string): boolean {
  return /^[a-z0-9][a-z0-9_-]*$/.test(name);
}
