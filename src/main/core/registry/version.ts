/**
 * Version tags compared as numbers within a family: `1.25-alpine` and `1.26-alpine` are one
 * family, `1.26` and `1.26-bookworm` are others. A family is the suffix after the numbers (digit
 * runs in it count as numbers too, so `-alpine3.19` and `-alpine3.20` share one) together with
 * how many numbers the version has, so that a floating `1` is not offered against `1.25.3`.
 */
export interface TagVersion {
  readonly tag: string;
  readonly numbers: readonly number[];
  readonly suffixNumbers: readonly number[];
  readonly family: string;
}

const VERSION = /^[vV]?(\d+(?:\.\d+)*)(.*)$/;

/** Reads a tag as a version; `null` for tags such as `latest` or `alpine` that have no number. */
export function parseTagVersion(tag: string): TagVersion | null {
  const match = VERSION.exec(tag);
  if (!match) return null;
  const numbers = match[1]!.split('.').map(Number);
  if (numbers.some((part) => !Number.isSafeInteger(part))) return null;
  const suffix = match[2]!;
  const suffixNumbers = [...suffix.matchAll(/\d+/g)].map((found) => Number(found[0]));
  const family = `${numbers.length}|${suffix.toLowerCase().replace(/\d+/g, '#')}`;
  return { tag, numbers, suffixNumbers, family };
}

/** Orders two versions of one family: negative when `a` is older. */
export function compareVersions(a: TagVersion, b: TagVersion): number {
  return compareNumbers(a.numbers, b.numbers) || compareNumbers(a.suffixNumbers, b.suffixNumbers);
}

function compareNumbers(a: readonly number[], b: readonly number[]): number {
  const length = Math.max(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const difference = (a[index] ?? -1) - (b[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Returns the tags newer than `current` in its family, newest first. A current tag without a
 * version (`latest`) has no newer tags; a moved tag is found by digest instead.
 */
export function newerTags(current: string, tags: Iterable<string>): string[] {
  const base = parseTagVersion(current);
  if (base === null) return [];
  const newer: TagVersion[] = [];
  for (const tag of new Set(tags)) {
    const version = parseTagVersion(tag);
    if (version === null || version.family !== base.family) continue;
    if (compareVersions(version, base) > 0) newer.push(version);
  }
  return newer.sort((a, b) => compareVersions(b, a)).map((version) => version.tag);
}
