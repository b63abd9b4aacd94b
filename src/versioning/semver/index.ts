// npm versions: the `semver` package (loose, prereleases included), with a lenient fallback that never throws.
// only the parser: the package's index loads all of its 47 modules (~15 ms of every scan's start-up)
import parse from 'semver/functions/parse.js';
import type { SemVer } from 'semver';
import type { VersionScheme } from '../types.js';
import { compareLoose } from './lenient.js';

const loose = { loose: true } as const;

function parseNpm(v: string): SemVer | null {
  try {
    return parse(v, loose);
  } catch {
    return null;
  }
}

export function compareNpm(a: string, b: string): number {
  const x = parseNpm(a);
  const y = parseNpm(b);
  // semver rejects numbers above 2^53 and odd shapes; the fallback has the same precedence rules.
  if (x && y) return x.compare(y);
  return compareLoose(a, b);
}

export const npm = {
  id: 'semver',
  isValid: (v: string) => parseNpm(v) !== null,
  compare: (a: string, b: string) => Math.sign(compareNpm(a, b)),
} satisfies VersionScheme;
