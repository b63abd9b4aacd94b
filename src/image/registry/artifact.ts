// OCI artifacts (non-image content such as a prebuilt vulnerability database): pull a manifest whose config is not
// an image config and stream a digest-verified blob; push blobs (monolithic POST + PUT) and a manifest.
// Additive to the image client: it reuses RegistryClient (scheme discovery, auth session, TLS settings, agent).
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DrydockError } from '../../errors.js';
import { openBlob, readBlob } from './blob.js';
import { RegistryClient, statusError, type RegistryOptions } from './client.js';
import { authFailed } from './auth.js';
import { fetchManifest, MT, type Descriptor } from './manifest.js';
import { header, networkError, undici, type HttpResponse } from './http.js';
import { parseReference, type ImageReference } from './reference.js';

export interface ArtifactManifest {
  /** digest of the manifest bytes received */
  digest: string;
  mediaType: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface FetchedArtifact {
  ref: ImageReference;
  manifest: ArtifactManifest;
  /** a small blob (the config) read fully, digest-verified */
  readBlob(d: Descriptor, limit: number): Promise<Buffer>;
  /** a blob of this artifact as a stream that errors with DIGEST_MISMATCH when the bytes are wrong */
  openBlob(d: Descriptor): Promise<Readable>;
  close(): Promise<void>;
}

/** Resolves `reference` to an OCI image manifest without image-specific checks (any config/layer media types). */
export async function fetchArtifact(reference: string, opts: RegistryOptions = {}): Promise<FetchedArtifact> {
  const ref = parseReference(reference);
  const client = new RegistryClient(ref, opts);
  try {
    const m = await fetchManifest(client, ref);
    if (m.kind !== 'image') throw new DrydockError('INVALID_INPUT', `${ref.familiar} is an image index, not an artifact manifest`);
    const raw = m.manifest as typeof m.manifest & { artifactType?: unknown; annotations?: unknown };
    const manifest: ArtifactManifest = {
      digest: m.digest,
      mediaType: m.mediaType,
      artifactType: typeof raw.artifactType === 'string' ? raw.artifactType : undefined,
      config: raw.config,
      layers: raw.layers,
      annotations: raw.annotations && typeof raw.annotations === 'object' ? (raw.annotations as Record<string, string>) : undefined,
    };
    const known = (d: Descriptor) => {
      if (d.digest !== manifest.config.digest && !manifest.layers.some((l) => l.digest === d.digest))
        throw new DrydockError('INVALID_INPUT', `blob ${d.digest} is not part of ${ref.familiar}`);
    };
    const req = (d: Descriptor) => ({ repository: ref.repository, digest: d.digest, size: d.size, name: `${ref.registry}/${ref.repository}`, onBlobFetch: opts.onBlobFetch });
    return {
      ref,
      manifest,
      readBlob: async (d, limit) => (known(d), readBlob(client, req(d), limit)),
      openBlob: async (d) => (known(d), openBlob(client, req(d))),
      close: () => client.close(),
    };
  } catch (e) {
    await client.close();
    throw e;
  }
}

export interface PushBlob {
  mediaType: string;
  /** the content, or a function opening it (called again if the upload has to be retried after auth) */
  data: Buffer | (() => Readable);
  /** required with a stream */
  digest?: string;
  size?: number;
  annotations?: Record<string, string>;
}

export interface PushArtifactInput {
  artifactType: string;
  config: PushBlob;
  layers: PushBlob[];
  annotations?: Record<string, string>;
}

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT';

/** One authenticated request for push (pull+push scope); 401 → one retry with the new challenge, then AUTH. */
async function pushRequest(
  client: RegistryClient,
  repository: string,
  method: Method,
  pathOrUrl: string,
  headers: Record<string, string>,
  body?: () => Buffer | Readable,
): Promise<HttpResponse> {
  const base = await client.base();
  const url = new URL(/^https?:\/\//.test(pathOrUrl) ? pathOrUrl : base + pathOrUrl);
  // credentials only ever go to the registry's own origin
  const sameOrigin = url.origin === new URL(base).origin;
  for (let round = 0; ; round++) {
    const authorization = sameOrigin ? await client.auth.authorization(repository) : undefined;
    let res;
    try {
      res = await undici().request(url, {
        method,
        headers: authorization ? { ...headers, authorization } : headers,
        body: body?.(),
        dispatcher: client.agent,
        headersTimeout: client.opts.headersTimeoutMs ?? 30_000,
        bodyTimeout: client.opts.bodyTimeoutMs ?? 60_000,
      });
    } catch (e) {
      throw networkError(client.host, e);
    }
    const r: HttpResponse = { status: res.statusCode, headers: res.headers, body: res.body, url: url.toString() };
    if (r.status === 401) {
      await res.body.dump().catch(() => undefined);
      const changed = client.auth.update(header(r, 'www-authenticate'), repository);
      if (round === 0 && (changed || authorization?.startsWith('Bearer '))) continue;
      throw authFailed(client.ref.registry, repository, 401, await client.auth.hasCredentials());
    }
    if (r.status === 403) {
      await res.body.dump().catch(() => undefined);
      throw new DrydockError('AUTH', `push to repository ${repository} on ${client.ref.registry} denied (HTTP 403)`, {
        hint: 'the account lacks push permission',
      });
    }
    return r;
  }
}

function describe(b: PushBlob): { digest: string; size: number } {
  if (Buffer.isBuffer(b.data)) return { digest: `sha256:${createHash('sha256').update(b.data).digest('hex')}`, size: b.data.length };
  if (!b.digest || b.size === undefined) throw new DrydockError('INTERNAL', 'a streamed blob needs its digest and size');
  return { digest: b.digest, size: b.size };
}

async function pushBlob(client: RegistryClient, ref: ImageReference, b: PushBlob): Promise<Descriptor> {
  const { digest, size } = describe(b);
  const desc: Descriptor = { mediaType: b.mediaType, digest, size, ...(b.annotations ? { annotations: b.annotations } : {}) };
  const repo = ref.repository;
  const head = await pushRequest(client, repo, 'HEAD', `/v2/${repo}/blobs/${digest}`, {});
  await head.body.dump().catch(() => undefined);
  if (head.status === 200) return desc; // already there
  // POST first: it carries the auth round trip, so the (unreplayable) body is sent once
  const start = await pushRequest(client, repo, 'POST', `/v2/${repo}/blobs/uploads/`, { 'content-length': '0' });
  await start.body.dump().catch(() => undefined);
  const location = header(start, 'location');
  if (start.status !== 202 || !location) throw await statusError(start, 'blob upload', `${ref.familiar}@${digest}`, ref.registry);
  const put = new URL(location, await client.base());
  put.searchParams.set('digest', digest);
  const res = await pushRequest(
    client,
    repo,
    'PUT',
    put.toString(),
    { 'content-type': 'application/octet-stream', 'content-length': String(size) },
    () => (Buffer.isBuffer(b.data) ? b.data : (b.data as () => Readable)()),
  );
  if (res.status !== 201) throw await statusError(res, 'blob upload', `${ref.familiar}@${digest}`, ref.registry);
  await res.body.dump().catch(() => undefined);
  return desc;
}

/** Pushes config, layers and an OCI image manifest carrying `artifactType`; returns the manifest digest. */
export async function pushArtifact(reference: string, input: PushArtifactInput, opts: RegistryOptions = {}): Promise<{ digest: string; ref: ImageReference }> {
  const ref = parseReference(reference);
  const client = new RegistryClient(ref, opts);
  try {
    const config = await pushBlob(client, ref, input.config);
    const layers: Descriptor[] = [];
    for (const l of input.layers) layers.push(await pushBlob(client, ref, l));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MT.ociManifest,
        artifactType: input.artifactType,
        config,
        layers,
        ...(input.annotations ? { annotations: input.annotations } : {}),
      }),
    );
    const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
    const res = await pushRequest(client, ref.repository, 'PUT', `/v2/${ref.repository}/manifests/${ref.digest ?? ref.tag ?? 'latest'}`, { 'content-type': MT.ociManifest }, () => manifest);
    if (res.status !== 201) throw await statusError(res, 'manifest upload', ref.familiar, ref.registry);
    await res.body.dump().catch(() => undefined);
    return { digest, ref };
  } finally {
    await client.close();
  }
}
