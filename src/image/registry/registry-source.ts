// ImageSource over the OCI distribution API: manifest (index → platform), verified config, streamed layers.
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { DrydockError } from '../../errors.js';
import type { ImageConfig, ImageMetadata, ImageSource, LayerInfo, OpenLayerOptions } from '../types.js';
import { openBlob, readBlob } from './blob.js';
import { RegistryClient, type RegistryOptions } from './client.js';
import { byDigest, checkConfigMediaType, fetchManifest, layerCompression, type Descriptor } from './manifest.js';
import { parsePlatform, selectPlatform } from './platform.js';
import { makeReference, parseReference, type ImageReference } from './reference.js';

const MAX_CONFIG = 16 << 20;

// Lenient: only shapes Drydock reads are checked; everything else passes through.
const ConfigSchema = z
  .object({
    architecture: z.string().optional(),
    os: z.string().optional(),
    variant: z.string().optional(),
    rootfs: z.object({ type: z.string().optional(), diff_ids: z.array(z.string()).optional() }).passthrough().optional(),
    history: z
      .array(z.object({ created_by: z.string().optional(), empty_layer: z.boolean().optional() }).passthrough())
      .optional()
      .nullable(),
  })
  .passthrough();

export async function openRegistryImage(reference: string, opts: RegistryOptions = {}): Promise<ImageSource> {
  const ref = parseReference(reference);
  const platform = parsePlatform(opts.platform);
  const client = new RegistryClient(ref, opts);
  let layerUrls = new Map<string, string[] | undefined>();

  async function load(): Promise<ImageMetadata> {
    const top = await fetchManifest(client, ref);
    let image = top;
    if (top.kind === 'index') {
      const pick = selectPlatform(top.index.manifests, platform, ref.familiar);
      image = await fetchManifest(client, byDigest(ref, pick.digest));
      if (image.kind !== 'image') throw new DrydockError('INVALID_INPUT', `${ref.familiar}: index entry ${pick.digest} is itself an index`);
    }
    if (image.kind !== 'image') throw new DrydockError('INTERNAL', 'unreachable');
    const m = image.manifest;
    checkConfigMediaType(m.config.mediaType, ref.familiar);
    const raw = await readBlob(client, blobReq(ref, m.config, opts), MAX_CONFIG);
    let config: z.infer<typeof ConfigSchema>;
    try {
      config = ConfigSchema.parse(JSON.parse(raw.toString('utf8')));
    } catch {
      throw new DrydockError('INVALID_INPUT', `image config ${m.config.digest} of ${ref.familiar} is malformed`);
    }
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== m.layers.length)
      throw new DrydockError('INVALID_INPUT', `${ref.familiar}: manifest lists ${m.layers.length} layers but the config has ${diffIds.length} diff_ids`);
    const history = (config.history ?? []).filter((h) => !h.empty_layer);
    layerUrls = new Map(m.layers.map((l) => [l.digest, l.urls]));
    const layers: LayerInfo[] = m.layers.map((l, index) => ({
      index,
      digest: l.digest,
      diffId: diffIds[index],
      mediaType: l.mediaType ?? '',
      compression: layerCompression(l.mediaType, ref.familiar),
      size: l.size,
      createdBy: history[index]?.created_by,
    }));
    return {
      reference,
      name: ref.toString(),
      manifestDigest: image.digest,
      configDigest: m.config.digest,
      repoTags: ref.tag ? [makeReference(ref.registry, ref.repository, ref.tag).familiar] : [],
      // What was pulled: the index digest for multi-platform images, like `docker images --digests`.
      repoDigests: [`${ref.registry}/${ref.repository}@${top.digest}`],
      platform: { os: config.os, architecture: config.architecture, variant: config.variant },
      config: config as ImageConfig,
      layers,
      size: layers.reduce((n, l) => n + (l.size ?? 0), 0),
    };
  }

  let meta: Promise<ImageMetadata> | undefined;
  const metadata = (): Promise<ImageMetadata> => (meta ??= load());
  try {
    await metadata();
  } catch (e) {
    await client.close();
    throw e;
  }

  return {
    kind: 'registry',
    metadata,
    async openLayer(layer: LayerInfo, lo?: OpenLayerOptions): Promise<Readable> {
      const known = (await metadata()).layers.some((l) => l.digest === layer.digest);
      if (!known) throw new DrydockError('INVALID_INPUT', `layer ${layer.digest} is not part of ${ref.familiar}`);
      return openBlob(client, { ...blobReq(ref, { digest: layer.digest, size: layer.size }, opts), urls: layerUrls.get(layer.digest), hash: lo?.verifyDigest !== false });
    },
    close: () => client.close(),
  };
}

function blobReq(ref: ImageReference, d: Pick<Descriptor, 'digest' | 'size'>, opts: RegistryOptions) {
  return { repository: ref.repository, digest: d.digest, size: d.size, name: `${ref.registry}/${ref.repository}`, onBlobFetch: opts.onBlobFetch };
}
