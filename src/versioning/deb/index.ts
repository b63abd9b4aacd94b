// Debian/dpkg versions: [epoch:]upstream[-revision], compared as dpkg's verrevcmp() does.
import type { VersionScheme } from '../types.js';

export interface DebVersion {
  epoch: string;
  upstream: string;
  revision: string;
}


/** Split like dpkg's parseversion(): epoch up to the first ':', revision after the last '-'. */
export function parseDeb(v: string): DebVersion {
  let s = v.trim();
  let epoch = '0';
  const colon = s.indexOf(':');
  if (colon >= 0) {
    epoch = s.slice(0, colon) || '0';
    s = s.slice(colon + 1);
  }
  const dash = s.lastIndexOf('-');
  if (dash >= 0) return { epoch, upstream: s.slice(0, dash), revision: s.slice(dash + 1) };
  return { epoch, upstream: s, revision: '' };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// dpkg's order(): '~' sorts before the end of the string, letters before other characters.
function order(c: number): number {
  if (Number.isNaN(c) || isDigit(c)) return 0;
  if (isAlpha(c)) return c;
  if (c === 126) return -1;
  return c + 256;
}

export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a.charCodeAt(i));
      const bc = order(b.charCodeAt(j));
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a.charCodeAt(i) === 48) i++;
    while (b.charCodeAt(j) === 48) j++;
    while (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a.charCodeAt(i))) return 1;
    if (isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

// Epochs can exceed 2^53 in junk input: compare as digit strings.
function compareEpoch(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (!/^\d*$/.test(x) || !/^\d*$/.test(y)) return verrevcmp(a, b);
  return x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
}

/** dpkg's syntax checks: numeric epoch, upstream starting with a digit, no empty revision. */
export function isValidDeb(v: string): boolean {
  if (v !== v.trim() || v === '') return false;
  const colon = v.indexOf(':');
  if (colon >= 0 && !/^\d+$/.test(v.slice(0, colon))) return false;
  if (v.endsWith('-')) return false;
  const p = parseDeb(v);
  return /^[0-9][A-Za-z0-9.+~-]*$/.test(p.upstream) && /^[A-Za-z0-9.+~]*$/.test(p.revision);
}

export function compareDeb(a: string, b: string): number {
  const x = parseDeb(a);
  const y = parseDeb(b);
  return compareEpoch(x.epoch, y.epoch) || verrevcmp(x.upstream, y.upstream) || verrevcmp(x.revision, y.revision);
}

export const deb = {
  id: 'deb',
  isValid: isValidDeb,
  compare: (a: string, b: string) => Math.sign(compareDeb(a, b)),
} satisfies VersionScheme;
