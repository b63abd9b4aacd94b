// Ownership: a language package whose files belong to an OS package (dpkg/apk/rpm file lists) keeps that link,
// so a distro-installed Python or Java package is matched through the OS package's advisories by default.
//
// What the pipeline does:
//  1. after all catalogers ran, call applyOwnership(langPackages, ownedFiles) with the merged `ownedFiles` of the
//     OS catalogers' CatalogResults (path -> OS Package). It sets `ownedBy` and `metadata.ownerName`/`ownerType`.
//  2. when OS purls are filled (finalize), replace each `ownedBy` that is a provisional `type/name` reference
//     (no "pkg:" prefix) with the purl of the OS package of that type and name: resolveOwnedBy() does this.
//  3. matching: by default skip library matching for packages with `ownedBy` (the OS package's advisories cover
//     them); with the "match both" flag, match them as libraries too.
import type { Package } from '../sbom/model.js';
import { outerFile } from './java/archive.js';

export { outerFile };

/** The OS package owning the first of a package's files (most specific first) that an OS package lists. */
function ownerOf(p: Package, ownedFiles: Map<string, Package>): Package | undefined {
  for (const loc of p.locations) {
    const f = outerFile(loc.path);
    const os = ownedFiles.get(f);
    if (os) return os;
    // python: dpkg lists the dist-info/egg-info files; RECORD/INSTALLER may be listed when METADATA is not
    const info = f.includes('-info/') ? /^(.*\.(?:dist-info|egg-info))\/[^/]+$/.exec(f) : null;
    if (!info) continue;
    for (const g of [info[1], `${info[1]}/RECORD`, `${info[1]}/PKG-INFO`, `${info[1]}/METADATA`]) {
      const owner = ownedFiles.get(g);
      if (owner) return owner;
    }
  }
  return undefined;
}

export function ownerRef(os: Package): string {
  return os.purl || `${os.type}/${os.name}`;
}

export function applyOwnership(packages: Package[], ownedFiles: Map<string, Package>): void {
  if (ownedFiles.size === 0) return;
  for (const p of packages) {
    if (p.type === 'deb' || p.type === 'apk' || p.type === 'rpm' || p.ownedBy) continue;
    const os = ownerOf(p, ownedFiles);
    if (!os) continue;
    p.ownedBy = ownerRef(os);
    p.metadata = { ...p.metadata, ownerName: os.name, ownerType: os.type };
  }
}

/** Step 2 above: provisional "type/name" owner references → the OS package's purl once it is known. */
export function resolveOwnedBy(packages: Package[], osPackages: Package[]): void {
  const byRef = new Map<string, string>();
  for (const os of osPackages) if (os.purl) byRef.set(`${os.type}/${os.name}`, os.purl);
  for (const p of packages) {
    if (p.ownedBy && !p.ownedBy.startsWith('pkg:')) p.ownedBy = byRef.get(p.ownedBy) ?? p.ownedBy;
  }
}
