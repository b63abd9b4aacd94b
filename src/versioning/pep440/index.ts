// PEP 440 (Python) versions, ordered like `packaging.version.Version`, with BigInt numbers.
// Strings that are not PEP 440 are ordered like packaging's old LegacyVersion: before every valid version.
// (@renovatebot/pep440 rounds numbers past 2^53, so the order key is built here.)
import type { VersionScheme } from '../types.js';
import { legacyKey } from './legacy.js';

const PATTERN = new RegExp(
  '^\\s*v?(?:(?:([0-9]+)!)?([0-9]+(?:\\.[0-9]+)*)' +
    '([-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?([0-9]+)?)?' +
    '((?:-([0-9]+))|(?:[-_.]?(post|rev|r)[-_.]?([0-9]+)?))?' +
    '([-_.]?(dev)[-_.]?([0-9]+)?)?)' +
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*$',
  'i',
);

export interface Pep440Version {
  epoch: bigint;
  release: bigint[];
  pre?: [string, bigint];
  post?: bigint;
  dev?: bigint;
  local?: (bigint | string)[];
}

export function parsePep440(v: string): Pep440Version | undefined {
  const m = PATTERN.exec(v);
  if (!m) return undefined;
  const preLabel = m[4]?.toLowerCase();
  const pre: [string, bigint] | undefined = preLabel
    ? [preLabel === 'alpha' || preLabel === 'a' ? 'a' : preLabel === 'beta' || preLabel === 'b' ? 'b' : 'rc', BigInt(m[5] ?? 0)]
    : undefined;
  return {
    epoch: BigInt(m[1] ?? 0),
    release: m[2].split('.').map(BigInt),
    pre,
    post: m[6] !== undefined ? BigInt(m[7] ?? m[9] ?? 0) : undefined,
    dev: m[10] !== undefined ? BigInt(m[12] ?? 0) : undefined,
    local: m[13]?.toLowerCase().split(/[-_.]/).map((p) => (/^\d+$/.test(p) ? BigInt(p) : p)),
  };
}

type Cmp = -1 | 0 | 1;
function cmp<T extends bigint | string>(a: T, b: T): Cmp {
  return a < b ? -1 : a > b ? 1 : 0;
}
/** -Infinity / +Infinity stand-ins for packaging's sentinels. */
function cmpOpt(a: bigint | undefined, b: bigint | undefined, missing: -1 | 1): Cmp {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? missing : (-missing as Cmp);
  return cmp(a, b);
}

function cmpRelease(a: bigint[], b: bigint[]): Cmp {
  // trailing zeros do not count: 1.0 == 1.0.0
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = cmp(a[i] ?? 0n, b[i] ?? 0n);
    if (d) return d;
  }
  return 0;
}

// A dev release without pre/post sorts before the pre-releases of its version (1.0.dev0 < 1.0a0).
function preRank(v: Pep440Version): number {
  if (!v.pre && v.post === undefined && v.dev !== undefined) return -1;
  return v.pre ? 0 : 1;
}

function cmpLocal(a: Pep440Version['local'], b: Pep440Version['local']): Cmp {
  if (!a || !b) return a === b ? 0 : a ? 1 : -1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const x = a[i];
    const y = b[i];
    // numeric segments sort after alphanumeric ones
    if (typeof x !== typeof y) return typeof x === 'bigint' ? 1 : -1;
    const d = cmp(x, y);
    if (d) return d;
  }
  return 0;
}

export function comparePep440Parsed(a: Pep440Version, b: Pep440Version): Cmp {
  return (
    cmp(a.epoch, b.epoch) ||
    cmpRelease(a.release, b.release) ||
    (Math.sign(preRank(a) - preRank(b)) as Cmp) ||
    (a.pre && b.pre ? cmp(a.pre[0], b.pre[0]) || cmp(a.pre[1], b.pre[1]) : 0) ||
    cmpOpt(a.post, b.post, -1) ||
    cmpOpt(a.dev, b.dev, 1) ||
    cmpLocal(a.local, b.local)
  );
}

export function comparePep440(a: string, b: string): number {
  const x = parsePep440(a);
  const y = parsePep440(b);
  if (x && y) return comparePep440Parsed(x, y);
  if (x || y) return x ? 1 : -1;
  const kx = legacyKey(a);
  const ky = legacyKey(b);
  for (let i = 0; i < Math.max(kx.length, ky.length); i++) {
    if (i >= kx.length) return -1;
    if (i >= ky.length) return 1;
    const d = cmp(kx[i], ky[i]);
    if (d) return d;
  }
  return 0;
}

export const pep440 = {
  id: 'pep440',
  isValid: (v: string) => parsePep440(v) !== undefined,
  compare: (a: string, b: string) => comparePep440(a, b),
} satisfies VersionScheme;
