// The inventory pipeline: source -> one streaming pass per layer -> whiteout merge -> catalogers -> packages.
import type { ImageMetadata, ImageSource, LayerInfo } from '../image/types.js';
import type { FileMeta, LayerAnalysis } from '../image/layer/types.js';
import type { Cataloger, CatalogContext } from '../catalog/types.js';
import type { Distro, Package } from '../sbom/model.js';
import type { Warning } from '../errors.js';
import { errorMessage } from '../errors.js';
import { appendAll } from '../collections.js';
import { analyzeDirectory, analyzeLayer, mergeLayers, type MergedFilesystem } from '../image/index.js';
import { detectDistro, finalizeOsPackages } from '../catalog/os.js';
import { applyOwnership } from '../catalog/ownership.js';
import { outerFile } from '../catalog/java/archive.js';
import { catalogersFor } from '../catalog/registry.js';
import { ALL_PKG_TYPES, type PkgType } from '../catalog/pkg-types.js';
import { attributeOsLayers, isHistoryMarker, osHistoryCataloger } from './os-history.js';

export interface InventoryOptions {
  /** the catalogers to run (default: those of `pkgTypes` for an image) */
  catalogers?: Cataloger[];
  /** package types to report (default both): `['os']` runs the OS catalogers only, `['library']` leaves OS packages out */
  pkgTypes?: readonly PkgType[];
  /** extra files to keep in memory for checks that run on the final filesystem (image checks, secrets) */
  keepFiles?: (meta: FileMeta) => boolean;
  /** per-file hook during the walk for checks that must see file content once (secret scanning) */
  inspectFile?: Cataloger;
  warn?: (w: Warning) => void;
  progress?: (event: { layer: number; layers: number; phase: 'start' | 'done' }) => void;
  /** per-layer cache (issue 5: shared base layers are read once) */
  layerCache?: LayerCache;
}

export interface LayerCache {
  get(key: string): Promise<LayerAnalysis | undefined>;
  set(key: string, analysis: LayerAnalysis): Promise<void>;
}

export interface Inventory {
  metadata: ImageMetadata;
  distro?: Distro;
  packages: Package[];
  fs: MergedFilesystem;
  warnings: Warning[];
}

/** Bumped whenever a cataloger changes what it extracts, so cached layer analyses are not reused. */
export const ANALYZER_VERSION = '1';

export async function inventoryImage(source: ImageSource, opts: InventoryOptions = {}): Promise<Inventory> {
  const warnings: Warning[] = [];
  const warn = (w: Warning): void => {
    warnings.push(w);
    opts.warn?.(w);
  };
  const types = opts.pkgTypes ?? ALL_PKG_TYPES;
  const catalogers = [...(opts.catalogers ?? catalogersFor('image', types))];
  // a cached analysis holds what these catalogers parsed: another set (e.g. OS only) must not reuse it
  const catalogerSet = catalogers.map((c) => c.name).join(',');
  if (opts.keepFiles) {
    const keep = opts.keepFiles;
    catalogers.push({ name: 'keep-files', wants: keep, maxFileSize: 1 << 20, catalog: () => ({ packages: [] }) });
  }
  if (opts.inspectFile) catalogers.push(opts.inspectFile);
  catalogers.push(osHistoryCataloger);

  const metadata = await source.metadata();
  const analyses: LayerAnalysis[] = [];
  const root = (source as { root?: string }).root;
  if (source.kind === 'rootfs' && root) {
    opts.progress?.({ layer: 0, layers: 1, phase: 'start' });
    // layer/directory warnings reach `warn` once, through the merged filesystem below (cached analyses too)
    analyses.push(await analyzeDirectory(root, catalogers));
    opts.progress?.({ layer: 0, layers: 1, phase: 'done' });
  } else {
    for (const layer of metadata.layers) {
      opts.progress?.({ layer: layer.index, layers: metadata.layers.length, phase: 'start' });
      // The blob is read verified against its digest (the manifest names it, so the bytes are authentic), which hashes
      // the compressed bytes: fewer than the uncompressed ones a diffID check would hash again. The diffID is checked
      // only for blobs without a usable digest. Cached analyses are keyed by what was verified: a config that lies
      // about a diffID cannot place its content under another layer's key.
      const byBlob = BLOB_DIGEST.test(layer.digest);
      const verifiedId = byBlob ? layer.digest : SHA256_DIGEST.test(layer.diffId) ? layer.diffId : undefined;
      const key = verifiedId && `${verifiedId}:${ANALYZER_VERSION}:${catalogerSet}`;
      let analysis = key && opts.layerCache ? await opts.layerCache.get(key) : undefined;
      if (analysis) {
        // cached analyses are shared by images; the index/history line belongs to this image
        analysis = relabel(analysis, layer);
      } else {
        const stream = await source.openLayer(layer);
        const reverify = byBlob ? () => readVerified(source, layer) : undefined;
        analysis = await analyzeLayer(stream, { index: layer.index, diffId: layer.diffId, createdBy: layer.createdBy, size: layer.size }, catalogers, { checkDiffId: !byBlob, reverify });
        if (key && opts.layerCache && analysis.uncacheable === undefined) await opts.layerCache.set(key, analysis);
      }
      analyses.push(analysis);
      opts.progress?.({ layer: layer.index, layers: metadata.layers.length, phase: 'done' });
    }
  }

  const fs = mergeLayers(analyses);
  for (const w of fs.warnings) warn(w);
  const distro = detectDistro(fs);
  const ctx: CatalogContext = { distro, warn };
  const osPackages: Package[] = [];
  const catalogued: Package[] = [];
  const owned = new Map<string, Package>();
  for (const c of catalogers) {
    if (!c.catalog) continue;
    try {
      const result = await c.catalog(fs, ctx);
      for (const p of result.packages) {
        fillLayer(p, fs);
        (isOsType(p.type) ? osPackages : catalogued).push(p);
      }
      result.ownedFiles?.forEach((pkg, path) => owned.set(path, pkg));
    } catch (e) {
      warn({ message: `cataloger ${c.name} failed: ${errorMessage(e)}` });
    }
  }
  finalizeOsPackages(osPackages, distro);
  attributeOsLayers(osPackages, analyses);
  const appPackages: Package[] = [];
  for (const p of fs.packages()) if (!isHistoryMarker(p)) appPackages.push(p);
  appendAll(appPackages, catalogued);
  applyOwnership(appPackages, owned);
  const packages = types.includes('os') ? osPackages : [];
  if (types.includes('library')) appendAll(packages, dedupe(appPackages));
  return { metadata, distro, packages, fs, warnings };
}

const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
/** digests the sources verify blobs against (common.ts `verifier`) */
const BLOB_DIGEST = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/** A layer whose content did not read: whether the blob itself is what the manifest names (DIGEST_MISMATCH if not). */
async function readVerified(source: ImageSource, layer: LayerInfo): Promise<void> {
  const s = await source.openLayer(layer);
  for await (const _ of s as AsyncIterable<Buffer>) {
    /* only the digest check at the end matters */
  }
}

function isOsType(t: Package['type']): boolean {
  return t === 'deb' || t === 'apk' || t === 'rpm';
}

function fillLayer(p: Package, fs: MergedFilesystem): void {
  for (const loc of p.locations) {
    if (loc.layerIndex !== undefined) continue;
    const layer = fs.layerOf(outerFile(loc.path));
    if (layer) {
      loc.layerIndex = layer.index;
      loc.layerDiffId = layer.diffId;
      loc.createdBy = layer.createdBy;
    }
  }
}

/** The same package found twice at the same place (e.g. by two catalogers) is reported once. */
function dedupe(packages: Package[]): Package[] {
  // purl → the first location's path (a Set only once a purl is seen at two places): no key string per package
  const seen = new Map<string, string | Set<string>>();
  const out: Package[] = [];
  for (const p of packages) {
    const path = p.locations[0]?.path ?? '';
    const at = seen.get(p.purl);
    if (at === undefined) seen.set(p.purl, path);
    else if (typeof at === 'string') {
      if (at === path) continue;
      seen.set(p.purl, new Set([at, path]));
    } else {
      if (at.has(path)) continue;
      at.add(path);
    }
    out.push(p);
  }
  return out;
}

/** A cached analysis as this image's layer: its position, history line and the diffID its config gives. */
function relabel(a: LayerAnalysis, layer: LayerInfo): LayerAnalysis {
  const { index, createdBy } = layer;
  const diffId = layer.diffId ? { diffId: layer.diffId } : {};
  const layerDiffId = layer.diffId ? { layerDiffId: layer.diffId } : {};
  const parsed = new Map<string, Package[]>();
  for (const [path, pkgs] of a.parsed) {
    parsed.set(
      path,
      pkgs.map((p) => ({ ...p, locations: p.locations.map((l) => ({ ...l, layerIndex: index, ...layerDiffId, createdBy })) })),
    );
  }
  return { ...a, index, ...diffId, createdBy, parsed };
}
