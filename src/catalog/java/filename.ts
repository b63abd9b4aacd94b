// Identity from an archive's file name: the last resort (e.g. "commons-lang3-3.11.jar").

/** extensions of archives opened when nested in another (all three letters long: the raw-name filter relies on it) */
export const JAVA_ARCHIVE_EXTENSIONS = ['jar', 'war', 'ear', 'par', 'sar', 'jpi', 'hpi', 'nar', 'kar', 'rar'] as const;
export const JAVA_ARCHIVE_RE = new RegExp(`\\.(${JAVA_ARCHIVE_EXTENSIONS.join('|')})$`, 'i');

export interface FileNameIdentity {
  name: string;
  version?: string;
}

export function identityFromFileName(fileName: string): FileNameIdentity | undefined {
  const base = fileName.replace(JAVA_ARCHIVE_RE, '');
  if (!base) return undefined;
  // the version starts at the first "-<digit>" or "_<digit>" after the name's first character, and holds only
  // [\w.+-] (covers 31.1-jre, 2.0.0-RC1, 1.0.0.Final). Found by one scan, not /^(.+?)[-_](\d[\w.+-]*)$/, which tried
  // every "-" against the rest of the name: quadratic in names of thousands of "-1" (a 64 KB entry name took 3 s).
  const at = versionStart(base);
  const version = at < 0 ? undefined : base.slice(at + 1);
  // "level-3-jar" is a name, not level@3-jar: a version is dotted or purely numeric at its start
  if (version !== undefined && /^\d+(\.\d|$|[-_.]?(alpha|beta|rc|m)\d)/i.test(version)) return { name: base.slice(0, at), version };
  return { name: base };
}

/** Index of the separator before the version in `base`, or -1. */
function versionStart(base: string): number {
  // the version runs to the end: it starts after the last character that cannot be in one
  let lastOther = -1;
  for (let k = base.length - 1; k >= 0; k--) {
    if (!isVersionChar(base.charCodeAt(k))) {
      lastOther = k;
      break;
    }
  }
  for (let i = Math.max(1, lastOther + 1); i < base.length - 1; i++) {
    const c = base.charCodeAt(i);
    const next = base.charCodeAt(i + 1);
    if ((c === 0x2d || c === 0x5f) && next >= 0x30 && next <= 0x39) return i;
  }
  return -1;
}

/** [\w.+-] */
function isVersionChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e || c === 0x2b || c === 0x2d;
}
