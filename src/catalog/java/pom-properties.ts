// META-INF/maven/<group>/<artifact>/pom.properties: the most reliable identity a jar carries.

export interface PomProperties {
  groupId: string;
  artifactId: string;
  version: string;
  /** entry path inside the archive */
  entry: string;
}

export const POM_PROPERTIES_RE = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;

export function parsePomProperties(text: string, entry: string): PomProperties | undefined {
  const props = new Map<string, string>();
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (m) props.set(m[1], m[2].trim());
  }
  // the directory names are a fallback when a field is missing (seen in hand-made jars)
  const parts = entry.split('/');
  const groupId = props.get('groupId') || parts[2];
  const artifactId = props.get('artifactId') || parts[3];
  const version = props.get('version');
  if (!groupId || !artifactId || !version) return undefined;
  if (version.includes('${')) return undefined; // unresolved property: not a usable identity
  return { groupId, artifactId, version, entry };
}
