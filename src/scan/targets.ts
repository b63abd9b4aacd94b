// Groups packages the way reports show them: the OS first, then one target per application path.
import type { Distro, Package, PackageType, Target } from '../sbom/model.js';
import { outerFile } from '../catalog/java/archive.js';

const LANG_LABEL: Record<string, string> = {
  maven: 'Java',
  npm: 'Node.js',
  pypi: 'Python',
  golang: 'Go binary',
  cargo: 'Rust',
  gem: 'Ruby',
  composer: 'PHP',
  nuget: '.NET',
  binary: 'Binary',
};

export function osLabel(distro?: Distro): string {
  if (!distro) return 'unknown OS';
  return distro.prettyName ?? [distro.id, distro.versionId].filter(Boolean).join(' ');
}

export function groupTargets(packages: Package[], distro?: Distro): Target[] {
  // one map per package type, keyed by application path: no key string per package, each path computed once
  const targets = new Map<PackageType, Map<string, Target>>();
  const targetOf = (type: PackageType, at: string, os: boolean): Target => {
    let byPath = targets.get(type);
    if (!byPath) targets.set(type, (byPath = new Map()));
    let t = byPath.get(at);
    if (!t) byPath.set(at, (t = os ? { name: osLabel(distro), kind: 'os', type, packages: [] } : { name: `${LANG_LABEL[type] ?? type}: ${at}`, kind: 'lang', type, packages: [] }));
    return t;
  };
  for (const p of packages) {
    const os = p.type === 'deb' || p.type === 'apk' || p.type === 'rpm';
    targetOf(p.type, os ? '' : appPath(p), os).packages.push(p);
  }
  const sorted: Target[] = [];
  for (const byPath of targets.values()) for (const t of byPath.values()) sorted.push(t);
  sorted.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'os' ? -1 : 1));
  for (const t of sorted) t.packages.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  return sorted;
}

/**
 * The application path a package belongs to: the outermost archive for Java (`/app.war:WEB-INF/lib/x.jar` -> `/app.war`),
 * the directory of loose jars, the project root for node_modules and site-packages, the file itself for binaries
 * and lockfiles.
 */
function appPath(p: Package): string {
  const path = p.locations[0]?.path ?? '';
  const outer = outerFile(path);
  const nm = outer.indexOf('/node_modules/');
  if (nm >= 0) return outer.slice(0, nm) || '/';
  const site = outer.match(/^(.*\/(?:site|dist)-packages)\//);
  if (site) return site[1];
  if (p.type === 'gem') return cutAt(outer, '/specifications/');
  if (p.type === 'composer') return cutAt(outer, '/vendor/composer/');
  if (p.type === 'maven' && p.metadata?.installation) return String(p.metadata.installation);
  // a war/ear is an application of its own; loose jars belong to the directory they sit in (…/lib)
  if (p.type === 'maven' && outer === path && /\.jar$/i.test(outer)) return outer.slice(0, outer.lastIndexOf('/')) || '/';
  return outer;
}

/** `path` up to the first `marker` (indexOf: /marker.*$/ retried every later marker when the path held a newline). */
function cutAt(path: string, marker: string): string {
  const i = path.indexOf(marker);
  return i < 0 ? path : path.slice(0, i);
}
