// Alpine apk versions: number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}, as in apk-tools' version.c.
import type { VersionScheme } from '../types.js';

// Suffix weights: pre-release suffixes sort before "no suffix" (NONE), post-release ones after.
const SUFFIXES = ['alpha', 'beta', 'pre', 'rc', '', 'cvs', 'svn', 'git', 'hg', 'p'] as const;
const NONE = SUFFIXES.indexOf('');

export interface ApkVersion {
  original: string;
  numbers: string[];
  letter: string;
  suffixes: { weight: number; number: bigint }[];
  hash: string;
  /** -1 when there is no -r part */
  revision: bigint;
  /** Text that did not parse; non-empty means the version is not valid apk syntax. */
  rest: string;
  /** True when the unparsed text does not even start like a revision ("-r"): then apk falls back to string order. */
  broken: boolean;
}

export function parseApk(original: string): ApkVersion {
  let s = original;
  const num = /^\d+(?:\.\d+)*/.exec(s);
  const numbers = num ? num[0].split('.') : [];
  s = s.slice(num ? num[0].length : 0);
  let letter = '';
  if (/^[a-z]/.test(s)) {
    letter = s[0];
    s = s.slice(1);
  }
  const suffixes: ApkVersion['suffixes'] = [];
  for (let m = /^_(alpha|beta|pre|rc|cvs|svn|git|hg|p)(\d*)/.exec(s); m; m = /^_(alpha|beta|pre|rc|cvs|svn|git|hg|p)(\d*)/.exec(s)) {
    suffixes.push({ weight: SUFFIXES.indexOf(m[1] as (typeof SUFFIXES)[number]), number: BigInt(m[2] || '0') });
    s = s.slice(m[0].length);
  }
  const hash = /^~[0-9a-f]+/.exec(s)?.[0] ?? '';
  s = s.slice(hash.length);
  let revision = -1n; // absent sorts before -r0, as in apk (1 < 1-r0)
  let broken = false;
  const rev = /^-r(\d*)/.exec(s);
  if (rev) {
    revision = BigInt(rev[1] || '0');
    s = s.slice(rev[0].length);
  } else if (s !== '') broken = true;
  return { original, numbers, letter, suffixes, hash, revision, rest: s, broken };
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// After the first component, a leading zero means string order (Gentoo rule, kept by apk).
function cmpNumber(a: string, b: string, index: number): number {
  if (index > 0 && (a[0] === '0' || b[0] === '0')) return cmpStr(a, b);
  return cmpBig(BigInt(a || '0'), BigInt(b || '0'));
}

function cmpNumbers(a: string[], b: string[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    // apk compares token by token: an extra number component makes a version greater (1 < 1.0)
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const d = cmpNumber(a[i], b[i], i);
    if (d) return d;
  }
  return 0;
}

function cmpSuffixes(a: ApkVersion['suffixes'], b: ApkVersion['suffixes']): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? { weight: NONE, number: 0n };
    const y = b[i] ?? { weight: NONE, number: 0n };
    const d = x.weight - y.weight || cmpBig(x.number, y.number);
    if (d) return d;
  }
  return 0;
}

// Absent "-r" sorts before "-r0" (apk's token order); for junk input fall back to treating it as r0.
function cmpRevision(x: ApkVersion, y: ApkVersion): number {
  if (x.rest === '' && y.rest === '') return cmpBig(x.revision, y.revision);
  return cmpBig(x.revision < 0n ? 0n : x.revision, y.revision < 0n ? 0n : y.revision);
}

export function compareApk(a: string, b: string): number {
  const x = parseApk(a);
  const y = parseApk(b);
  if (x.broken && y.broken) return cmpStr(a, b);
  return (
    cmpNumbers(x.numbers, y.numbers) ||
    cmpStr(x.letter, y.letter) ||
    cmpSuffixes(x.suffixes, y.suffixes) ||
    cmpRevision(x, y) ||
    // a version with unparsed trailing text sorts before the same version without it
    (x.rest === '' ? 1 : 0) - (y.rest === '' ? 1 : 0)
  );
}

export function isValidApk(v: string): boolean {
  const p = parseApk(v);
  return p.numbers.length > 0 && p.rest === '' && !p.broken;
}

export const apk = {
  id: 'apk',
  isValid: isValidApk,
  compare: (a: string, b: string) => Math.sign(compareApk(a, b)),
} satisfies VersionScheme;
