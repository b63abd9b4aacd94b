// dpkg cataloger: /var/lib/dpkg/status and distroless status.d, licences from copyright files, file ownership.
import type { Cataloger, CatalogContext, CatalogResult } from '../types.js';
import type { FileMeta, FileResolver } from '../../image/layer/types.js';
import type { Package } from '../../sbom/model.js';
import { parseDpkgStatus, type DpkgEntry } from './parse-status.js';
import { licensesFromCopyright } from './copyright.js';
import { locationOf } from '../distro/os-package.js';
import { normalizeEntryPath } from '../../image/layer/paths.js';

const STATUS = '/var/lib/dpkg/status';
const STATUS_D = '/var/lib/dpkg/status.d/';
/** the status database (and distroless's one file a package): os-history reads each layer's copy too */
export { STATUS as DPKG_STATUS, STATUS_D as DPKG_STATUS_D };
const INFO = '/var/lib/dpkg/info/';
const DOC = /^\/usr\/share\/doc\/[^/]+\/copyright$/;
/** copyright files are read only for licences: big ones are skipped rather than held in memory */
const COPYRIGHT_CAP = 256 * 1024;

function wants(meta: FileMeta): boolean {
  const p = meta.path;
  if (p === STATUS) return true;
  if (p.startsWith(STATUS_D)) return !p.slice(STATUS_D.length).includes('/');
  if (p.startsWith(INFO)) return p.endsWith('.list') && !p.slice(INFO.length).includes('/');
  if (DOC.test(p)) return meta.size <= COPYRIGHT_CAP;
  return false;
}

function toPackage(e: DpkgEntry, fs: FileResolver, dbPath: string): Package {
  const pkg: Package = {
    name: e.name,
    version: e.version,
    type: 'deb',
    purl: '',
    sourceName: e.sourceName,
    sourceVersion: e.sourceVersion,
    licenses: [],
    locations: [locationOf(fs, dbPath)],
    foundBy: 'dpkg',
    metadata: { database: dbPath, maintainer: e.maintainer, installedSize: e.installedSize },
  };
  if (e.arch) pkg.arch = e.arch;
  return pkg;
}

/** status.d/<name> holds stanzas; status.d/<name>.md5sums lists the files (distroless). */
function statusDFiles(fs: FileResolver): { stanzas: string[]; md5sums: Map<string, string> } {
  const stanzas: string[] = [];
  const md5sums = new Map<string, string>();
  for (const path of fs.collected()) {
    const f = fs.stat(path);
    if (f?.kind !== 'file' || !f.path.startsWith(STATUS_D)) continue;
    const base = f.path.slice(STATUS_D.length);
    if (base.includes('/')) continue;
    if (base.endsWith('.md5sums')) md5sums.set(base.slice(0, -'.md5sums'.length), f.path);
    else stanzas.push(f.path);
  }
  return { stanzas: stanzas.sort(), md5sums };
}

function addOwned(owned: Map<string, Package>, fs: FileResolver, pkg: Package, paths: Iterable<string>): void {
  for (const raw of paths) {
    if (!raw || raw === '/.') continue;
    // lists name plain absolute paths: the layer walk's normaliser returns those as they are (posix.normalize built
    // a new string for each of a distro's tens of thousands of files); a name that climbs out of / owns nothing
    const p = normalizeEntryPath(raw);
    if (p === undefined || fs.stat(p)?.kind === 'dir') continue;
    if (!owned.has(p)) owned.set(p, pkg);
  }
}

function catalog(fs: FileResolver, ctx: CatalogContext): CatalogResult {
  const packages: Package[] = [];
  const owned = new Map<string, Package>();
  const seen = new Set<string>();
  const add = (entries: DpkgEntry[], db: string): Package[] => {
    const added: Package[] = [];
    for (const e of entries) {
      const key = `${e.name}:${e.arch ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const pkg = toPackage(e, fs, db);
      packages.push(pkg);
      added.push(pkg);
    }
    return added;
  };

  const status = fs.read(STATUS);
  if (status) {
    for (const pkg of add(parseDpkgStatus(status.toString('utf8'), STATUS, ctx.warn), STATUS)) {
      const list = fs.read(`${INFO}${pkg.name}:${pkg.arch}.list`) ?? fs.read(`${INFO}${pkg.name}.list`);
      if (list) addOwned(owned, fs, pkg, list.toString('utf8').split('\n'));
    }
  }
  const { stanzas, md5sums } = statusDFiles(fs);
  for (const path of stanzas) {
    const buf = fs.read(path);
    if (!buf) continue;
    for (const pkg of add(parseDpkgStatus(buf.toString('utf8'), path, ctx.warn), path)) {
      const sums = fs.read(md5sums.get(pkg.name) ?? '');
      // "<md5>  <path relative to />"
      if (sums) addOwned(owned, fs, pkg, sums.toString('utf8').split('\n').map((l) => l.replace(/^[0-9a-f]+\s+/, '')));
    }
  }
  for (const pkg of packages) {
    const copyright = fs.read(`/usr/share/doc/${pkg.name}/copyright`);
    if (copyright) pkg.licenses = licensesFromCopyright(copyright.toString('utf8'));
  }
  return owned.size ? { packages, ownedFiles: owned } : { packages };
}

export const dpkgCataloger: Cataloger = {
  name: 'dpkg',
  wants,
  // status.d/ holds one file per package (distroless), under the package's name
  select: { names: ['status', 'copyright'], extensions: ['.list'], dirs: [STATUS_D.slice(0, -1)] },
  catalog,
};
