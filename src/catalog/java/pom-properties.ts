// META-INF/maven/<group>/<artifact>/pom.properties: the most reliable identity a jar carries.

export interface PomProperties {
  groupId: string;
  artifactId: string;
  version: string;
  /** entry path inside the archive */
  entry: string;
}

export const POM_PROPERTIES_RE = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;

// A line (split at \r, \n or \r\n) that starts, after blanks, with one of the three keys and a separator; the rest of
// the line is the value. One native search over the text rather than a loop in JavaScript: this runs once per jar,
// and in a cold process a character loop runs as interpreted bytecode for most of the scan.
const KEY_LINE_RE = /(?:^|[\r\n])[^\S\r\n]*(groupId|artifactId|version)[^\S\r\n]*[=:]([^\r\n]*)/g;

/** The three keys of a pom.properties (java.util.Properties lines of the form key=value or key: value; later lines win). */
export function parsePomProperties(text: string, entry: string): PomProperties | undefined {
  let group = '';
  let artifact = '';
  let version = '';
  KEY_LINE_RE.lastIndex = 0;
  for (let m = KEY_LINE_RE.exec(text); m !== null; m = KEY_LINE_RE.exec(text)) {
    const value = m[2].trim();
    if (m[1] === 'groupId') group = value;
    else if (m[1] === 'artifactId') artifact = value;
    else version = value;
  }
  // the directory names are a fallback when a field is missing (seen in hand-made jars)
  const parts = entry.split('/');
  const groupId = group || parts[2];
  const artifactId = artifact || parts[3];
  if (!groupId || !artifactId || !version) return undefined;
  if (version.includes('${')) return undefined; // unresolved property: not a usable identity
  return { groupId, artifactId, version, entry };
}
