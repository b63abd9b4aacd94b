// One entry point for images, root filesystems and source trees: inventory, match, checks -> ScanReport.
import type { Cataloger } from '../catalog/types.js';
import type { MisconfigResult } from '../misconfig/types.js';
import type { OpenImageOptions } from '../image/types.js';
import type { ScanReport } from '../report/types.js';
import type { VulnStore } from '../vulndb/types.js';
import type { Warning } from '../errors.js';
import { openImage } from '../image/index.js';
import { inventoryImage, type InventoryOptions } from './inventory.js';
import { buildReport, type Scanner } from './scan-image.js';
import { matchPackages } from '../match/index.js';
import { catalogersFor } from '../catalog/registry.js';
import { ALL_PKG_TYPES, type PkgType } from '../catalog/pkg-types.js';
import { scanSecrets, secretWants, secretsToResults } from '../secret/index.js';
import { appendAll } from '../collections.js';

export interface ScanTargetOptions extends Pick<InventoryOptions, 'progress' | 'layerCache'> {
  scanners: Scanner[];
  /** package types to inventory and match (default os and library) */
  pkgTypes?: readonly PkgType[];
  store?: VulnStore;
  ignoreUnfixed?: boolean;
  matchOwned?: boolean;
  warn?: (w: Warning) => void;
  dockerfile?: string;
  buildArgs?: Record<string, string>;
  manifests?: string;
  now?: Date;
  /** with `dockerfile`: base-image advice and attribution settings (src/advise) */
  advice?: import('../advise/image-advice.js').ImageAdviceOptions;
}

export async function scanTarget(
  req: { kind: 'image' | 'rootfs' | 'filesystem'; ref: string; open: OpenImageOptions },
  opts: ScanTargetOptions,
): Promise<ScanReport> {
  const open: OpenImageOptions = req.kind === 'image' ? req.open : { ...req.open, inputType: 'rootfs' };
  const source = await openImage(req.ref, open);
  try {
    const secrets: MisconfigResult[] = [];
    const inspectFile: Cataloger | undefined = opts.scanners.includes('secret')
      ? {
          name: 'secrets',
          wants: secretWants,
          parseFile(file) {
            // secrets are reported from every layer: a file deleted later is still in the image's blobs
            const hits = scanSecrets(file.content, file.meta.path);
            if (hits.length) appendAll(secrets, secretsToResults(hits, file.meta.path, req.kind === 'image' ? { index: file.layerIndex, diffId: file.layerDiffId } : undefined));
            return [];
          },
        }
      : undefined;
    const imageChecks = opts.scanners.includes('config') && req.kind !== 'filesystem' ? await import('../misconfig/image/index.js') : undefined;
    const inv = await inventoryImage(source, {
      catalogers: catalogersFor(req.kind === 'filesystem' ? 'directory' : 'image', opts.pkgTypes ?? ALL_PKG_TYPES),
      pkgTypes: opts.pkgTypes,
      keepFiles: imageChecks?.imageCheckWants,
      inspectFile,
      warn: opts.warn,
      progress: opts.progress,
      // cached analyses hold only catalog results: a walk that also inspects files (secrets, image checks) reads the layers
      layerCache: inspectFile || imageChecks ? undefined : opts.layerCache,
    });
    const findings =
      opts.scanners.includes('vuln') && opts.store
        ? matchPackages(inv.packages, inv.distro, opts.store, { ignoreUnfixed: opts.ignoreUnfixed, matchOwned: opts.matchOwned })
        : [];
    const report = buildReport(req.ref, req.kind, inv, findings, inv.warnings, { now: opts.now, store: opts.store });
    if (imageChecks) appendAll(report.misconfigurations, imageChecks.checkImage(inv.metadata.config, inv.fs));
    appendAll(report.misconfigurations, secrets);
    if (req.kind !== 'filesystem') await addAttackSurface(report, opts.manifests, opts.warn);
    if (opts.dockerfile && req.kind === 'image') {
      const { applyDockerfileAdvice } = await import('../advise/image-advice.js');
      await applyDockerfileAdvice(report, inv.metadata, { ...opts.advice, dockerfile: opts.dockerfile, buildArgs: opts.buildArgs, store: opts.store, open: req.open, layerCache: opts.layerCache, warn: opts.warn });
    }
    return report;
  } finally {
    await source.close();
  }
}

/** The attacker's-eye summary: image results, plus the Kubernetes manifests that deploy the image when given. */
async function addAttackSurface(report: ScanReport, manifests: string | undefined, warn?: (w: Warning) => void): Promise<void> {
  const { attackSurface } = await import('../misconfig/attack-surface.js');
  let kubernetes: MisconfigResult[] | undefined;
  let hasEgressDeny = false;
  if (manifests) {
    const { scanConfigPaths } = await import('../misconfig/scan-config.js');
    const k = await scanConfigPaths([manifests]);
    for (const w of k.warnings) warn?.(w);
    kubernetes = k.kubernetes?.results ?? [];
    hasEgressDeny = (k.kubernetes?.egressDenied.size ?? 0) > 0;
    appendAll(report.misconfigurations, kubernetes);
  }
  report.attackSurface = attackSurface({ image: report.misconfigurations, kubernetes, hasEgressDeny });
}
