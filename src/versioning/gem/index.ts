// RubyGems versions: Gem::Version#<=> on canonical segments ("-" means ".pre.", trailing zeros dropped).
import type { VersionScheme } from '../types.js';

// tested on the trimmed version: blanks matched by \s* at both ends were split between them (quadratic)
const VALID = /^[0-9]+(?:\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

type Segment = bigint | string;

export function canonicalSegments(version: string): Segment[] {
  const v = version.trim().replace(/-/g, '.pre.');
  const segments: Segment[] = (v.match(/[0-9]+|[a-z]+/gi) ?? []).map((s) => (/^\d+$/.test(s) ? BigInt(s) : s));
  const firstString = segments.findIndex((s) => typeof s === 'string');
  const numeric = firstString < 0 ? segments : segments.slice(0, firstString);
  const rest = firstString < 0 ? [] : segments.slice(firstString);
  // trailing zeros are dropped from the numeric part and from the prerelease part separately
  const trim = (xs: Segment[]): Segment[] => {
    let n = xs.length;
    while (n > 0 && xs[n - 1] === 0n) n--;
    return xs.slice(0, n);
  };
  return [...trim(numeric), ...trim(rest)];
}

export function compareGem(a: string, b: string): number {
  const x = canonicalSegments(a);
  const y = canonicalSegments(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const l = x[i] ?? 0n;
    const r = y[i] ?? 0n;
    if (l === r) continue;
    // a string segment marks a prerelease: it sorts before any number
    if (typeof l === 'string' && typeof r === 'bigint') return -1;
    if (typeof l === 'bigint' && typeof r === 'string') return 1;
    return l < r ? -1 : 1;
  }
  return 0;
}

export const gem = {
  id: 'gem',
  isValid: (v: string) => VALID.test(v.trim()),
  compare: (a: string, b: string) => compareGem(a, b),
} satisfies VersionScheme;
