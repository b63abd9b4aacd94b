// crates.io versions: strict SemVer 2.0 (no "v" prefix, no shorthands); build metadata does not affect order.
import type { VersionScheme } from '../types.js';
import { compareLoose } from '../semver/lenient.js';

const num = '(?:0|[1-9]\\d*)';
const ident = `(?:${num}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
const SEMVER = new RegExp(`^${num}\\.${num}\\.${num}(?:-${ident}(?:\\.${ident})*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`);

export function isValidCargo(v: string): boolean {
  return SEMVER.test(v);
}

export const cargo = {
  id: 'cargo',
  isValid: isValidCargo,
  compare: (a: string, b: string) => Math.sign(compareLoose(a, b)),
} satisfies VersionScheme;
