// Helpers shared by the OS package catalogers: locations from the resolver, purls once the distro is known.
import { PackageURL } from 'packageurl-js';
import type { Distro, Location, Package } from '../../sbom/model.js';
import type { FileResolver } from '../../image/layer/types.js';

export function locationOf(fs: FileResolver, path: string): Location {
  const l = fs.layerOf(path);
  const loc: Location = { path };
  if (l) {
    loc.layerIndex = l.index;
    if (l.diffId) loc.layerDiffId = l.diffId;
    if (l.createdBy) loc.createdBy = l.createdBy;
  }
  return loc;
}

/** rpm purl namespace: the vendor, as syft/trivy name it. */
const RPM_NAMESPACE_BY_DISTRO: Record<string, string> = {
  rhel: 'redhat',
  centos: 'centos',
  rocky: 'rocky',
  almalinux: 'almalinux',
  ol: 'oracle',
  fedora: 'fedora',
  amzn: 'amazon',
  mariner: 'mariner',
  azurelinux: 'azurelinux',
  sles: 'suse',
  sled: 'suse',
  'sle-micro': 'suse',
  'opensuse-leap': 'opensuse',
  'opensuse-tumbleweed': 'opensuse',
  opensuse: 'opensuse',
  photon: 'photon',
};

const RPM_NAMESPACE_BY_VENDOR: [RegExp, string][] = [
  [/red hat/i, 'redhat'],
  [/centos/i, 'centos'],
  [/rocky/i, 'rocky'],
  [/alma/i, 'almalinux'],
  [/oracle/i, 'oracle'],
  [/fedora/i, 'fedora'],
  [/amazon/i, 'amazon'],
  [/microsoft/i, 'mariner'],
  [/suse/i, 'suse'],
];

function rpmNamespace(p: Package, distro?: Distro): string | undefined {
  if (distro && RPM_NAMESPACE_BY_DISTRO[distro.id]) return RPM_NAMESPACE_BY_DISTRO[distro.id];
  const vendor = typeof p.metadata?.vendor === 'string' ? p.metadata.vendor : '';
  const byVendor = RPM_NAMESPACE_BY_VENDOR.find(([re]) => re.test(vendor))?.[1];
  return byVendor ?? distro?.id;
}

function distroQualifier(distro: Distro | undefined, type: Package['type']): string | undefined {
  if (!distro) return undefined;
  // apk purls carry the bare release ("3.20.3"), deb/rpm ones "<id>-<version>"
  if (type === 'apk') return distro.versionId;
  const v = distro.versionId ?? distro.versionCodename;
  return v ? `${distro.id}-${v}` : distro.id;
}

export function osPurl(p: Package, distro?: Distro): string {
  const q: Record<string, string> = {};
  if (p.arch) q.arch = p.arch;
  const dq = distroQualifier(distro, p.type);
  if (dq) q.distro = dq;
  let namespace: string | undefined;
  let version = p.version;
  if (p.type === 'deb') {
    namespace = distro?.id ?? 'debian';
    if (p.sourceName && (p.sourceName !== p.name || (p.sourceVersion && p.sourceVersion !== p.version))) {
      q.upstream = p.sourceVersion && p.sourceVersion !== p.version ? `${p.sourceName}@${p.sourceVersion}` : p.sourceName;
    }
  } else if (p.type === 'apk') {
    namespace = distro?.id ?? 'alpine';
    if (p.sourceName && p.sourceName !== p.name) q.upstream = p.sourceName;
  } else if (p.type === 'rpm') {
    namespace = rpmNamespace(p, distro);
    // Package.version is [epoch:]version-release; the purl keeps the epoch as a qualifier
    version = p.version.replace(/^\d+:/, '');
    if (p.epoch !== undefined && p.epoch > 0) q.epoch = String(p.epoch);
    const srpm = typeof p.metadata?.sourceRpm === 'string' ? p.metadata.sourceRpm : undefined;
    if (srpm && p.sourceName && p.sourceName !== p.name) q.upstream = srpm;
  } else {
    return p.purl;
  }
  return new PackageURL(p.type, namespace, p.name, version, q, undefined).toString();
}

/** Fills purls of OS packages (created with purl '' during catalog) once the distro is known. */
export function finalizeOsPackages(packages: Package[], distro?: Distro): void {
  for (const p of packages) {
    if (p.type !== 'deb' && p.type !== 'apk' && p.type !== 'rpm') continue;
    try {
      p.purl = osPurl(p, distro);
    } catch {
      // a name packageurl-js rejects still gets an identifier rather than none
      p.purl = `pkg:${p.type}/${encodeURIComponent(p.name)}@${encodeURIComponent(p.version)}`;
    }
  }
}
