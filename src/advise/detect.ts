// Which base image an image was built from: the Dockerfile's final stage (ARGs, aliases, chains, digests),
// else the OCI base-image labels, else the candidate whose layers are the image's leading layers.
import type { ImageMetadata, OpenImageOptions } from '../image/types.js';
import { openImage } from '../image/index.js';
import { parseDockerfile, resolveBaseImage, globalArgValues, substituteArgs, type ParsedDockerfile } from '../dockerfile/index.js';
import { parseReference } from '../image/registry/reference.js';
import { DrydockError } from '../errors.js';
import type { BaseDetection } from './types.js';

export const BASE_NAME_LABEL = 'org.opencontainers.image.base.name';
export const BASE_DIGEST_LABEL = 'org.opencontainers.image.base.digest';

export type DockerfileBase = (BaseDetection & { stage: number }) | { scratch: true; line: number };

/** The final stage's external base, `FROM <stage>` chains followed; `scratch` is reported as such. */
export function baseFromDockerfile(df: ParsedDockerfile, buildArgs: Record<string, string> = {}): DockerfileBase | undefined {
  const b = resolveBaseImage(df, buildArgs);
  if (!b) return undefined;
  if ('scratch' in b) return b;
  const raw = df.stages[b.stage]?.platform;
  const platform = raw ? substituteArgs(raw, globalArgValues(df, buildArgs)).trim() : undefined;
  // $BUILDPLATFORM/$TARGETPLATFORM are set by the builder, not by ARGs: leave the platform to the caller then
  const literal = platform && /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/i.test(platform) ? platform : undefined;
  return { image: b.image, source: 'dockerfile', line: b.line, stage: b.stage, ...(literal ? { platform: literal } : {}) };
}

/**
 * Why the final stage's FROM does not name a usable image once ARGs are substituted (e.g. `FROM $UNSET_ARG`),
 * or undefined when it does.
 */
export function unresolvedBaseMessage(df: ParsedDockerfile, base: DockerfileBase | undefined, buildArgs: Record<string, string> = {}): string | undefined {
  if (!base || 'scratch' in base) return undefined;
  let invalid: string | undefined;
  try {
    parseReference(base.image);
  } catch (e) {
    invalid = e instanceof Error ? e.message : String(e);
  }
  if (invalid === undefined) return undefined;
  const raw = df.stages[base.stage]?.image ?? base.image;
  const vars = globalArgValues(df, buildArgs);
  const unset = [...raw.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] ?? m[2]).filter((n) => !vars[n]);
  const why = unset.length ? `ARG ${[...new Set(unset)].join(', ')} ha${unset.length === 1 ? 's' : 've'} no value` : invalid;
  return `${df.file}:${base.line}: cannot resolve the base image "FROM ${raw}": ${why}`;
}

export function baseFromLabels(meta: Pick<ImageMetadata, 'config'>): BaseDetection | undefined {
  const labels = meta.config.config?.Labels ?? {};
  const name = labels[BASE_NAME_LABEL]?.trim();
  if (!name) return undefined;
  const digest = labels[BASE_DIGEST_LABEL]?.trim();
  const pinned = digest && /^sha256:[a-f0-9]{64}$/.test(digest) && !name.includes('@') ? `${name}@${digest}` : name;
  return { image: pinned, source: 'label' };
}

/**
 * The candidate whose diffIDs are the longest prefix of the image's diffIDs. Only manifests and configs
 * are fetched, never layers.
 */
export async function baseFromLayers(meta: Pick<ImageMetadata, 'layers'>, candidates: readonly string[], open: OpenImageOptions = {}): Promise<BaseDetection | undefined> {
  const mine = meta.layers.map((l) => l.diffId);
  let best: BaseDetection | undefined;
  for (const ref of candidates) {
    let ids: string[];
    try {
      const src = await openImage(ref, open);
      try {
        ids = (await src.metadata()).layers.map((l) => l.diffId);
      } finally {
        await src.close();
      }
    } catch {
      continue; // an unreachable candidate is not the base
    }
    const prefix = ids.length > 0 && ids.length <= mine.length && ids.every((d, i) => d && d === mine[i]);
    if (prefix && (!best || ids.length > (best.layers ?? 0))) best = { image: ref, source: 'layers', layers: ids.length };
  }
  return best;
}

export interface DetectOptions {
  /** Dockerfile text and its name (for messages) */
  dockerfile?: { text: string; file: string };
  buildArgs?: Record<string, string>;
  /** the built image, for labels and layer matching */
  metadata?: ImageMetadata;
  /** base images to match the image's leading layers against */
  candidates?: readonly string[];
  open?: OpenImageOptions;
}

/** Dockerfile first, then labels, then layers; throws NOT_FOUND for `FROM scratch` or when nothing is known. */
export async function detectBaseImage(opts: DetectOptions): Promise<BaseDetection> {
  if (opts.dockerfile) {
    const df = parseDockerfile(opts.dockerfile.text, opts.dockerfile.file);
    const b = baseFromDockerfile(df, opts.buildArgs);
    if (b && 'scratch' in b) {
      throw new DrydockError('NOT_FOUND', `${opts.dockerfile.file}:${b.line}: the final stage is built FROM scratch: there is no base image to upgrade`);
    }
    const unresolved = unresolvedBaseMessage(df, b, opts.buildArgs);
    if (unresolved) {
      throw new DrydockError('USAGE', unresolved, { hint: 'give the ARG a default in the Dockerfile or pass --build-arg NAME=IMAGE' });
    }
    if (b?.image) return b;
  }
  if (opts.metadata) {
    const l = baseFromLabels(opts.metadata);
    if (l) return l;
    if (opts.candidates?.length) {
      const m = await baseFromLayers(opts.metadata, opts.candidates, opts.open);
      if (m) return m;
    }
  }
  throw new DrydockError('NOT_FOUND', 'could not tell which base image was used', {
    hint: `pass --file Dockerfile, build with the ${BASE_NAME_LABEL} label, or name candidates with --base-candidates`,
  });
}
