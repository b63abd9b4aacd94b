// rpm cataloger: SQLite, BerkeleyDB and NDB databases under /var/lib/rpm or /usr/lib/sysimage/rpm.
import type { Cataloger, CatalogContext, CatalogResult } from '../types.js';
import type { FileMeta, FileResolver } from '../../image/layer/types.js';
import type { Package } from '../../sbom/model.js';
import { errorMessage } from '../../errors.js';
import { locationOf } from '../distro/os-package.js';
import { parseSourceRpm, readRpmInfo, type RpmInfo } from './header.js';
import { isSqlite, readSqliteBlobs } from './sqlite.js';
import { isBdbHash, readBdbValues } from './bdb.js';
import { isNdb, readNdbBlobs } from './ndb.js';

const DIRS = ['/var/lib/rpm/', '/usr/lib/sysimage/rpm/'];
// the order rpm itself prefers when a migrated image still holds an older database
const DB_FILES = ['rpmdb.sqlite', 'Packages.db', 'Packages'];
const WANTED = new Set(DIRS.flatMap((d) => DB_FILES.map((f) => d + f)));
/** the database files (base names, and every path they are read at): os-history reads each layer's copy too */
export { DB_FILES as RPM_DB_FILES, WANTED as RPM_DB_PATHS };

/** Header blobs of one database file, whatever its format (sniffed, not trusted from the name). */
export function readRpmBlobs(buf: Buffer, warn: (message: string) => void): Buffer[] {
  if (isSqlite(buf)) return readSqliteBlobs(buf, warn);
  if (isNdb(buf)) return readNdbBlobs(buf, warn);
  if (isBdbHash(buf)) return readBdbValues(buf, warn);
  throw new Error('unknown rpm database format');
}

/** Package records of one database; bad headers are skipped with a warning. */
export function readRpmDatabase(buf: Buffer, warn: (message: string) => void): RpmInfo[] {
  const out: RpmInfo[] = [];
  let bad = 0;
  let firstError = '';
  for (const blob of readRpmBlobs(buf, warn)) {
    try {
      out.push(readRpmInfo(blob));
    } catch (e) {
      bad++;
      firstError ||= errorMessage(e);
    }
  }
  if (bad) warn(`${bad} rpm header(s) unreadable, e.g.: ${firstError}`);
  return out;
}

function toPackage(info: RpmInfo, fs: FileResolver, path: string): Package {
  const evr = `${info.version}-${info.release}`;
  const src = info.sourceRpm ? parseSourceRpm(info.sourceRpm) : undefined;
  const pkg: Package = {
    name: info.name,
    // [epoch:]version-release, the form rpm advisories compare against
    version: info.epoch ? `${info.epoch}:${evr}` : evr,
    type: 'rpm',
    purl: '',
    release: info.release,
    sourceName: src?.name ?? info.name,
    sourceVersion: src?.version ?? evr,
    licenses: info.license ? [info.license] : [],
    locations: [locationOf(fs, path)],
    foundBy: 'rpm',
    metadata: { database: path, sourceRpm: info.sourceRpm, vendor: info.vendor, rpmVersion: info.version },
  };
  if (info.epoch !== undefined) pkg.epoch = info.epoch;
  if (info.arch) pkg.arch = info.arch;
  return pkg;
}

function catalog(fs: FileResolver, ctx: CatalogContext): CatalogResult {
  const packages: Package[] = [];
  const owned = new Map<string, Package>();
  const done = new Set<string>();
  for (const dir of DIRS) {
    for (const file of DB_FILES) {
      const path = dir + file;
      const real = fs.realPath(path);
      if (!real || done.has(real) || done.has(dir)) continue;
      const buf = fs.read(path);
      if (!buf) continue;
      done.add(real);
      const warn = (message: string) => ctx.warn({ file: path, message });
      let infos: RpmInfo[];
      try {
        infos = readRpmDatabase(buf, warn);
      } catch (e) {
        warn(`rpm database unreadable: ${errorMessage(e)}`);
        continue;
      }
      // one database per directory: the first readable one in rpm's order wins
      done.add(dir);
      if (dir === DIRS[0] && fs.realPath(DIRS[1] + file) === real) done.add(DIRS[1]);
      for (const info of infos) {
        if (info.name === 'gpg-pubkey') continue;
        const pkg = toPackage(info, fs, path);
        packages.push(pkg);
        for (const f of info.files) if (!owned.has(f)) owned.set(f, pkg);
      }
    }
  }
  return owned.size ? { packages, ownedFiles: owned } : { packages };
}

export const rpmCataloger: Cataloger = {
  name: 'rpm',
  wants: (meta: FileMeta) => WANTED.has(meta.path),
  select: { names: DB_FILES },
  maxFileSize: 512 * 1024 * 1024,
  catalog,
};
