// Distro detection from release files, os-release first, then the distro-specific fallbacks.
import type { Distro } from '../../sbom/model.js';
import type { FileResolver } from '../../image/layer/types.js';

export const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release'];
export const FALLBACK_RELEASE_PATHS = [
  '/etc/alpine-release',
  '/etc/debian_version',
  '/etc/redhat-release',
  '/etc/centos-release',
  '/etc/system-release',
];
export const DISTRO_FILES = [...OS_RELEASE_PATHS, ...FALLBACK_RELEASE_PATHS];

/** Parses os-release syntax: KEY=value, values optionally quoted with shell escapes; comments ignored. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    out[m[1]] = unquote(m[2].trim());
  }
  return out;
}

function unquote(v: string): string {
  const q = v[0];
  if ((q === '"' || q === "'") && v.length >= 2) {
    const end = v.lastIndexOf(q);
    const inner = end > 0 ? v.slice(1, end) : v.slice(1);
    return q === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
  }
  // unquoted: strip a trailing comment (a search: /\s+#.*$/ backtracks quadratically on a long run of blanks)
  const hash = v.search(/\s#/);
  return hash >= 0 ? v.slice(0, hash).trimEnd() : v;
}

export function distroFromOsRelease(text: string): Distro | undefined {
  const kv = parseOsRelease(text);
  const id = kv.ID?.toLowerCase();
  if (!id) return undefined;
  const d: Distro = { id };
  if (kv.VERSION_ID) d.versionId = kv.VERSION_ID;
  if (kv.VERSION_CODENAME) d.versionCodename = kv.VERSION_CODENAME;
  if (kv.PRETTY_NAME) d.prettyName = kv.PRETTY_NAME;
  if (kv.ID_LIKE) d.idLike = kv.ID_LIKE.split(/\s+/).filter(Boolean);
  // Debian testing/sid have no VERSION_ID; keep the codename so matchers can still choose a release
  if (!d.versionCodename && kv.VERSION) {
    const cm = /\(([a-z]+)\)/.exec(kv.VERSION);
    if (cm) d.versionCodename = cm[1];
  }
  return d;
}

/** "/etc/debian_version": "8.11" → 8, "12.5" → 12, "bookworm/sid" → codename bookworm. */
export function distroFromDebianVersion(text: string): Distro | undefined {
  const v = text.trim().split('\n')[0].trim();
  if (!v) return undefined;
  const num = /^(\d+)(?:\.\d+)*/.exec(v);
  if (num) return { id: 'debian', versionId: num[1] };
  const code = /^([a-z]+)(?:\/sid)?$/.exec(v);
  if (code) return { id: 'debian', versionCodename: code[1] };
  return { id: 'debian' };
}

const REDHAT_NAMES: [RegExp, string][] = [
  [/^centos stream/i, 'centos'],
  [/^centos/i, 'centos'],
  [/^red hat enterprise linux/i, 'rhel'],
  [/^rocky linux/i, 'rocky'],
  [/^almalinux/i, 'almalinux'],
  [/^oracle linux/i, 'ol'],
  [/^fedora/i, 'fedora'],
  [/^amazon linux/i, 'amzn'],
  [/^cbl-mariner/i, 'mariner'],
];

/** "/etc/redhat-release" style: "CentOS Linux release 7.9.2009 (Core)". */
export function distroFromRedhatRelease(text: string): Distro | undefined {
  const line = text.trim().split('\n')[0].trim();
  if (!line) return undefined;
  const id = REDHAT_NAMES.find(([re]) => re.test(line))?.[1];
  if (!id) return undefined;
  const ver = /release\s+([\d.]+)/i.exec(line)?.[1] ?? /\s(\d+(?:\.\d+)*)\b/.exec(line)?.[1];
  const d: Distro = { id, prettyName: line };
  if (ver) d.versionId = ver;
  return d;
}

export function detectDistro(fs: FileResolver): Distro | undefined {
  for (const p of OS_RELEASE_PATHS) {
    const b = fs.read(p);
    if (!b) continue;
    const d = distroFromOsRelease(b.toString('utf8'));
    if (d) return refine(d, fs);
  }
  const alpine = fs.read('/etc/alpine-release')?.toString('utf8').trim();
  if (alpine) return { id: 'alpine', versionId: alpine.split('\n')[0].trim() };
  const deb = fs.read('/etc/debian_version');
  if (deb) {
    const d = distroFromDebianVersion(deb.toString('utf8'));
    if (d) return d;
  }
  for (const p of ['/etc/centos-release', '/etc/redhat-release', '/etc/system-release']) {
    const b = fs.read(p);
    if (!b) continue;
    const d = distroFromRedhatRelease(b.toString('utf8'));
    if (d) return d;
  }
  return undefined;
}

/** os-release can be coarser than the distro file: Debian's lacks a point release, Alpine edge lacks VERSION_ID. */
function refine(d: Distro, fs: FileResolver): Distro {
  if (d.id === 'alpine' && !d.versionId) {
    const a = fs.read('/etc/alpine-release')?.toString('utf8').trim();
    if (a) d.versionId = a;
  }
  if (d.id === 'debian' && !d.versionId) {
    const deb = fs.read('/etc/debian_version');
    const fb = deb ? distroFromDebianVersion(deb.toString('utf8')) : undefined;
    if (fb?.versionId) d.versionId = fb.versionId;
    if (!d.versionCodename && fb?.versionCodename) d.versionCodename = fb.versionCodename;
  }
  return d;
}
