// `drydock image` as a library call: inventory + vulnerability matching (+ image checks) -> ScanReport.
import type { ImageSource, OpenImageOptions } from '../image/types.js';
import type { ScanReport } from '../report/types.js';
import type { Finding } from '../match/types.js';
import type { Warning } from '../errors.js';
import { openImage } from '../image/index.js';
import { VERSION } from '../version.js';
import { inventoryImage, type InventoryOptions, type Inventory } from './inventory.js';
import { groupTargets } from './targets.js';
import { matchPackages } from '../match/index.js';
import type { VulnStore } from '../vulndb/types.js';

import type { Scanner } from './scanners.js';
export { ALL_SCANNERS, type Scanner } from './scanners.js';

export interface ScanImageOptions extends OpenImageOptions, Pick<InventoryOptions, 'warn' | 'progress' | 'layerCache' | 'pkgTypes'> {
  scanners?: Scanner[];
  /** required when scanners include 'vuln' */
  store?: VulnStore;
  ignoreUnfixed?: boolean;
  /** also match language packages owned by an OS package against their own ecosystem */
  matchOwned?: boolean;
  /** fixed clock for reproducible reports */
  now?: Date;
}

export async function scanImage(ref: string, opts: ScanImageOptions = {}): Promise<ScanReport> {
  const source = await openImage(ref, opts);
  try {
    return await scanSource(source, ref, opts);
  } finally {
    await source.close();
  }
}

export async function scanSource(source: ImageSource, ref: string, opts: ScanImageOptions = {}): Promise<ScanReport> {
  const scanners = opts.scanners ?? ['vuln'];
  const inv = await inventoryImage(source, { warn: opts.warn, progress: opts.progress, layerCache: opts.layerCache, pkgTypes: opts.pkgTypes });
  const findings: Finding[] =
    scanners.includes('vuln') && opts.store
      ? matchPackages(inv.packages, inv.distro, opts.store, { ignoreUnfixed: opts.ignoreUnfixed, matchOwned: opts.matchOwned })
      : [];
  return buildReport(ref, source.kind === 'rootfs' ? 'rootfs' : 'image', inv, findings, inv.warnings, opts);
}

export function buildReport(
  ref: string,
  kind: ScanReport['artifact']['kind'],
  inv: Inventory,
  findings: Finding[],
  warnings: Warning[],
  opts: { now?: Date; store?: VulnStore },
): ScanReport {
  const { config, ...meta } = inv.metadata;
  return {
    schemaVersion: 1,
    tool: { name: 'drydock', version: VERSION },
    createdAt: (opts.now ?? new Date()).toISOString(),
    artifact: {
      name: ref,
      kind,
      image: kind === 'image' ? { ...meta, user: config.config?.User ?? '', labels: config.config?.Labels ?? undefined } : undefined,
      distro: inv.distro,
    },
    targets: groupTargets(inv.packages, inv.distro),
    findings,
    misconfigurations: [],
    database: opts.store ? describeStore(opts.store) : undefined,
    warnings,
  };
}

function describeStore(store: VulnStore): NonNullable<ScanReport['database']> {
  const m = store.metadata();
  return { builtAt: m.builtAt, sources: m.sources.map((s) => s.name), example: m.example };
}
