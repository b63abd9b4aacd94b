// Helpers shared by the OS package catalogers: locations from the resolver, purls once the distro is known.
import { packageUrlLib } from '../../sbom/purl-lib.js';
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

export interface OsPurlParts {
  type: 'deb' | 'apk' | 'rpm';
  namespace: string | undefined;
  name: string;
  version: string;
  qualifiers: Record<string, string>;
}

/** The components of an OS package's purl (undefined for other package types). */
export function osPurlParts(p: Package, distro?: Distro): OsPurlParts | undefined {
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
    return undefined;
  }
  return { type: p.type, namespace, name: p.name, version, qualifiers: q };
}

export function osPurl(p: Package, distro?: Distro): string {
  const parts = osPurlParts(p, distro);
  if (!parts) return p.purl;
  const { type, namespace, name, version, qualifiers } = parts;
  return fastOsPurl(parts) ?? new (packageUrlLib().PackageURL)(type, namespace, name, version, qualifiers, undefined).toString();
}

// Characters whose encoding by packageurl-js the fast path below reproduces; anything else goes to the library.
const OS_NAMESPACE = /^[a-z0-9._-]+$/;
const OS_NAME_LOWER = /^[a-z0-9._~+:@-]+$/;
const OS_NAME = /^[A-Za-z0-9._~+:@-]+$/;
const OS_TEXT = /^[A-Za-z0-9._~+:@-]*$/;
/** qualifier keys in the order packageurl-js writes them (sorted), for the ones osPurl sets */
const QUALIFIER_KEYS = ['arch', 'distro', 'epoch', 'upstream'] as const;

/**
 * The purl packageurl-js would build for an OS package, without it, when every component is made of the characters
 * above (undefined otherwise). Its rules there: deb and apk names lower-cased; in names "+", ":" and "@" encoded; in
 * versions "@" only; in qualifier values "~", "+", ":" and "@"; qualifiers sorted by key. Checked against
 * packageurl-js in os-purl.test.ts, over real package databases and every character of the set.
 */
export function fastOsPurl({ type, namespace, name, version, qualifiers: q }: OsPurlParts): string | undefined {
  if (namespace === undefined || !OS_NAMESPACE.test(namespace) || !(type === 'rpm' ? OS_NAME : OS_NAME_LOWER).test(name) || !OS_TEXT.test(version)) return undefined;
  let query = '';
  let n = 0;
  for (const k of QUALIFIER_KEYS) {
    const v = q[k];
    if (v === undefined || v === '') continue;
    if (!OS_TEXT.test(v)) return undefined;
    query += `${n++ === 0 ? '?' : '&'}${k}=${v.replace(QUALIFIER_ESCAPES, escapeChar)}`;
  }
  // a qualifier osPurl did not list would be dropped here: leave such a purl to the library
  if (n !== Object.keys(q).length) return undefined;
  return `pkg:${type}/${namespace}/${name.replace(NAME_ESCAPES, escapeChar)}${version ? '@' + version.replaceAll('@', '%40') : ''}${query}`;
}

const NAME_ESCAPES = /[+:@]/g;
const QUALIFIER_ESCAPES = /[~+:@]/g;
const escapeChar = (c: string): string => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

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
