// `docker save` / skopeo docker-archive tarballs: manifest.json + config + layer tars, read in place.
// Handles the legacy layout (<id>/layer.tar), skopeo's (<diffid>.tar) and Docker 25+'s (blobs/sha256/…).
import type { Readable } from 'node:stream';
import { DrydockError, type Warning } from '../../errors.js';
import type { ImageConfig, ImageMetadata, ImageSource, LayerInfo, OpenImageOptions, OpenLayerOptions } from '../types.js';
import { sniffCompression } from '../layer/decompress.js';
import { MAX_JSON_BYTES, createdByPerLayer, readAll, verifier, verifyBuffer } from './common.js';
import { configSchema, dockerManifestSchema, parseJson } from './schema.js';
import { indexTar, type TarIndex, type TarIndexEntry } from './tar-index.js';

const HEX_NAME = /(?:^|\/)(?:blobs\/sha256\/)?([a-f0-9]{64})(?:\.tar|\.json)?$/;

class DockerArchiveSource implements ImageSource {
  readonly kind = 'docker-archive' as const;
  constructor(
    private readonly index: TarIndex,
    private readonly meta: ImageMetadata,
    private readonly layerEntries: TarIndexEntry[],
  ) {}

  async metadata(): Promise<ImageMetadata> {
    return this.meta;
  }

  async openLayer(layer: LayerInfo, opts?: OpenLayerOptions): Promise<Readable> {
    const e = this.layerEntries[layer.index];
    if (!e) throw new DrydockError('NOT_FOUND', `docker archive ${this.index.path}: no layer ${layer.index}`);
    const src = this.index.open(e);
    if (!layer.digest) return src; // unknown blob digest: the walk still checks the diffID
    const v = verifier(layer.digest, `docker archive ${this.index.path}: ${e.name}`, e.size, opts?.verifyDigest !== false);
    src.on('error', (err) => v.destroy(err));
    v.on('close', () => src.destroy());
    return src.pipe(v);
  }

  async close(): Promise<void> {}
}

/** `tag` selects among several images by RepoTags (repo:tag, or just tag); a single image needs none. */
export async function openDockerArchive(path: string, tag?: string, opts: OpenImageOptions = {}, reference = path, index?: TarIndex): Promise<ImageSource> {
  void opts; // docker archives hold one platform per image
  const idx = index ?? (await indexTar(path));
  const label = `docker archive ${path}`;
  const mEntry = idx.lookup('manifest.json');
  if (!mEntry) throw new DrydockError('INVALID_INPUT', `${label}: manifest.json is missing`, { hint: 'not a docker-archive (docker save) tarball' });
  const manifests = parseJson(await readAll(idx.open(mEntry), MAX_JSON_BYTES, `${label}: manifest.json`), dockerManifestSchema, `${label}: manifest.json`);
  if (manifests.length === 0) throw new DrydockError('INVALID_INPUT', `${label}: manifest.json lists no images`);
  const allTags = manifests.flatMap((m) => m.RepoTags ?? []);
  let m = manifests[0];
  if (tag !== undefined) {
    const found = manifests.find((x) => (x.RepoTags ?? []).some((t) => tagMatches(t, tag)));
    if (!found) throw new DrydockError('NOT_FOUND', `${label}: no image tagged "${tag}"`, { hint: allTags.length ? `tags: ${allTags.join(', ')}` : undefined });
    m = found;
  } else if (manifests.length > 1) {
    throw new DrydockError('USAGE', `${label} holds ${manifests.length} images; choose one`, { hint: `use PATH:TAG; tags: ${allTags.join(', ')}` });
  }

  const cEntry = idx.lookup(m.Config);
  if (!cEntry) throw new DrydockError('INVALID_INPUT', `${label}: config ${m.Config} named in manifest.json is missing`);
  const configBytes = await readAll(idx.open(cEntry), MAX_JSON_BYTES, `${label}: ${m.Config}`);
  const cHex = HEX_NAME.exec(m.Config)?.[1];
  if (cHex) verifyBuffer(configBytes, `sha256:${cHex}`, `${label}: config ${m.Config}`);
  const config = parseJson(configBytes, configSchema, `${label}: ${m.Config}`) as ImageConfig;

  const warnings: Warning[] = [];
  const diffIds = config.rootfs?.diff_ids ?? [];
  const countsAgree = diffIds.length === m.Layers.length;
  if (!countsAgree) {
    warnings.push({ file: label, message: `config lists ${diffIds.length} diff_ids for ${m.Layers.length} layers; layer digests not checked` });
  }
  const createdBy = createdByPerLayer(config, m.Layers.length);
  const entries: TarIndexEntry[] = [];
  const layers: LayerInfo[] = [];
  for (const [i, name] of m.Layers.entries()) {
    const e = idx.lookup(name);
    if (!e) throw new DrydockError('NOT_FOUND', `${label}: layer ${name} named in manifest.json is missing`, { hint: 'the archive is incomplete' });
    entries.push(e);
    const compression = sniffCompression(await idx.head(e, 4));
    const hex = HEX_NAME.exec(name)?.[1];
    const diffId = countsAgree ? diffIds[i] : '';
    // Blob digest: named by the path when it is content-addressed, else the diffID for an uncompressed tar.
    const digest = hex ? `sha256:${hex}` : compression === 'none' && diffId.startsWith('sha256:') ? diffId : '';
    layers.push({
      index: i,
      digest,
      diffId,
      mediaType: compression === 'gzip' ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : 'application/vnd.docker.image.rootfs.diff.tar',
      compression,
      size: e.size,
      ...(createdBy?.[i] !== undefined && { createdBy: createdBy[i] }),
    });
  }
  const repoTags = m.RepoTags ?? [];
  const meta: ImageMetadata = {
    reference,
    ...(repoTags[0] && { name: repoTags[0] }),
    ...(cHex && { configDigest: `sha256:${cHex}` }),
    repoTags,
    platform: { os: config.os, architecture: config.architecture, ...(config.variant && { variant: config.variant }) },
    config,
    layers,
    size: layers.reduce((n, l) => n + (l.size ?? 0), 0),
    ...(warnings.length > 0 && { warnings }),
  };
  return new DockerArchiveSource(idx, meta, entries);
}

/** "docker.io/library/alpine:3" matches "alpine:3", "library/alpine:3", "3"; a tag-less name means :latest */
function tagMatches(repoTag: string, want: string): boolean {
  const norm = (t: string): string => t.replace(/^docker\.io\//, '').replace(/^library\//, '');
  const a = norm(repoTag);
  const b = norm(want);
  return a === b || a === `${b}:latest` || (!b.includes(':') && !b.includes('/') && a.endsWith(`:${b}`));
}
