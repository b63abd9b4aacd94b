// META-INF/maven/<group>/<artifact>/pom.properties: the most reliable identity a jar carries.

export interface PomProperties {
  groupId: string;
  artifactId: string;
  version: string;
  /** entry path inside the archive */
  entry: string;
}

export const POM_PROPERTIES_RE = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;

/**
 * The three keys of a pom.properties (java.util.Properties lines of the form key=value or key: value; later lines
 * win). Read with a character loop rather than split/regex per line: it runs once per jar, thousands of times.
 */
export function parsePomProperties(text: string, entry: string): PomProperties | undefined {
  let group = '';
  let artifact = '';
  let version = '';
  const n = text.length;
  let start = 0;
  while (start <= n) {
    let end = start;
    while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const line = text.slice(start, end).trim();
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    if (!line || line.charCodeAt(0) === 0x23 || line.charCodeAt(0) === 0x21) continue; // # and ! comments
    let k = 0;
    for (let c = line.charCodeAt(0); k < line.length && c !== 0x3d && c !== 0x3a && !isSpace(c); c = line.charCodeAt(++k));
    if (k === 0) continue;
    let j = k;
    while (j < line.length && isSpace(line.charCodeAt(j))) j++;
    if (line.charCodeAt(j) !== 0x3d && line.charCodeAt(j) !== 0x3a) continue; // no separator: not a key=value line
    const key = line.slice(0, k);
    if (key === 'groupId') group = line.slice(j + 1).trim();
    else if (key === 'artifactId') artifact = line.slice(j + 1).trim();
    else if (key === 'version') version = line.slice(j + 1).trim();
  }
  // the directory names are a fallback when a field is missing (seen in hand-made jars)
  const parts = entry.split('/');
  const groupId = group || parts[2];
  const artifactId = artifact || parts[3];
  if (!groupId || !artifactId || !version) return undefined;
  if (version.includes('${')) return undefined; // unresolved property: not a usable identity
  return { groupId, artifactId, version, entry };
}

/** what the regular expression \s matches */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));
}
