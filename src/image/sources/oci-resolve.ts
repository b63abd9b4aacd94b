// From an OCI layout's index.json to one image: tag selection, nested indexes, platform selection.
import { DrydockError, type Warning } from '../../errors.js';
import type { ImageConfig, ImageMetadata, LayerInfo } from '../types.js';
import type { BlobStore } from './blob-store.js';
import { sniffCompression } from '../layer/decompress.js';
import { checkDigest, compressionFromMediaType, createdByPerLayer, formatPlatform, parsePlatform, platformMatches } from './common.js';
import { configSchema, indexSchema, manifestOrIndexSchema, parseJson, type Descriptor, type Index, type Manifest } from './schema.js';

export const REF_NAME = 'org.opencontainers.image.ref.name';
const MAX_INDEX_DEPTH = 4;

export interface ResolveOptions {
  reference: string;
  tag?: string;
  platform?: string;
}

export async function resolveOciImage(store: BlobStore, opts: ResolveOptions): Promise<ImageMetadata> {
  const raw = await store.readFile('index.json');
  if (!raw) throw new DrydockError('INVALID_INPUT', `${store.label}: index.json is missing`, { hint: 'not an OCI image layout' });
  const index = parseJson(raw, indexSchema, `${store.label}: index.json`);
  let candidates = index.manifests;
  if (opts.tag !== undefined) {
    const tag = opts.tag;
    candidates = candidates.filter((d) => d.annotations?.[REF_NAME] === tag || d.annotations?.['io.containerd.image.name'] === tag);
    if (candidates.length === 0) {
      throw new DrydockError('NOT_FOUND', `${store.label}: no image tagged "${tag}"`, { hint: tagHint(index.manifests) });
    }
  }
  const warnings: Warning[] = [];
  const platform = parsePlatform(opts.platform);
  let desc = pick(candidates, store.label, opts, platform);
  let manifest: Manifest | undefined;
  for (let depth = 0; !manifest; depth++) {
    if (depth > MAX_INDEX_DEPTH) throw new DrydockError('INVALID_INPUT', `${store.label}: image indexes nested more than ${MAX_INDEX_DEPTH} deep`);
    const where = `manifest ${desc.digest}`;
    const body = await store.readBlob(desc.digest, 'manifest');
    const doc = parseJson(body, manifestOrIndexSchema, `${store.label}: ${where}`);
    if ('config' in doc && doc.config) manifest = doc as Manifest;
    else desc = pick((doc as Index).manifests, `${store.label}: index ${desc.digest}`, { ...opts, tag: undefined }, platform);
  }
  const configDigest = checkDigest(manifest.config.digest, `${store.label}: config`);
  const config = parseJson(await store.readBlob(configDigest, 'config'), configSchema, `${store.label}: config ${configDigest}`) as ImageConfig;
  if (opts.platform && !platformMatches(platform, config)) {
    warnings.push({ file: store.label, message: `image is ${formatPlatform(config)}, not the requested ${opts.platform}` });
  }
  const layers = await layerInfos(store, manifest, config, warnings);
  return {
    reference: opts.reference,
    manifestDigest: desc.digest,
    configDigest,
    platform: { os: config.os, architecture: config.architecture, ...(config.variant && { variant: config.variant }) },
    config,
    layers,
    size: layers.reduce((n, l) => n + (l.size ?? 0), 0),
    ...(warnings.length > 0 && { warnings }),
  };
}

function pick(ds: Descriptor[], label: string, opts: ResolveOptions, platform: ReturnType<typeof parsePlatform>): Descriptor {
  if (ds.length === 0) throw new DrydockError('INVALID_INPUT', `${label}: lists no manifests`);
  let chosen: Descriptor | undefined;
  if (ds.some((d) => d.platform)) {
    chosen = ds.find((d) => platformMatches(platform, d.platform));
    if (!chosen) {
      const have = ds.map((d) => formatPlatform(d.platform)).join(', ');
      throw new DrydockError('NOT_FOUND', `${label}: no image for platform ${formatPlatform(platform)} (has ${have})`, {
        hint: 'choose one with --platform',
      });
    }
  } else if (ds.length === 1) chosen = ds[0];
  else if (opts.tag === undefined) {
    throw new DrydockError('USAGE', `${label} holds ${ds.length} images; choose one`, { hint: tagHint(ds) });
  } else chosen = ds[0];
  checkDigest(chosen.digest, `${label}: manifest`);
  return chosen;
}

function tagHint(ds: Descriptor[]): string {
  const tags = ds.map((d) => d.annotations?.[REF_NAME]).filter((t): t is string => !!t);
  return tags.length > 0 ? `use PATH:TAG; tags: ${tags.join(', ')}` : 'the layout has no tag annotations';
}

async function layerInfos(store: BlobStore, manifest: Manifest, config: ImageConfig, warnings: Warning[]): Promise<LayerInfo[]> {
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    warnings.push({ file: store.label, message: `config lists ${diffIds.length} diff_ids for ${manifest.layers.length} layers; diffIDs not checked` });
  }
  const createdBy = createdByPerLayer(config, manifest.layers.length);
  const out: LayerInfo[] = [];
  for (const [index, d] of manifest.layers.entries()) {
    const digest = checkDigest(d.digest, `${store.label}: layer ${index}`);
    // The first bytes decide, media types are often wrong; a missing blob is reported when it is opened.
    const head = await store.head(digest, 4).catch(() => undefined);
    out.push({
      index,
      digest,
      diffId: diffIds.length === manifest.layers.length ? diffIds[index] : '',
      mediaType: d.mediaType ?? '',
      compression: head && head.length > 0 ? sniffCompression(head) : compressionFromMediaType(d.mediaType),
      ...(d.size !== undefined && { size: d.size }),
      ...(createdBy?.[index] !== undefined && { createdBy: createdBy[index] }),
    });
  }
  return out;
}
