// Which layer installed each OS package. The package database is rewritten by every layer that installs
// something, so the final database's layer is only the *last* writer; instead each layer's copy is read
// during the walk (as tiny key lists, cacheable with the layer) and a package is attributed to the lowest
// layer from which it is present, unchanged, in every later copy of the database.
import type { Cataloger } from '../catalog/types.js';
import type { LayerAnalysis } from '../image/layer/types.js';
import type { Package } from '../sbom/model.js';
import { parseDpkgStatus } from '../catalog/dpkg/parse-status.js';
import { parseApkInstalled } from '../catalog/apk/parse-installed.js';
import { RPM_DB_FILES, RPM_DB_PATHS, readRpmDatabase } from '../catalog/rpm/cataloger.js';
import { DPKG_STATUS, DPKG_STATUS_D } from '../catalog/dpkg/cataloger.js';
import { APK_DB } from '../catalog/apk/cataloger.js';

const HISTORY = 'os-history';

export function packageKey(type: string, name: string, version: string, arch?: string): string {
  return `${type}:${name}:${version}:${arch ?? ''}`;
}

function keyOf(p: Package): string {
  return packageKey(p.type, p.name, p.version, p.arch);
}

const quiet = (): void => {};

/** The OS package databases whose copies are recorded (the files the dpkg, apk and rpm catalogers read). */
function isOsDatabasePath(path: string): boolean {
  return (
    path === DPKG_STATUS ||
    // directly in status.d/
    (path.startsWith(DPKG_STATUS_D) && !path.endsWith('.md5sums') && !path.includes('/', DPKG_STATUS_D.length)) ||
    path === APK_DB ||
    RPM_DB_PATHS.has(path)
  );
}

/** Records, per layer, the package keys of each OS database copy that layer writes. */
export const osHistoryCataloger: Cataloger = {
  name: HISTORY,
  maxFileSize: 512 * 1024 * 1024,
  wants: (m) => isOsDatabasePath(m.path),
  select: { names: ['status', 'installed', ...RPM_DB_FILES], dirs: [DPKG_STATUS_D.slice(0, -1)] },
  parseFile(file) {
    const path = file.meta.path;
    let keys: string[];
    if (path === APK_DB) {
      keys = parseApkInstalled(file.content.toString('utf8'), path, quiet).map((e) => packageKey('apk', e.name, e.version, e.arch));
    } else if (path.startsWith('/var/lib/dpkg/')) {
      keys = parseDpkgStatus(file.content.toString('utf8'), path, quiet).map((e) => packageKey('deb', e.name, e.version, e.arch));
    } else {
      keys = readRpmDatabase(file.content, quiet).map((i) =>
        packageKey('rpm', i.name, i.epoch ? `${i.epoch}:${i.version}-${i.release}` : `${i.version}-${i.release}`, i.arch),
      );
    }
    // stored as one marker package so it travels (and caches) with the layer analysis
    return [
      {
        name: path,
        version: '',
        type: 'binary',
        purl: '',
        licenses: [],
        locations: [{ path }],
        foundBy: HISTORY,
        metadata: { keys },
      },
    ];
  },
};

export function isHistoryMarker(p: Package): boolean {
  return p.foundBy === HISTORY;
}

/** Sets each OS package's location layer to the layer that installed it. */
export function attributeOsLayers(packages: Package[], layers: LayerAnalysis[]): void {
  // per database path: ordered list of (layer, keys) for the layers that wrote it
  const copies = new Map<string, { layer: LayerAnalysis; keys: Set<string> }[]>();
  for (const layer of layers) {
    for (const [path, pkgs] of layer.parsed) {
      // markers sit at database paths only: application packages (thousands of paths) are passed over by name
      if (!isOsDatabasePath(path)) continue;
      const marker = pkgs.find(isHistoryMarker);
      if (!marker) continue;
      const list = copies.get(path) ?? [];
      list.push({ layer, keys: new Set((marker.metadata?.keys as string[]) ?? []) });
      copies.set(path, list);
    }
  }
  for (const p of packages) {
    if (p.type !== 'deb' && p.type !== 'apk' && p.type !== 'rpm') continue;
    const loc = p.locations[0];
    const list = loc && copies.get(loc.path);
    if (!list?.length) continue;
    const key = keyOf(p);
    let origin: LayerAnalysis | undefined;
    // walk from the top copy down while the package is still present in each older copy
    for (let i = list.length - 1; i >= 0; i--) {
      if (!list[i].keys.has(key)) break;
      origin = list[i].layer;
    }
    if (origin) {
      loc.layerIndex = origin.index;
      loc.layerDiffId = origin.diffId;
      loc.createdBy = origin.createdBy;
    }
  }
}
