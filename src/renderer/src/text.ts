const conjunction = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });

/** Joins names the way a sentence lists them: "h1", "h1 and h2", "h1, h2, and h3". */
export function joinNames(names: readonly string[]): string {
  return conjunction.format(names);
}
