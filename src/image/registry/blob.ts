// Blob downloads, verified against their digest while streaming.
import type { Readable } from 'node:stream';
import { DrydockError } from '../../errors.js';
import { statusError, type RegistryClient } from './client.js';
import { networkError, readLimited, send, type HttpResponse } from './http.js';
import { verifier } from '../sources/common.js';

export interface BlobRequest {
  repository: string;
  digest: string;
  size?: number;
  /** foreign layers: where else the blob may be (fetched without registry credentials) */
  urls?: string[];
  /** for messages: `registry/repo` */
  name: string;
  onBlobFetch?: (digest: string) => void;
  /** false: the size is enforced but the content not hashed (OpenLayerOptions.verifyDigest) */
  hash?: boolean;
}

async function getBlob(client: RegistryClient, b: BlobRequest): Promise<HttpResponse> {
  b.onBlobFetch?.(b.digest);
  const res = await client.request(b.repository, `/v2/${b.repository}/blobs/${b.digest}`, 'GET');
  if (res.status === 200) return res;
  // Foreign (non-distributable) layers live elsewhere; only http(s) URLs, never with our Authorization.
  const elsewhere = res.status === 404 ? (b.urls ?? []).filter((u) => /^https?:\/\//.test(u)) : [];
  if (elsewhere.length) {
    await res.body.dump().catch(() => undefined);
    for (const u of elsewhere) {
      let alt: HttpResponse;
      try {
        alt = await send(u, { method: 'GET', agent: client.agent, settings: client.opts });
      } catch (e) {
        throw networkError(new URL(u).host, e);
      }
      if (alt.status === 200) return alt;
      await alt.body.dump().catch(() => undefined);
    }
    throw new DrydockError('NOT_FOUND', `foreign layer ${b.digest} of ${b.name} is neither in the registry nor at its URLs`);
  }
  throw await statusError(res, 'blob', `${b.name}@${b.digest}`, client.ref.registry);
}

/** Streams a blob (as stored, still compressed); the stream errors with DIGEST_MISMATCH when the bytes are wrong. */
export async function openBlob(client: RegistryClient, b: BlobRequest): Promise<Readable> {
  const res = await getBlob(client, b);
  const out = verifier(b.digest, `blob ${b.digest} of ${b.name}`, b.size, b.hash !== false);
  const body = res.body;
  body.on('error', (e) => out.destroy(networkError(client.ref.registry, e)));
  // A consumer that stops early must not leave the socket half-read.
  out.on('close', () => {
    if (!body.readableEnded) body.destroy();
  });
  body.pipe(out);
  return out;
}

/** Reads a small blob (the image config) fully, verified. */
export async function readBlob(client: RegistryClient, b: BlobRequest, limit: number): Promise<Buffer> {
  const stream = await openBlob(client, b);
  return readLimited(stream, limit, `blob ${b.digest} of ${b.name}`);
}
