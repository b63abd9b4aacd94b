// apk cataloger: /lib/apk/db/installed with origin, licence and file ownership.
import type { Cataloger, CatalogContext, CatalogResult } from '../types.js';
import type { FileMeta, FileResolver } from '../../image/layer/types.js';
import type { Package } from '../../sbom/model.js';
import { parseApkInstalled } from './parse-installed.js';
import { locationOf } from '../distro/os-package.js';

export const APK_DB = '/lib/apk/db/installed';

function catalog(fs: FileResolver, ctx: CatalogContext): CatalogResult {
  const buf = fs.read(APK_DB);
  if (!buf) return { packages: [] };
  const packages: Package[] = [];
  const owned = new Map<string, Package>();
  for (const e of parseApkInstalled(buf.toString('utf8'), APK_DB, ctx.warn)) {
    const pkg: Package = {
      name: e.name,
      version: e.version,
      type: 'apk',
      purl: '',
      sourceName: e.origin ?? e.name,
      sourceVersion: e.version,
      // apk licences are space-separated lists ("MIT BSD GPL2+"), sometimes SPDX expressions; kept as written
      licenses: e.license ? [e.license] : [],
      locations: [locationOf(fs, APK_DB)],
      foundBy: 'apk',
      metadata: { database: APK_DB, maintainer: e.maintainer, url: e.url, commit: e.commit },
    };
    if (e.arch) pkg.arch = e.arch;
    packages.push(pkg);
    for (const f of e.files) if (!owned.has(f)) owned.set(f, pkg);
  }
  return owned.size ? { packages, ownedFiles: owned } : { packages };
}

export const apkCataloger: Cataloger = {
  name: 'apk',
  wants: (meta: FileMeta) => meta.path === APK_DB,
  select: { names: ['installed'] },
  catalog,
};
