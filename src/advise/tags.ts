// Docker tag families, modelled on renovate's docker versioning: a tag is a numeric release
// (`8.5.21`) plus a compatibility suffix (`-jdk8`, `-slim`, `-alpine3.20`). Two tags are comparable
// only when their suffixes are equal and their releases have as many parts.

export interface ParsedTag {
  tag: string;
  /** numeric release parts: 8.5.21 -> [8, 5, 21] */
  release: number[];
  /** compatibility suffix without the leading dash ('' when none): `jdk8`, `jdk8-slim`, `alpine3.20` */
  variant: string;
  /** text before the release (`v` in `v1.2`) */
  prefix: string;
}

// renovate: /^(?<version>\d+(?:\.\d+)*)(?<prerelease>\w*)(?:-(?<suffix>\S+))?$/, plus an optional `v`.
const TAG = /^(v?)(\d+(?:\.\d+)*)(?:-(.+))?$/;

/** undefined for tags that carry no version (`latest`, `bookworm-slim`, `sha256-….sig`): never candidates. */
export function parseTag(tag: string): ParsedTag | undefined {
  const m = TAG.exec(tag);
  if (!m) return undefined;
  const release = m[2].split('.').map(Number);
  if (release.some((n) => !Number.isSafeInteger(n))) return undefined;
  // a single huge number is a date or build id (20240101), not a release line
  if (release.length === 1 && release[0] > 9999) return undefined;
  return { tag, release, variant: m[3] ?? '', prefix: m[1] };
}

export function compareRelease(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** renovate's isCompatible: same suffix, same prefix, same number of release parts. */
export function sameFamily(a: ParsedTag, b: ParsedTag): boolean {
  return a.variant === b.variant && a.prefix === b.prefix && a.release.length === b.release.length;
}

/** The tag's "line": major.minor when the release has a minor, else the major. */
function lineOf(t: ParsedTag): number[] {
  return t.release.length >= 3 ? t.release.slice(0, 2) : t.release.slice(0, 1);
}

export interface FamilyUpgrades {
  /** newest tag of the same major.minor line (same major when there is no minor), newer than current */
  minor?: ParsedTag;
  /** newest tag of a newer major line */
  major?: ParsedTag;
}

export function familyUpgrades(current: ParsedTag, tags: readonly string[]): FamilyUpgrades {
  const family = tags.map(parseTag).filter((t): t is ParsedTag => t !== undefined && sameFamily(t, current));
  const newest = (list: ParsedTag[]) => list.sort((x, y) => compareRelease(y.release, x.release))[0];
  const line = lineOf(current);
  const minor = newest(family.filter((t) => compareRelease(lineOf(t), line) === 0 && compareRelease(t.release, current.release) > 0));
  const major = newest(family.filter((t) => t.release[0] > current.release[0]));
  return { minor, major };
}

// Variant words that make an image smaller while keeping the same software.
const SMALL = /^(slim|alpine[\d.]*|distroless|minimal|micro|chiseled|busybox|musl|nonroot)$/;
// Variant words that name a base distribution; an alternative may swap them (bookworm -> alpine3.20).
const DISTRO = /^(bookworm|bullseye|buster|trixie|jammy|noble|focal|ubi\d*|debian\d*|ubuntu[\d.]*|alpine[\d.]*)$/;

/**
 * Tags that run the same software at the same release with a smaller variant: `8.5.97-jdk8` ->
 * `8.5.97-jdk8-slim`, `8.5.97-jdk8-alpine3.20`, but never `8.5.97-jdk11-slim` (a different runtime).
 */
export function alternativeTags(current: ParsedTag, release: number[], tags: readonly string[]): ParsedTag[] {
  const keep = (v: string) => v.split('-').filter((w) => w && !SMALL.test(w) && !DISTRO.test(w));
  const core = keep(current.variant).join('-');
  return tags
    .map(parseTag)
    .filter(
      (t): t is ParsedTag =>
        t !== undefined &&
        t.prefix === current.prefix &&
        t.variant !== current.variant &&
        compareRelease(t.release, release) === 0 &&
        t.release.length === release.length &&
        keep(t.variant).join('-') === core &&
        t.variant.split('-').some((w) => SMALL.test(w)),
    )
    .sort((a, b) => a.tag.localeCompare(b.tag));
}

export function formatRelease(t: ParsedTag): string {
  return t.release.join('.');
}
