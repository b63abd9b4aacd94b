// NuGet versions: up to four numeric parts, SemVer 2.0 prerelease labels compared case-insensitively,
// build metadata ignored (NuGet.Versioning's VersionComparer.Default).
import type { VersionScheme } from '../types.js';

const VALID = /^\s*v?\d+(\.\d+){0,3}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?\s*$/;

export interface NugetVersion {
  numbers: bigint[];
  release: string[];
}

export function parseNuget(v: string): NugetVersion {
  let s = v.trim().replace(/^[vV]/, '');
  const plus = s.indexOf('+');
  if (plus >= 0) s = s.slice(0, plus);
  const dash = s.indexOf('-');
  const core = dash >= 0 ? s.slice(0, dash) : s;
  const release = dash >= 0 ? s.slice(dash + 1).split('.') : [];
  const numbers = core.split('.').map((p) => (/^\d+$/.test(p) ? BigInt(p) : 0n));
  while (numbers.length < 4) numbers.push(0n);
  return { numbers, release };
}

function compareLabel(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (an !== bn) return an ? -1 : 1;
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareNuget(a: string, b: string): number {
  const x = parseNuget(a);
  const y = parseNuget(b);
  for (let i = 0; i < Math.max(x.numbers.length, y.numbers.length); i++) {
    const l = x.numbers[i] ?? 0n;
    const r = y.numbers[i] ?? 0n;
    if (l !== r) return l < r ? -1 : 1;
  }
  // a release sorts after its prereleases
  if (x.release.length === 0 || y.release.length === 0) return y.release.length - x.release.length === 0 ? 0 : x.release.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(x.release.length, y.release.length); i++) {
    if (i >= x.release.length) return -1;
    if (i >= y.release.length) return 1;
    const d = compareLabel(x.release[i], y.release[i]);
    if (d) return d;
  }
  return 0;
}

export const nuget = {
  id: 'nuget',
  isValid: (v: string) => VALID.test(v),
  compare: (a: string, b: string) => compareNuget(a, b),
} satisfies VersionScheme;
