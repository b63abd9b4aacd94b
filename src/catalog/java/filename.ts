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
  // the version starts at the first "-<digit>" (covers 31.1-jre, 2.0.0-RC1, 1.0.0.Final)
  const m = /^(.+?)[-_](\d[\w.+-]*)$/.exec(base);
  // "level-3-jar" is a name, not level@3-jar: a version is dotted or purely numeric at its start
  if (m && /^\d+(\.\d|$|[-_.]?(alpha|beta|rc|m)\d)/i.test(m[2])) return { name: m[1], version: m[2] };
  return { name: base };
}
