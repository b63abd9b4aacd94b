// META-INF/MANIFEST.MF: only the main section (up to the first blank line) describes the archive itself;
// later "Name:" sections describe packages inside it (e.g. javax.security.auth.message 1.1.FR in tomcat-embed-core).

/** Attributes of the main section, keys as written (case kept), continuation lines joined. */
export function parseManifestMain(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let key: string | undefined;
  for (const line of lines) {
    if (line === '') {
      if (out.size > 0 || key !== undefined) break; // end of the main section
      continue;
    }
    if (line.startsWith(' ') && key !== undefined) {
      out.set(key, out.get(key)! + line.slice(1));
      continue;
    }
    const i = line.indexOf(':');
    if (i <= 0) continue;
    key = line.slice(0, i).trim();
    out.set(key, line.slice(i + 1).trim());
  }
  return out;
}

/** Case-insensitive lookup (manifests in the wild vary in capitalisation). */
export function manifestGet(m: Map<string, string>, key: string): string | undefined {
  const direct = m.get(key);
  if (direct !== undefined) return direct || undefined;
  const lower = key.toLowerCase();
  for (const [k, v] of m) if (k.toLowerCase() === lower) return v || undefined;
  return undefined;
}
