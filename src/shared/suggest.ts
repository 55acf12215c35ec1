/**
 * The fewest single-character edits (insert, delete, replace, swap two neighbours) that turn
 * `a` into `b`. Swaps count once because `prot` for `port` is the typical typo.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push(Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : 0)));
    (rows[i] as number[])[0] = i;
  }
  const cell = (i: number, j: number) => rows[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] ?? [];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(cell(i - 1, j) + 1, cell(i, j - 1) + 1, cell(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, cell(i - 2, j - 2) + 1);
      }
      row[j] = best;
    }
  }
  return cell(a.length, b.length);
}

/**
 * Returns the known name closest to a misspelt one, or undefined when none is close enough to be a
 * plausible typo. Case is ignored, and a name that contains a known one (`username` → `user`)
 * counts as close.
 */
export function closestName(unknown: string, known: Iterable<string>): string | undefined {
  const wanted = unknown.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const candidate = name.toLowerCase();
    const distance = editDistance(wanted, candidate);
    const allowed = Math.max(1, Math.floor(Math.max(candidate.length, wanted.length) / 3));
    const contains = candidate.length >= 3 && wanted.includes(candidate);
    if ((distance <= allowed || contains) && distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/** ` (did you mean "user"?)`, or an empty string when no known name is close. */
export function didYouMean(unknown: string, known: Iterable<string>): string {
  const match = closestName(unknown, known);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}
