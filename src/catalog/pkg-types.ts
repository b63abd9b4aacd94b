// Package types a scan can be limited to (Trivy's `--pkg-types os,library`). Kept apart from the catalogers so
// the CLI can check the names without loading them.
export type PkgType = 'os' | 'library';
export const ALL_PKG_TYPES: readonly PkgType[] = ['os', 'library'];

/** `os,library` → the types; throws on an unknown or empty list with the accepted names. */
export function parsePkgTypes(list: string | undefined): PkgType[] {
  if (list === undefined) return [...ALL_PKG_TYPES];
  const items = list.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.find((s) => !ALL_PKG_TYPES.includes(s as PkgType));
  if (bad !== undefined || items.length === 0) {
    throw new Error(`unknown package type "${bad ?? list}": use os, library or both (os,library)`);
  }
  return [...new Set(items)] as PkgType[];
}
