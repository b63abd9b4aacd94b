// Hostile and odd registries, served by a tiny node:http fake: wrong blobs, lying digests, redirects, retries, limits.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { DrydockError } from '../../errors.js';
import { openRegistryImage, resolveDigest, type RegistryOptions } from './index.js';
import { MT } from './manifest.js';

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const USER = 'u';
const PASS = 'fake-pass-123';
const AUTH = 'Basic ' + Buffer.from(`${USER}:${PASS}`).toString('base64');

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
interface Fake {
  host: string;
  url: string;
  routes: Map<string, Handler>;
  seen: { path: string; auth?: string }[];
  close(): Promise<void>;
}

async function fake(requireAuth: boolean): Promise<Fake> {
  const routes = new Map<string, Handler>();
  const seen: Fake['seen'] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    seen.push({ path, auth: req.headers.authorization });
    if (requireAuth && req.headers.authorization !== AUTH) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="fake"' }).end();
      return;
    }
    const h = routes.get(path) ?? (path === '/v2/' ? (_q: IncomingMessage, r: ServerResponse) => r.end('{}') : undefined);
    if (h) h(req, res);
    else res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"BLOB_UNKNOWN","message":"x"}]}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    host,
    url: `http://${host}`,
    routes,
    seen,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const layerTar = Buffer.alloc(2048, 7);
const layer = gzipSync(layerTar);
const config = Buffer.from(
  JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [sha(layerTar)] },
    history: [{ created_by: 'ENV A=1', empty_layer: true }, { created_by: 'ADD rootfs.tar /' }],
  }),
);
function manifestFor(layerDigest: string, extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MT.dockerManifest,
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: sha(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: layerDigest, size: layer.length, ...extra }],
    }),
  );
}
const manifest = manifestFor(sha(layer));

const serve = (body: Buffer, type = 'application/octet-stream', headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(200, { 'content-type': type, 'content-length': String(body.length), ...headers }).end(body);
};

async function drain(s: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('fake registry: verification, redirects, retries', () => {
  let reg: Fake;
  let other: Fake;
  const opts: RegistryOptions = { username: USER, password: PASS, backoffMs: 10 };
  before(async () => {
    reg = await fake(true);
    other = await fake(false);
  });
  after(async () => {
    await reg.close();
    await other.close();
  });
  beforeEach(() => {
    for (const f of [reg, other]) {
      f.routes.clear();
      f.seen.length = 0;
    }
    reg.routes.set('/v2/app/manifests/1', serve(manifest, MT.dockerManifest, { 'docker-content-digest': sha(manifest) }));
    reg.routes.set(`/v2/app/blobs/${sha(config)}`, serve(config));
    reg.routes.set(`/v2/app/blobs/${sha(layer)}`, serve(layer));
  });

  it('reads a docker v2 schema 2 image (empty_layer history skipped)', async () => {
    const src = await openRegistryImage(`${reg.host}/app:1`, opts);
    const m = await src.metadata();
    assert.equal(m.manifestDigest, sha(manifest));
    assert.deepEqual(m.layers, [
      { index: 0, digest: sha(layer), diffId: sha(layerTar), mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', compression: 'gzip', size: layer.length, createdBy: 'ADD rootfs.tar /' },
    ]);
    assert.deepEqual(await drain(await src.openLayer(m.layers[0])), layer);
    await src.close();
  });

  it('fails the layer stream with DIGEST_MISMATCH when the blob is wrong', async () => {
    const evil = Buffer.from(layer);
    evil[evil.length - 1] ^= 1;
    reg.routes.set(`/v2/app/blobs/${sha(layer)}`, serve(evil));
    const src = await openRegistryImage(`${reg.host}/app:1`, opts);
    const m = await src.metadata();
    await assert.rejects(drain(await src.openLayer(m.layers[0])), (e: unknown) => {
      assert.ok(e instanceof DrydockError && e.code === 'DIGEST_MISMATCH');
      assert.match(e.message, new RegExp(`blob ${sha(layer)} of ${reg.host}/app: content has digest ${sha(evil)}`));
      return true;
    });
    await src.close();
  });

  it('rejects a blob longer than its declared size early', async () => {
    reg.routes.set(`/v2/app/blobs/${sha(layer)}`, serve(Buffer.concat([layer, Buffer.alloc(1 << 20)])));
    const src = await openRegistryImage(`${reg.host}/app:1`, opts);
    await assert.rejects(drain(await src.openLayer((await src.metadata()).layers[0])), { code: 'DIGEST_MISMATCH', message: /larger than its declared size/ });
    await src.close();
  });

  it('rejects a wrong config blob and a manifest that does not match the requested digest', async () => {
    reg.routes.set(`/v2/app/blobs/${sha(config)}`, serve(Buffer.from('{"rootfs":{}}')));
    await assert.rejects(openRegistryImage(`${reg.host}/app:1`, opts), { code: 'DIGEST_MISMATCH' });
    const wanted = sha('something else');
    reg.routes.set(`/v2/app/manifests/${wanted}`, serve(manifest, MT.dockerManifest));
    await assert.rejects(openRegistryImage(`${reg.host}/app@${wanted}`, opts), { code: 'DIGEST_MISMATCH' });
  });

  it('rejects a manifest whose Docker-Content-Digest lies', async () => {
    reg.routes.set('/v2/app/manifests/1', serve(manifest, MT.dockerManifest, { 'docker-content-digest': sha('x') }));
    await assert.rejects(openRegistryImage(`${reg.host}/app:1`, opts), { code: 'DIGEST_MISMATCH', message: /Docker-Content-Digest/ });
  });

  it('follows a blob redirect to another host without sending the registry credentials there', async () => {
    reg.routes.set(`/v2/app/blobs/${sha(layer)}`, (_q, r) => r.writeHead(307, { location: `${other.url}/bucket/layer?sig=1` }).end());
    other.routes.set('/bucket/layer', serve(layer));
    const src = await openRegistryImage(`${reg.host}/app:1`, opts);
    assert.deepEqual(await drain(await src.openLayer((await src.metadata()).layers[0])), layer);
    await src.close();
    assert.deepEqual(other.seen, [{ path: '/bucket/layer', auth: undefined }]);
  });

  it('retries 503 and 429 (Retry-After) and then succeeds; gives up with a NETWORK error', async () => {
    let calls = 0;
    reg.routes.set(`/v2/app/blobs/${sha(config)}`, (q, r) => {
      calls++;
      if (calls === 1) r.writeHead(503).end();
      else if (calls === 2) r.writeHead(429, { 'retry-after': '0' }).end();
      else serve(config)(q, r);
    });
    const src = await openRegistryImage(`${reg.host}/app:1`, opts);
    await src.close();
    assert.equal(calls, 3);
    reg.routes.set(`/v2/app/blobs/${sha(config)}`, (_q, r) => r.writeHead(500).end());
    await assert.rejects(openRegistryImage(`${reg.host}/app:1`, opts), { code: 'NETWORK', message: /HTTP 500/ });
  });

  it('counts every blob GET through onBlobFetch', async () => {
    const fetched: string[] = [];
    const src = await openRegistryImage(`${reg.host}/app:1`, { ...opts, onBlobFetch: (d) => fetched.push(d) });
    await drain(await src.openLayer((await src.metadata()).layers[0]));
    await src.close();
    assert.deepEqual(fetched, [sha(config), sha(layer)]);
  });

  it('fetches a foreign layer from its URL when the registry does not have it', async () => {
    const m = manifestFor(sha(layer), { mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', urls: [`${other.url}/foreign/layer.tgz`] });
    reg.routes.set('/v2/app/manifests/1', serve(m, MT.dockerManifest));
    reg.routes.delete(`/v2/app/blobs/${sha(layer)}`);
    other.routes.set('/foreign/layer.tgz', serve(layer));
    const src = await openRegistryImage(`${reg.host}/app:1`, opts);
    assert.deepEqual(await drain(await src.openLayer((await src.metadata()).layers[0])), layer);
    await src.close();
    assert.equal(other.seen[0]?.auth, undefined);
  });

  it('rejects malformed and unsupported manifests as INVALID_INPUT / LIMIT', async () => {
    const cases: [Buffer, string, string][] = [
      [Buffer.from('not json'), MT.dockerManifest, 'INVALID_INPUT'],
      [Buffer.from('{"schemaVersion":1,"fsLayers":[]}'), MT.dockerSchema1Signed, 'INVALID_INPUT'],
      [Buffer.from('{"schemaVersion":2,"config":{"digest":"nope"},"layers":[]}'), MT.ociManifest, 'INVALID_INPUT'],
      [Buffer.alloc(5 << 20, 32), MT.ociManifest, 'LIMIT'],
      [manifestFor(sha(layer), { mediaType: 'application/vnd.in-toto+json' }), MT.dockerManifest, 'INVALID_INPUT'],
    ];
    for (const [body, type, code] of cases) {
      reg.routes.set('/v2/app/manifests/1', serve(body, type));
      await assert.rejects(openRegistryImage(`${reg.host}/app:1`, opts), (e: unknown) => e instanceof DrydockError && e.code === code && !e.message.includes('\n'));
    }
  });

  it('times out a registry that never answers', async () => {
    reg.routes.set('/v2/app/manifests/1', () => undefined);
    await assert.rejects(openRegistryImage(`${reg.host}/app:1`, { ...opts, headersTimeoutMs: 200, attempts: 1 }), { code: 'NETWORK', message: /timeout/ });
  });

  it('falls back to GET when HEAD has no Docker-Content-Digest', async () => {
    reg.routes.set('/v2/app/manifests/1', serve(manifest, MT.dockerManifest));
    assert.equal(await resolveDigest(`${reg.host}/app:1`, opts), sha(manifest));
  });

  it('never sends credentials to the registry before it asks, and never puts them in errors', async () => {
    reg.routes.set('/v2/app/manifests/1', (_q, r) => r.writeHead(401, { 'www-authenticate': 'Basic realm="fake"' }).end());
    await assert.rejects(openRegistryImage(`${reg.host}/app:1`, opts), (e: unknown) => {
      assert.ok(e instanceof DrydockError && e.code === 'AUTH');
      assert.ok(!JSON.stringify({ m: e.message, h: e.hint, s: e.stack }).includes(PASS));
      return true;
    });
    assert.equal(reg.seen[0]?.auth, undefined);
  });
});

describe('fake registry: tag pagination', () => {
  it('follows Link rel="next" pages with n', async () => {
    const reg = await fake(false);
    try {
      const pages: Record<string, { tags: string[]; next?: string }> = {
        '': { tags: ['a', 'b'], next: '/v2/app/tags/list?n=2&last=b' },
        b: { tags: ['c', 'd'], next: '/v2/app/tags/list?n=2&last=d' },
        d: { tags: ['e'] },
      };
      const queries: string[] = [];
      reg.routes.set('/v2/app/tags/list', (q, r) => {
        const u = new URL(q.url ?? '', reg.url);
        queries.push(u.search);
        const p = pages[u.searchParams.get('last') ?? ''];
        r.writeHead(200, { 'content-type': 'application/json', ...(p.next ? { link: `<${p.next}>; rel="next"` } : {}) });
        r.end(JSON.stringify({ name: 'app', tags: p.tags }));
      });
      const { listTags } = await import('./index.js');
      assert.deepEqual(await listTags(`${reg.host}/app`, { pageSize: 2 }), ['a', 'b', 'c', 'd', 'e']);
      assert.deepEqual(queries, ['?n=2', '?n=2&last=b', '?n=2&last=d']);
    } finally {
      await reg.close();
    }
  });
});
