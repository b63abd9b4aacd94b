// RPM versions: [epoch:]version[-release], each part compared with rpmvercmp() (rpm 4.18, incl. ~ and ^).
import type { VersionScheme } from '../types.js';

export interface RpmVersion {
  epoch?: string;
  version: string;
  release?: string;
}

/** Like rpm's parseEVR(): an epoch only when leading digits end in ':', release after the last '-'. */
export function parseRpm(evr: string): RpmVersion {
  const m = /^(\d*):/.exec(evr);
  const epoch = m ? m[1] || '0' : undefined;
  const rest = m ? evr.slice(m[0].length) : evr;
  const dash = rest.lastIndexOf('-');
  if (dash < 0) return { epoch, version: rest };
  return { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) };
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isSeparator = (c: string | undefined): boolean => c !== undefined && !isDigit(c) && !isAlpha(c) && c !== '~' && c !== '^';

export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (isSeparator(a[i])) i++;
    while (isSeparator(b[j])) j++;
    // '~' sorts before everything, even the end of the string
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    // '^' sorts after the end of the string but before anything else
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (!(i < a.length && j < b.length)) break;
    const isNum = isDigit(a[i]);
    const test = isNum ? isDigit : isAlpha;
    let ei = i;
    let ej = j;
    while (ei < a.length && test(a[ei])) ei++;
    while (ej < b.length && test(b[ej])) ej++;
    let one = a.slice(i, ei);
    let two = b.slice(j, ej);
    // numeric segments are newer than alpha ones
    if (two === '') return isNum ? 1 : -1;
    if (isNum) {
      one = one.replace(/^0+/, '');
      two = two.replace(/^0+/, '');
      if (one.length !== two.length) return one.length > two.length ? 1 : -1;
    }
    if (one !== two) return one < two ? -1 : 1;
    i = ei;
    j = ej;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

export function compareRpm(a: string, b: string): number {
  const x = parseRpm(a);
  const y = parseRpm(b);
  const e = rpmvercmp(x.epoch ?? '0', y.epoch ?? '0');
  if (e) return e;
  const v = rpmvercmp(x.version, y.version);
  if (v) return v;
  // a missing release sorts before any release, even an empty one ("1" < "1-")
  if (x.release === undefined || y.release === undefined) return (x.release === undefined ? 0 : 1) - (y.release === undefined ? 0 : 1);
  return rpmvercmp(x.release, y.release);
}

export function isValidRpm(v: string): boolean {
  return /^(?:\d+:)?[A-Za-z0-9._+~^]+(?:-[A-Za-z0-9._+~^]+)?$/.test(v) && /^(?:\d+:)?[0-9]/.test(v);
}

export const rpm = {
  id: 'rpm',
  isValid: isValidRpm,
  compare: (a: string, b: string) => Math.sign(compareRpm(a, b)),
} satisfies VersionScheme;
