// Manifests at the trust boundary: media types, lenient zod schemas, digest-verified fetches.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DrydockError } from '../../errors.js';
import type { Compression } from '../types.js';
import { statusError, type RegistryClient } from './client.js';
import { header, readLimited } from './http.js';
import { makeReference, type ImageReference } from './reference.js';

export const MT = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

export const MANIFEST_ACCEPT = [MT.ociIndex, MT.ociManifest, MT.dockerList, MT.dockerManifest].join(', ');
const MAX_MANIFEST = 4 << 20;

const Descriptor = z
  .object({
    mediaType: z.string().optional(),
    digest: z.string().regex(/^sha(256|512):[a-f0-9]+$/),
    size: z.number().int().nonnegative().optional(),
    urls: z.array(z.string()).optional(),
    platform: z
      .object({ os: z.string(), architecture: z.string(), variant: z.string().optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type Descriptor = z.infer<typeof Descriptor>;

const ImageManifest = z
  .object({ schemaVersion: z.number().optional(), mediaType: z.string().optional(), config: Descriptor, layers: z.array(Descriptor) })
  .passthrough();
const ImageIndex = z
  .object({ schemaVersion: z.number().optional(), mediaType: z.string().optional(), manifests: z.array(Descriptor) })
  .passthrough();

export type FetchedManifest =
  | { kind: 'index'; digest: string; mediaType: string; index: z.infer<typeof ImageIndex> }
  | { kind: 'image'; digest: string; mediaType: string; manifest: z.infer<typeof ImageManifest> };

export function sha(algo: string, data: Buffer): string {
  return `${algo}:${createHash(algo).update(data).digest('hex')}`;
}

export function manifestPath(ref: ImageReference): string {
  return `/v2/${ref.repository}/manifests/${ref.digest ?? ref.tag ?? 'latest'}`;
}

/**
 * GETs a manifest (by tag or digest) and checks its bytes against the requested digest and the
 * registry's Docker-Content-Digest; returns the digest of the bytes actually received.
 */
export async function fetchManifest(client: RegistryClient, ref: ImageReference): Promise<FetchedManifest> {
  const res = await client.request(ref.repository, manifestPath(ref), 'GET', { accept: MANIFEST_ACCEPT });
  if (res.status !== 200) throw await statusError(res, 'manifest', ref.familiar, ref.registry);
  const bytes = await readLimited(res.body, MAX_MANIFEST, `manifest of ${ref.familiar}`);
  const algo = ref.digest?.startsWith('sha512:') ? 'sha512' : 'sha256';
  const digest = sha(algo, bytes);
  if (ref.digest && digest !== ref.digest)
    throw new DrydockError('DIGEST_MISMATCH', `manifest of ${ref.familiar} has digest ${digest}, not the requested one`);
  const claimed = header(res, 'docker-content-digest');
  if (claimed && claimed.startsWith(`${algo}:`) && claimed !== digest)
    throw new DrydockError('DIGEST_MISMATCH', `manifest of ${ref.familiar} does not match its Docker-Content-Digest (${claimed})`);
  return parseManifest(bytes, header(res, 'content-type'), digest, ref.familiar);
}

export function parseManifest(bytes: Buffer, contentType: string | undefined, digest: string, name: string): FetchedManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new DrydockError('INVALID_INPUT', `manifest of ${name} is not valid JSON`);
  }
  const declared = (json as { mediaType?: unknown })?.mediaType;
  const ct = contentType?.split(';')[0]?.trim();
  const mediaType = typeof declared === 'string' && declared ? declared : ct || '';
  if (mediaType === MT.dockerSchema1 || mediaType === MT.dockerSchema1Signed || (json as { schemaVersion?: unknown })?.schemaVersion === 1)
    throw new DrydockError('INVALID_INPUT', `${name} uses the deprecated Docker schema 1 manifest, which drydock does not read`, {
      hint: 'push the image again with a current docker/buildah/skopeo',
    });
  const isIndex = mediaType === MT.ociIndex || mediaType === MT.dockerList || (!mediaType && Array.isArray((json as { manifests?: unknown })?.manifests));
  const schema = isIndex ? ImageIndex : ImageManifest;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new DrydockError('INVALID_INPUT', `manifest of ${name} is malformed: ${first?.path.join('.') || '(root)'} ${first?.message ?? ''}`.trim());
  }
  return isIndex
    ? { kind: 'index', digest, mediaType: mediaType || MT.ociIndex, index: parsed.data as z.infer<typeof ImageIndex> }
    : { kind: 'image', digest, mediaType: mediaType || MT.ociManifest, manifest: parsed.data as z.infer<typeof ImageManifest> };
}

/** Child reference for a descriptor in an index (pulled by digest, so verified). */
export function byDigest(ref: ImageReference, digest: string): ImageReference {
  return makeReference(ref.registry, ref.repository, undefined, digest);
}

const NOT_IMAGE_CONFIG = /^application\/vnd\.(?!oci\.image\.config|docker\.container\.image)/;
export function checkConfigMediaType(mediaType: string | undefined, name: string): void {
  if (mediaType && NOT_IMAGE_CONFIG.test(mediaType))
    throw new DrydockError('INVALID_INPUT', `${name} is not a container image (config media type ${mediaType.slice(0, 100)})`);
}

export function layerCompression(mediaType: string | undefined, name: string): Compression {
  const mt = mediaType ?? '';
  if (/zstd/.test(mt)) return 'zstd';
  if (/gzip/.test(mt)) return 'gzip';
  if (/[./]tar$/.test(mt)) return 'none';
  // No media type at all is non-standard; gzip is what every old pusher wrote.
  if (mt === '') return 'gzip';
  throw new DrydockError('INVALID_INPUT', `${name} has a layer with unsupported media type ${mt.slice(0, 100)}`);
}

export function isForeignLayer(mediaType: string | undefined): boolean {
  return /foreign|nondistributable/.test(mediaType ?? '');
}
