// Seeded PRNG and version mutations for differential tests: the same seed gives the same pairs.
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)];
}

/** One random edit: insert, replace or delete a character, or splice in a token. */
export function mutate(rng: Rng, v: string, alphabet: string, tokens: readonly string[]): string {
  const pos = Math.floor(rng() * (v.length + 1));
  const r = rng();
  if (r < 0.3) return v.slice(0, pos) + pick(rng, [...alphabet]) + v.slice(pos);
  if (r < 0.5 && v.length > 1) return v.slice(0, pos) + pick(rng, [...alphabet]) + v.slice(pos + 1);
  if (r < 0.6 && v.length > 1) return v.slice(0, pos) + v.slice(pos + 1);
  if (r < 0.8) return v + pick(rng, tokens);
  return v.slice(0, pos) + pick(rng, tokens) + v.slice(pos);
}

/**
 * Pairs from a pool of real versions: near neighbours (same prefix), random pairs,
 * mutated copies and identical strings, so that every branch of a comparator is hit.
 */
export function makePairs(
  rng: Rng,
  pool: readonly string[],
  count: number,
  alphabet: string,
  tokens: readonly string[],
  accept: (v: string) => boolean = () => true,
): [string, string][] {
  const out: [string, string][] = [];
  const sorted = [...new Set(pool)].sort();
  let guard = 0;
  while (out.length < count && guard++ < count * 50) {
    const r = rng();
    const i = Math.floor(rng() * sorted.length);
    let a = sorted[i];
    let b: string;
    if (r < 0.3) b = sorted[Math.min(sorted.length - 1, i + 1 + Math.floor(rng() * 3))];
    else if (r < 0.45) b = pick(rng, sorted);
    else if (r < 0.85) {
      b = mutate(rng, a, alphabet, tokens);
      if (rng() < 0.3) b = mutate(rng, b, alphabet, tokens);
      if (rng() < 0.3) a = mutate(rng, a, alphabet, tokens);
    } else b = a;
    if (accept(a) && accept(b)) out.push(rng() < 0.5 ? [a, b] : [b, a]);
  }
  return out;
}
