/**
 * Finds the known field a key was probably meant to be (`productID` →
 * `productId`), so that misspellings are reported instead of silently sent.
 */

const normalized = new Map<string, string>();

/** Lower case, letters and digits only; cached, since field names repeat. */
function normalize(name: string): string {
  let n = normalized.get(name);
  if (n === undefined) {
    n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (normalized.size < 10_000) normalized.set(name, n);
  }
  return n;
}

// Three reused rows of the distance table: no allocation per comparison.
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Optimal string alignment distance, stopping early once it exceeds `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length + 1 > rows[0].length) rows = [new Int32Array(b.length + 1), new Int32Array(b.length + 1), new Int32Array(b.length + 1)];
  let [before, prev, cur] = rows;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        d = Math.min(d, before[j - 2]! + 1);
      }
      cur[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length]!;
}

/**
 * The candidate that `key` most likely misspells, or undefined. Equal names
 * ignoring case and punctuation match; so do names one edit apart (two for
 * names of eight or more characters). Names shorter than four never match.
 */
export function suggestField(candidates: Iterable<string>, key: string): string | undefined {
  const k = normalize(key);
  if (k.length < 4) return undefined;
  const max = k.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const c of candidates) {
    // Cheap rejection first: normalizing only drops characters, so a much longer name cannot match.
    if (c === key || c.length + max < k.length) continue;
    const n = normalize(c);
    // A misspelling keeps the first or the last letter; skip the table for the rest.
    if (n.charCodeAt(0) !== k.charCodeAt(0) && n.charCodeAt(n.length - 1) !== k.charCodeAt(k.length - 1)) continue;
    const d = distance(k, n, max);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
