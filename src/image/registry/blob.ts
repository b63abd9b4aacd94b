// Blob downloads, verified against their digest while streaming.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { DrydockError } from '../../errors.js';
import { statusError, type RegistryClient } from './client.js';
import { networkError, readLimited, send, type HttpResponse } from './http.js';

/**
 * Passes bytes through, failing at the end (or as soon as the size is exceeded) when the content is not `digest`.
 * Unhashed (`hash` false, see OpenLayerOptions.verifyDigest), only the declared size is enforced.
 */
export class DigestVerifier extends Transform {
  private hash: Hash | undefined;
  private seen = 0;
  constructor(
    private readonly digest: string,
    private readonly what: string,
    private readonly size?: number,
    hash = true,
  ) {
    super();
    const algo = digest.split(':')[0];
    if (algo !== 'sha256' && algo !== 'sha512') throw new DrydockError('INVALID_INPUT', `unsupported digest algorithm in ${digest.slice(0, 80)}`);
    this.hash = hash ? createHash(algo) : undefined;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.size !== undefined && this.seen > this.size) {
      cb(new DrydockError('DIGEST_MISMATCH', `${this.what} is larger than its declared size ${this.size}`));
      return;
    }
    this.hash?.update(chunk);
    cb(null, chunk);
  }
  override _flush(cb: TransformCallback): void {
    if (this.hash === undefined) {
      if (this.size !== undefined && this.seen !== this.size) cb(new DrydockError('DIGEST_MISMATCH', `${this.what}: ${this.seen} bytes, expected ${this.size}`));
      else cb();
      return;
    }
    const got = `${this.digest.split(':')[0]}:${this.hash.digest('hex')}`;
    if (got !== this.digest) cb(new DrydockError('DIGEST_MISMATCH', `${this.what}: content has digest ${got}, expected ${this.digest}`));
    else cb();
  }
}

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
  const out = new DigestVerifier(b.digest, `blob ${b.digest} of ${b.name}`, b.size, b.hash !== false);
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
