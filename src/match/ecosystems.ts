// Which advisories apply to a package: distro → OSV ecosystem (release stream) and package type → language
// ecosystem, with the version scheme each one compares with.
import type { Distro, Package, PackageType } from '../sbom/model.js';
import { canonicalEcosystem, normalizeCanonicalName, normalizeName } from '../vulndb/ecosystem.js';

export interface PackageQuery {
  /** canonical ecosystem key (vulndb/ecosystem.ts) */
  ecosystem: string;
  /** normalised names to look up, most specific first (source package, then binary) */
  names: string[];
  /** version scheme id for ECOSYSTEM ranges */
  scheme: string;
  /** the version compared against advisories (source version for dpkg) */
  version: string;
}

const major = (v: string | undefined) => v?.split('.')[0];
const majorMinor = (v: string | undefined) => v?.split('.').slice(0, 2).join('.');

/**
 * OSV ecosystem for an os-release; undefined for distros without an OSV feed.
 * `Debian:12`, `Ubuntu:22.04`, `Alpine:v3.20` (3.20.3 → v3.20), `Red Hat:9`, `Rocky Linux:9`, `AlmaLinux:9`,
 * `Mariner:2.0`, `Azure Linux:3.0`, `SUSE:Linux Enterprise Server 15 SP5`, `openSUSE:Leap 15.5`, `Wolfi`, `Chainguard`.
 */
export function distroEcosystem(d: Distro): { ecosystem: string; scheme: string } | undefined {
  const v = d.versionId;
  const id = d.id.toLowerCase();
  const eco = (e: string | undefined, scheme: string) => (e ? { ecosystem: canonicalEcosystem(e), scheme } : undefined);
  switch (id) {
    case 'debian':
      return eco(v && `Debian:${major(v)}`, 'deb');
    case 'ubuntu':
      return eco(v && `Ubuntu:${majorMinor(v)}`, 'deb');
    case 'alpine':
      // edge/pre-releases (3.21_alpha…) have no stream of their own
      return eco(v && /^\d+\.\d+/.test(v) ? `Alpine:v${majorMinor(v)}` : undefined, 'apk');
    case 'wolfi':
      return eco('Wolfi', 'apk');
    case 'chainguard':
      return eco('Chainguard', 'apk');
    case 'rhel':
      return eco(v && `Red Hat:${major(v)}`, 'rpm');
    case 'rocky':
      return eco(v && `Rocky Linux:${major(v)}`, 'rpm');
    case 'almalinux':
      return eco(v && `AlmaLinux:${major(v)}`, 'rpm');
    case 'mariner':
      return eco(v && `Mariner:${majorMinor(v)}`, 'rpm');
    case 'azurelinux':
      return eco(v && `Azure Linux:${majorMinor(v)}`, 'rpm');
    case 'sles': {
      // VERSION_ID 15.5 → "Linux Enterprise Server 15 SP5"
      const [maj, sp] = (v ?? '').split('.');
      return eco(maj && `SUSE:Linux Enterprise Server ${maj}${sp && sp !== '0' ? ` SP${sp}` : ''}`, 'rpm');
    }
    case 'opensuse-leap':
      return eco(v && `openSUSE:Leap ${v}`, 'rpm');
    case 'opensuse-tumbleweed':
      return eco('openSUSE:Tumbleweed', 'rpm');
    default:
      return undefined;
  }
}

/** `canonical`: the ecosystem's key (vulndb/ecosystem.ts), filled on first use: a scan asks once per package */
const LANGUAGE: Partial<Record<PackageType, { ecosystem: string; scheme: string; canonical?: string }>> = {
  npm: { ecosystem: 'npm', scheme: 'semver' },
  maven: { ecosystem: 'Maven', scheme: 'maven' },
  pypi: { ecosystem: 'PyPI', scheme: 'pep440' },
  golang: { ecosystem: 'Go', scheme: 'go' },
  cargo: { ecosystem: 'crates.io', scheme: 'cargo' },
  gem: { ecosystem: 'RubyGems', scheme: 'gem' },
  composer: { ecosystem: 'Packagist', scheme: 'composer' },
  nuget: { ecosystem: 'NuGet', scheme: 'nuget' },
};

/** Version scheme of an OSV ecosystem (for records read without a package, e.g. in tests and the bench). */
export function schemeForEcosystem(ecosystem: string): string | undefined {
  const base = canonicalEcosystem(ecosystem).split(':')[0];
  for (const l of Object.values(LANGUAGE)) if (l && canonicalEcosystem(l.ecosystem) === base) return l.scheme;
  if (base === 'debian' || base === 'ubuntu') return 'deb';
  if (base === 'alpine' || base === 'wolfi' || base === 'chainguard') return 'apk';
  if (['red hat', 'rocky linux', 'almalinux', 'mariner', 'azure linux', 'suse', 'opensuse'].includes(base)) return 'rpm';
  return undefined;
}

function rpmVersion(p: Package): string {
  let v = p.version;
  if (p.release && !v.endsWith(`-${p.release}`)) v = `${v}-${p.release}`;
  if (p.epoch && !v.includes(':')) v = `${p.epoch}:${v}`;
  return v;
}

/** The lookup for one package, or undefined when no advisory source covers it. */
export function queryFor(p: Package, distro: Distro | undefined): PackageQuery | undefined {
  if (p.type === 'deb' || p.type === 'apk' || p.type === 'rpm') {
    const d = distro && distroEcosystem(distro);
    if (!d) return undefined;
    // advisories name the source package (dpkg Source, apk origin, rpm source name); the binary name is the fallback
    const names = [...new Set([p.sourceName, p.name].filter((n): n is string => !!n).map((n) => normalizeName(d.ecosystem, n)))];
    if (p.type === 'deb') {
      return { ecosystem: d.ecosystem, names: names.slice(0, 1), scheme: 'deb', version: p.sourceVersion ?? p.version };
    }
    return { ecosystem: d.ecosystem, names, scheme: d.scheme, version: p.type === 'rpm' ? rpmVersion(p) : p.version };
  }
  const lang = LANGUAGE[p.type];
  if (!lang) return undefined;
  let name = p.name;
  if (p.type === 'maven' && !name.includes(':') && p.group) name = `${p.group}:${name}`;
  const ecosystem = (lang.canonical ??= canonicalEcosystem(lang.ecosystem));
  let version = p.version;
  // OSV Go versions carry no "v" (and the toolchain's stdlib reports go1.21.3)
  if (p.type === 'golang') version = version.replace(/^(v|go)(?=\d)/, '').replace(/\+incompatible$/, '');
  return { ecosystem, names: [normalizeCanonicalName(ecosystem, name)], scheme: lang.scheme, version };
}
