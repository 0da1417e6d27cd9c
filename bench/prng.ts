// Seeded random numbers for the generators: the same seed must give the same workspace on
// every machine and Node version, so nothing here may touch Math.random or the clock.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** Log-normal sample: median `median`, spread `sigma` (natural log units). */
  logNormal(median: number, sigma: number): number;
  /** An independent stream, so adding draws in one part of a generator does not shift another part. */
  fork(label: string): Rng;
}

/** FNV-1a over the UTF-16 units: a stable 32-bit hash for seeding from strings. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** sfc32: small, fast, passes PractRand far beyond what a benchmark generator needs. */
export function createRng(seed: string): Rng {
  let a = hash32(seed);
  let b = hash32(`${seed}#b`);
  let c = hash32(`${seed}#c`);
  let d = 1;
  const raw = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Early outputs of sfc32 are correlated with the seed words; discard them.
  for (let i = 0; i < 15; i++) raw();

  const rng: Rng = {
    next: raw,
    int: (min, max) => min + Math.floor(raw() * (max - min + 1)),
    chance: (p) => raw() < p,
    pick: (items) => items[Math.floor(raw() * items.length)],
    weighted: (items) => {
      let total = 0;
      for (const [, w] of items) total += w;
      let r = raw() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1][0];
    },
    logNormal: (median, sigma) => {
      // Box–Muller; 1 - u keeps the log argument away from 0.
      const u = 1 - raw();
      const v = raw();
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      return median * Math.exp(sigma * z);
    },
    fork: (label) => createRng(`${seed}/${label}`),
  };
  return rng;
}
