// `drydock image … --file Dockerfile`: attribute findings to the base image or a Dockerfile line, drop base
// findings on request, and attach base-image advice to the report.
import { readFile } from 'node:fs/promises';
import type { ImageMetadata, OpenImageOptions } from '../image/types.js';
import type { ScanReport } from '../report/types.js';
import type { LayerCache } from '../scan/inventory.js';
import type { VulnStore } from '../vulndb/types.js';
import type { Warning } from '../errors.js';
import { DrydockError, errorMessage } from '../errors.js';
import { openImage } from '../image/index.js';
import { parseDockerfile } from '../dockerfile/index.js';
import { baseFromDockerfile, unresolvedBaseMessage } from './detect.js';
import { attributeFindings } from './attribution.js';
import { adviseBase } from './advise.js';

export interface ImageAdviceOptions {
  /** compute recommendations (needs registry access); attribution alone otherwise. Default true */
  recommend?: boolean;
  maxCandidates?: number;
  allowRegistries?: string[];
  excludeBaseImageVulns?: boolean;
}

export interface ApplyDockerfileOptions extends ImageAdviceOptions {
  dockerfile: string;
  buildArgs?: Record<string, string>;
  store?: VulnStore;
  open?: OpenImageOptions;
  layerCache?: LayerCache;
  warn?: (w: Warning) => void;
}

export async function applyDockerfileAdvice(report: ScanReport, metadata: ImageMetadata, opts: ApplyDockerfileOptions): Promise<void> {
  let text: string;
  try {
    text = await readFile(opts.dockerfile, 'utf8');
  } catch (e) {
    throw new DrydockError('NOT_FOUND', `cannot read ${opts.dockerfile}: ${errorMessage(e)}`, { cause: e });
  }
  const df = parseDockerfile(text, opts.dockerfile);
  report.artifact.dockerfile = opts.dockerfile;
  const base = baseFromDockerfile(df, opts.buildArgs);
  const unresolved = unresolvedBaseMessage(df, base, opts.buildArgs);
  if (unresolved) opts.warn?.({ message: `${unresolved}: no base-image advice` });
  const baseImage = base && !('scratch' in base) && !unresolved ? base : undefined;
  const open: OpenImageOptions = { ...opts.open, inputType: undefined, ...(baseImage?.platform ? { platform: baseImage.platform } : {}) };

  let baseLayerCount: number | undefined = base && 'scratch' in base ? 0 : undefined;
  if (baseImage && opts.recommend !== false) {
    // the base's manifest tells how many layers are the base's (manifest and config only, no layers)
    try {
      const src = await openImage(`docker://${baseImage.image}`, open);
      try {
        baseLayerCount = (await src.metadata()).layers.length;
      } finally {
        await src.close();
      }
    } catch (e) {
      opts.warn?.({ message: `base image ${baseImage.image}: ${errorMessage(e)}` });
    }
  }
  attributeFindings(report.findings, { df, buildArgs: opts.buildArgs, layers: metadata.layers, baseImage: baseImage?.image, baseLine: base?.line, baseLayerCount }, opts.warn);

  const all = report.findings;
  if (opts.excludeBaseImageVulns) report.findings = all.filter((f) => f.attribution?.kind !== 'base');
  if (!baseImage || opts.recommend === false || !opts.store) return;
  try {
    report.advice = await adviseBase(baseImage, {
      store: opts.store,
      open,
      layerCache: opts.layerCache,
      maxCandidates: opts.maxCandidates,
      allowRegistries: opts.allowRegistries,
      findings: all,
      distro: report.artifact.distro,
      warn: opts.warn,
    });
  } catch (e) {
    // advice is extra: a base image that cannot be reached must not fail the image scan
    opts.warn?.({ message: `no base-image advice for ${baseImage.image}: ${errorMessage(e)}` });
  }
}
