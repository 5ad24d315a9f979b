// python3 3.11's "Did you mean: 'x'?" for uncaught NameError and
// AttributeError: the closest candidate name by CPython's weighted
// Levenshtein distance (Python/suggestions.c: case changes cost 1, other
// edits 2, at most a third of the characters may change), first best wins.
const MAX_CANDIDATE_ITEMS = 750;
const MAX_STRING_SIZE = 40;
const MOVE_COST = 2;
const CASE_COST = 1;

function substitutionCost(a: number, b: number): number {
  if ((a & 31) !== (b & 31)) return MOVE_COST;
  if (a === b) return 0;
  if (a >= 65 && a <= 90) a += 32;
  if (b >= 65 && b <= 90) b += 32;
  return a === b ? CASE_COST : MOVE_COST;
}

/** CPython's levenshtein_distance over UTF-8 bytes, giving up past maxCost. */
function distance(x: string, y: string, maxCost: number): number {
  let a = Buffer.from(x, 'utf8');
  let b = Buffer.from(y, 'utf8');
  if (x === y) return 0;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  a = a.subarray(start);
  b = b.subarray(start);
  let ae = a.length;
  let be = b.length;
  while (ae && be && a[ae - 1] === b[be - 1]) { ae--; be--; }
  a = a.subarray(0, ae);
  b = b.subarray(0, be);
  if (a.length === 0 || b.length === 0) return (a.length + b.length) * MOVE_COST;
  if (a.length > MAX_STRING_SIZE || b.length > MAX_STRING_SIZE) return maxCost + 1;
  if (b.length < a.length) [a, b] = [b, a];
  if ((b.length - a.length) * MOVE_COST > maxCost) return maxCost + 1;
  const buffer = new Array<number>(a.length);
  for (let i = 0, t = MOVE_COST; i < a.length; i++, t += MOVE_COST) buffer[i] = t;
  let result = 0;
  for (let bi = 0; bi < b.length; bi++) {
    const code = b[bi];
    let dist = result = bi * MOVE_COST;
    let minimum = Infinity;
    for (let i = 0; i < a.length; i++) {
      const substitute = dist + substitutionCost(code, a[i]);
      dist = buffer[i];
      const insertDelete = Math.min(result, dist) + MOVE_COST;
      result = Math.min(insertDelete, substitute);
      buffer[i] = result;
      if (result < minimum) minimum = result;
    }
    if (minimum > maxCost) return maxCost + 1;
  }
  return result;
}

/** The suggestion for `name` among `candidates` (in their order), or null. */
export function suggestName(name: string, candidates: readonly string[]): string | null {
  if (candidates.length >= MAX_CANDIDATE_ITEMS) return null;
  const nameSize = Buffer.byteLength(name, 'utf8');
  let best: string | null = null;
  let bestDistance = Number.MAX_SAFE_INTEGER;
  for (const item of candidates) {
    if (item === name) continue;
    const itemSize = Buffer.byteLength(item, 'utf8');
    let maxDistance = Math.floor(((nameSize + itemSize + 3) * MOVE_COST) / 6);
    maxDistance = Math.min(maxDistance, bestDistance - 1);
    const d = distance(name, item, maxDistance);
    if (d > maxDistance) continue;
    if (best === null || d < bestDistance) {
      best = item;
      bestDistance = d;
    }
  }
  return best;
}
