// Canonical ecosystem keys and package-name normalisation, shared by importers and the matcher so that
// `Ubuntu:22.04:LTS`, `ubuntu:22.04` and friends land on the same key.

/** Lower-cased ecosystem with release-stream suffixes folded: `Ubuntu:22.04:LTS` → `ubuntu:22.04`. */
export function canonicalEcosystem(ecosystem: string): string {
  const e = ecosystem.trim();
  const lower = e.toLowerCase();
  if (lower.startsWith('ubuntu:')) {
    // Ubuntu:22.04:LTS, Ubuntu:Pro:18.04:LTS, Ubuntu:24.10 → ubuntu:<version> (Pro streams kept apart)
    const parts = lower.split(':').filter((p) => p !== 'lts');
    return parts.join(':');
  }
  if (lower.startsWith('red hat:')) {
    // Red Hat:enterprise_linux:9::appstream → red hat:9
    const m = /enterprise_linux:(\d+)/.exec(lower);
    return m ? `red hat:${m[1]}` : lower;
  }
  if (lower.startsWith('alpine:') && !lower.startsWith('alpine:v') && /^alpine:\d/.test(lower)) return `alpine:v${lower.slice(7)}`;
  return lower;
}

/** Package names as the ecosystem compares them: PEP 503 for PyPI, lower case elsewhere except Go paths. */
export function normalizeName(ecosystem: string, name: string): string {
  return normalizeCanonicalName(canonicalEcosystem(ecosystem), name);
}

/** normalizeName for an ecosystem key that is canonical already (matching computes it once per package type) */
export function normalizeCanonicalName(eco: string, name: string): string {
  if (eco === 'pypi') return name.toLowerCase().replace(/[-_.]+/g, '-');
  if (eco === 'go') return name; // module paths are case-sensitive (and case-encoded in the proxy)
  return name.toLowerCase();
}
