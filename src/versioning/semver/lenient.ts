// SemVer 2.0 precedence on a lenient parse (BigInt numbers, v/= prefix, missing minor/patch = 0).
// Shared by npm, Go and Cargo so that junk and huge numbers still compare instead of throwing.

export interface LooseSemver {
  numbers: [bigint, bigint, bigint];
  prerelease: string[];
  build: string;
  /** Whether the string had the shape major.minor.patch at all. */
  parsed: boolean;
}

const head = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/;

export function parseLoose(input: string): LooseSemver {
  const s = input.trim().replace(/^[=vV\s]+/, '');
  const m = head.exec(s);
  if (!m) return { numbers: [0n, 0n, 0n], prerelease: s === '' ? [] : [s], build: '', parsed: false };
  let rest = s.slice(m[0].length);
  let build = '';
  const plus = rest.indexOf('+');
  if (plus >= 0) {
    build = rest.slice(plus + 1);
    rest = rest.slice(0, plus);
  }
  // Extra dotted parts after major.minor.patch are treated as build data, like OSV's semver.
  if (rest.startsWith('.')) {
    build = rest.slice(1) + (build ? `+${build}` : '');
    rest = '';
  }
  if (rest.startsWith('-')) rest = rest.slice(1);
  return {
    numbers: [BigInt(m[1]), BigInt(m[2] ?? 0), BigInt(m[3] ?? 0)],
    prerelease: rest === '' ? [] : rest.split('.'),
    build,
    parsed: true,
  };
}

const numeric = /^\d+$/;

/** SemVer identifier order: numeric < alphanumeric, numbers by value, text by ASCII. */
export function compareIdentifiers(a: string, b: string): number {
  const an = numeric.test(a);
  const bn = numeric.test(b);
  if (an && bn) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (an) return -1;
  if (bn) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function comparePrerelease(a: string[], b: string[]): number {
  // a release sorts after any of its prereleases
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const d = compareIdentifiers(a[i], b[i]);
    if (d) return d;
  }
  return 0;
}

export function compareParsed(x: LooseSemver, y: LooseSemver): number {
  // Unparseable strings sort before every real version, and among themselves by text.
  if (x.parsed !== y.parsed) return x.parsed ? 1 : -1;
  for (let i = 0; i < 3; i++) {
    if (x.numbers[i] !== y.numbers[i]) return x.numbers[i] < y.numbers[i] ? -1 : 1;
  }
  return comparePrerelease(x.prerelease, y.prerelease);
}

export function compareLoose(a: string, b: string): number {
  return compareParsed(parseLoose(a), parseLoose(b));
}
