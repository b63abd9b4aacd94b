// Composer/Packagist versions: PHP's version_compare() after dropping a "v" prefix, as OSV does:
// dev < alpha/a < beta/b < RC/rc < release < patch/pl/p. Composer's 4-part padding is not applied
// (PHP, and the vector files, order 1.0 < 1.0.0), and an unknown word such as "stable" sorts below dev.
import type { VersionScheme } from '../types.js';

// The number after a stability word is digit runs with separators between them: written `([.-]?\d+)*`, a run of
// digits could be split in 2^n ways and a 36-character version took minutes to reject.
const VALID =
  /^v?\d+(\.\d+){0,3}([._-]?(stable|beta|b|RC|alpha|a|patch|pl|p)(?:[.-]?\d+(?:[.-]\d+)*)?)?([.-]?dev)?$|^dev-[A-Za-z0-9._/-]+$|^\d+(\.\d+){0,3}\.x-dev$/i;

/** php_canonicalize_version: separators to ".", and a "." between digits and non-digits. */
export function canonicalizeComposer(v: string): string[] {
  let s = v.trim().replace(/^[vV](?=\d)/, '');
  s = s.replace(/[-_+]/g, '.');
  s = s.replace(/([^\d.])(\d)/g, '$1.$2').replace(/(\d)([^\d.])/g, '$1.$2');
  s = s.replace(/[^A-Za-z0-9#.]/g, '.');
  return s.split('.').filter((p) => p !== '');
}

// PHP's special forms, matched by prefix: unknown words sort below "dev".
const FORMS: [string, number][] = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];
function formOrder(s: string): number {
  return FORMS.find(([name]) => s.startsWith(name))?.[1] ?? -1;
}

const isNum = (s: string): boolean => /^\d+$/.test(s);

function compareParts(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let d: number;
    if (isNum(a[i]) && isNum(b[i])) {
      const x = BigInt(a[i]);
      const y = BigInt(b[i]);
      d = x < y ? -1 : x > y ? 1 : 0;
    } else {
      // a number counts as "#": after RC, before patch
      d = Math.sign(formOrder(isNum(a[i]) ? '#' : a[i]) - formOrder(isNum(b[i]) ? '#' : b[i]));
    }
    if (d) return d;
  }
  if (a.length > b.length) return isNum(a[n]) ? 1 : compareParts(a.slice(n), ['#']);
  if (b.length > a.length) return isNum(b[n]) ? -1 : compareParts(['#'], b.slice(n));
  return 0;
}

export function compareComposer(a: string, b: string): number {
  return compareParts(canonicalizeComposer(a), canonicalizeComposer(b));
}

export const composer = {
  id: 'composer',
  isValid: (v: string) => VALID.test(v.trim()),
  compare: (a: string, b: string) => compareComposer(a, b),
} satisfies VersionScheme;
