// Nearest-slug suggestions for unknown slugs. Tiers go from "surely what was meant" (the same
// slug with other separators) to "a typo away" (bounded edit distance), so a caller can tell a
// single clear best answer from a handful of guesses.

export interface RankedSlug {
  slug: string;
  /** 0 separators differ, 1 plural/singular, 2 case or combined spelling, 3 edit distance. */
  tier: number;
  /** Edit distance for tier 3, 0 otherwise. */
  distance: number;
}

const SEPARATORS = /[_\-.:]/g;

interface Prepared {
  slug: string;
  lower: string;
  index: number;
}

/** A candidate list indexed for ranking: by folded form (tiers 0-2) and by bigram (tier 3). */
interface PreparedList {
  entries: Prepared[];
  byFolded: Map<string, Prepared[]>;
  /**
   * Bigram (two char codes) → ids into `entries` of the candidates containing it, ordered by the
   * candidate's length (ties by id), so a lookup reads only the lengths within reach.
   */
  byBigram: Map<number, Int32Array>;
  /** Each entry's length, by id. */
  lengths: Int32Array;
  /** Each entry's characters as a set of bits (`charMask`), by id. */
  masks: Int32Array;
}

// Candidate lists (a catalog's slugs) are ranked against again and again: their lowercase and
// folded forms and their bigrams are computed once per list.
const preparedLists = new WeakMap<readonly string[], PreparedList>();

/**
 * The kinds of character in `lower` as bits: one per letter, one for all digits, one per
 * separator, one for anything else. A candidate within `d` edits lacks at most `d` of the query's
 * kinds and has at most `d` the query lacks.
 */
function charMask(lower: string): number {
  let mask = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    const bit = c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? 26 : c === 45 ? 27 : c === 95 ? 28 : c === 58 ? 29 : c === 46 ? 30 : 31;
    mask |= 1 << bit;
  }
  return mask;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function bigramsOf(lower: string): Set<number> {
  const out = new Set<number>();
  for (let i = 1; i < lower.length; i++) out.add(lower.charCodeAt(i - 1) * 65536 + lower.charCodeAt(i));
  return out;
}

function prepare(candidates: readonly string[]): PreparedList {
  let list = preparedLists.get(candidates);
  if (!list) {
    const n = candidates.length;
    const entries: Prepared[] = new Array(n);
    const byFolded = new Map<string, Prepared[]>();
    const lengths = new Int32Array(n);
    const masks = new Int32Array(n);
    let longest = 0;
    for (let id = 0; id < n; id++) {
      const slug = candidates[id];
      const lower = slug.toLowerCase();
      const entry = { slug, lower, index: id };
      entries[id] = entry;
      lengths[id] = lower.length;
      masks[id] = charMask(lower);
      if (lower.length > longest) longest = lower.length;
      const folded = fold(lower);
      const same = byFolded.get(folded);
      if (same) same.push(entry);
      else byFolded.set(folded, [entry]);
    }
    // Ids in order of length (ties by id): bigram lists filled in this order come out ordered.
    const byLength = new Int32Array(longest + 2);
    for (let id = 0; id < n; id++) byLength[lengths[id] + 1]++;
    for (let l = 1; l < byLength.length; l++) byLength[l] += byLength[l - 1];
    const order = new Int32Array(n);
    for (let id = 0; id < n; id++) order[byLength[lengths[id]]++] = id;
    const building = new Map<number, number[]>();
    for (let k = 0; k < n; k++) {
      const id = order[k];
      const lower = entries[id].lower;
      for (let i = 1; i < lower.length; i++) {
        const g = lower.charCodeAt(i - 1) * 65536 + lower.charCodeAt(i);
        const ids = building.get(g);
        if (!ids) building.set(g, [id]);
        // A bigram the slug repeats is listed once.
        else if (ids[ids.length - 1] !== id) ids.push(id);
      }
    }
    const byBigram = new Map<number, Int32Array>();
    for (const [g, ids] of building) byBigram.set(g, Int32Array.from(ids));
    list = { entries, byFolded, byBigram, lengths, masks };
    preparedLists.set(candidates, list);
  }
  return list;
}

/**
 * The candidates that may be within `bound` edits of `lower`. Each edit (a transposition too)
 * changes at most three bigrams, so a near candidate shares at least |lower| - 1 - 3·bound of
 * the bigrams, less those `lower` repeats. Undefined when that says nothing (short slugs): then
 * every candidate must be tried.
 */
function bigramCandidates(lower: string, bound: number, list: PreparedList): number[] | undefined {
  const grams = bigramsOf(lower);
  const repeated = Math.max(0, lower.length - 1 - grams.size);
  const needed = lower.length - 1 - 3 * bound - repeated;
  if (needed <= 0) return undefined;
  const counts = new Uint16Array(list.entries.length);
  const out: number[] = [];
  const { lengths } = list;
  const min = lower.length - bound;
  const max = lower.length + bound;
  for (const g of grams) {
    const ids = list.byBigram.get(g);
    if (!ids) continue;
    // Candidates longer or shorter than `bound` edits allow are never in reach: skip to the first
    // one long enough, stop after the last one short enough.
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lengths[ids[mid]] < min) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < ids.length; i++) {
      const id = ids[i];
      if (lengths[id] > max) break;
      if (++counts[id] === needed) out.push(id);
    }
  }
  return out;
}

/** The ranked nearest candidates, best first; at most `max`. */
export function rankSlugs(slug: string, candidates: Iterable<string>, max = 3): RankedSlug[] {
  if (max <= 0 || slug === '') return [];
  const lower = slug.toLowerCase();
  const shape = shapeOf(lower);
  const folded = fold(lower);
  const bound = distanceBound(slug.length);
  const scratch = new Scratch(slug.length + bound + 2);

  const found: (RankedSlug & { index: number })[] = [];
  const consider = (candidate: string, candidateLower: string, candidateShape: Shape, i: number): void => {
    if (candidate === slug) return;
    let tier = -1;
    let distance = 0;
    // All of tiers 0-2 imply equal folded forms; the shape test rules most candidates out cheaply.
    if (sameShape(shape, candidateShape) && fold(candidateLower) === folded) {
      if (normaliseSeparators(candidate) === normaliseSeparators(slug)) tier = 0;
      else if (pluralVariant(splitSegments(slug), splitSegments(candidate))) tier = 1;
      else tier = 2;
    } else {
      const d = boundedDistance(lower, candidateLower, bound, scratch);
      if (d <= bound) {
        tier = 3;
        distance = d;
      }
    }
    if (tier >= 0) found.push({ slug: candidate, tier, distance, index: i });
  };
  if (Array.isArray(candidates)) {
    const list = prepare(candidates);
    // Tiers 0-2 need the same folded form; tier 3 needs enough shared bigrams to be in reach.
    const near = new Set<Prepared>(list.byFolded.get(folded) ?? []);
    for (const c of near) consider(c.slug, c.lower, shapeOf(c.lower), c.index);
    const ids = bigramCandidates(lower, bound, list);
    const mask = charMask(lower);
    const consider3 = (id: number): void => {
      const c = list.entries[id];
      if (Math.abs(list.lengths[id] - lower.length) > bound) return;
      // Each edit takes at most one kind of character away from either side.
      const m = list.masks[id];
      if (popcount(mask & ~m) > bound || popcount(m & ~mask) > bound) return;
      if (near.has(c) || c.slug === slug) return;
      const d = boundedDistance(lower, c.lower, bound, scratch);
      if (d <= bound) found.push({ slug: c.slug, tier: 3, distance: d, index: c.index });
    };
    if (ids) for (const id of ids) consider3(id);
    else for (let id = 0; id < list.entries.length; id++) consider3(id);
  } else {
    let index = 0;
    for (const candidate of candidates) {
      const candidateLower = candidate.toLowerCase();
      consider(candidate, candidateLower, shapeOf(candidateLower), index++);
    }
  }
  found.sort((a, b) => a.tier - b.tier || a.distance - b.distance || a.index - b.index);
  const seen = new Set<string>();
  const out: RankedSlug[] = [];
  for (const f of found) {
    if (seen.has(f.slug)) continue;
    seen.add(f.slug);
    out.push({ slug: f.slug, tier: f.tier, distance: f.distance });
    if (out.length >= max) break;
  }
  return out;
}

interface Shape {
  length: number;
  separators: number;
  firstIsSeparator: boolean;
  first: string;
}

function shapeOf(lower: string): Shape {
  let separators = 0;
  for (let i = 0; i < lower.length; i++) if (isSeparator(lower.charCodeAt(i))) separators++;
  return { length: lower.length, separators, firstIsSeparator: lower.length > 0 && isSeparator(lower.charCodeAt(0)), first: lower[0] ?? '' };
}

/** Necessary for equal folded forms: singular() drops at most 2 characters per segment and never the first. */
function sameShape(a: Shape, b: Shape): boolean {
  if (a.separators !== b.separators) return false;
  if (Math.abs(a.length - b.length) > 2 * (a.separators + 1)) return false;
  return a.firstIsSeparator ? b.firstIsSeparator : a.first === b.first;
}

function isSeparator(code: number): boolean {
  return code === 95 /* _ */ || code === 45 /* - */ || code === 46 /* . */ || code === 58 /* : */;
}

/** The nearest catalog slugs to `slug`, best first. */
export function nearestSlugs(slug: string, candidates: Iterable<string>, max = 3): string[] {
  return rankSlugs(slug, candidates, max).map((r) => r.slug);
}

/** True when the first ranked slug is strictly better than the second (or is the only one). */
export function hasClearBest(ranked: RankedSlug[]): boolean {
  if (ranked.length === 0) return false;
  if (ranked.length === 1) return true;
  const [a, b] = ranked;
  return a.tier < b.tier || (a.tier === b.tier && a.distance < b.distance);
}

/** Short slugs would match almost anything at distance 2; long ones deserve a little more slack. */
export function distanceBound(length: number): number {
  if (length <= 3) return 1;
  if (length >= 12) return 3;
  return 2;
}

function normaliseSeparators(s: string): string {
  return s.replace(SEPARATORS, ':');
}

function splitSegments(s: string): string[] {
  return s.split(SEPARATORS);
}

function fold(lower: string): string {
  return splitSegments(lower).map(singular).join(':');
}

function pluralVariant(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  let differs = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (singular(a[i]) !== singular(b[i])) return false;
    differs = true;
  }
  return differs;
}

/** English singular, rough but symmetric: both sides go through it, so only consistency matters. */
export function singular(word: string): string {
  if (word.length > 3 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 3 && /(?:ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 1 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Reusable rows for boundedDistance, so scanning many candidates allocates nothing per candidate. */
export class Scratch {
  rows: Int32Array[];
  constructor(size: number) {
    this.rows = [new Int32Array(size + 1), new Int32Array(size + 1), new Int32Array(size + 1)];
  }
  ensure(size: number): void {
    if (this.rows[0].length <= size) this.rows = this.rows.map(() => new Int32Array(size * 2 + 1));
  }
}

/**
 * Optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions),
 * giving up as soon as it must exceed `bound`: returns bound + 1 then. Only the diagonal band of
 * width 2·bound+1 is computed, since cells outside it already exceed the bound.
 */
export function boundedDistance(a: string, b: string, bound: number, scratch?: Scratch): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > bound) return bound + 1;
  if (a === b) return 0;
  const over = bound + 1;
  const s = scratch ?? new Scratch(n + 1);
  s.ensure(n + 1);
  let [prevPrev, prev, cur] = s.rows;
  for (let j = 0; j <= n; j++) prev[j] = j <= bound ? j : over;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(1, i - bound);
    const hi = Math.min(n, i + bound);
    cur[0] = i <= bound ? i : over;
    if (lo > 1) cur[lo - 1] = over;
    let rowMin = lo === 1 ? cur[0] : over;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = prev[j - 1] + (ca === cb ? 0 : 1);
      const del = prev[j] + 1;
      if (del < v) v = del;
      const ins = cur[j - 1] + 1;
      if (ins < v) v = ins;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        const tr = prevPrev[j - 2] + 1;
        if (tr < v) v = tr;
      }
      if (v > over) v = over;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < n) cur[hi + 1] = over;
    if (rowMin > bound) return over;
    const t = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[n], over);
}
