// Go module versions (golang.org/x/mod/semver): "v" prefix, v1/v1.2 shorthands, "+incompatible"
// and other build metadata ignored; pseudo-versions are ordinary prereleases, so they need no special case.
import type { VersionScheme } from '../types.js';
import { compareLoose } from '../semver/lenient.js';

const num = '(?:0|[1-9]\\d*)';
const ident = `(?:${num}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
const GO_SEMVER = new RegExp(
  `^v${num}(?:\\.${num}(?:\\.${num}(?:-${ident}(?:\\.${ident})*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?)?)?$`,
);

// OSV's Go ranges are written without the "v" (e.g. "1.2.3"); accept both spellings.
function withV(v: string): string {
  return v.startsWith('v') ? v : `v${v}`;
}

export function isValidGo(v: string): boolean {
  return GO_SEMVER.test(withV(v));
}

export function compareGo(a: string, b: string): number {
  const va = isValidGo(a);
  const vb = isValidGo(b);
  // Go: an invalid version is less than every valid one; two invalid ones compare best-effort.
  if (va !== vb) return va ? 1 : -1;
  return compareLoose(withV(a), withV(b));
}

export const go = {
  id: 'go',
  isValid: isValidGo,
  compare: (a: string, b: string) => Math.sign(compareGo(a, b)),
} satisfies VersionScheme;
