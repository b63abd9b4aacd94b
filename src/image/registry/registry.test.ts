// Against a real docker-registry on 127.0.0.1 (anonymous over HTTP, and TLS with a self-signed CA).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { request } from 'undici';
import { DrydockError } from '../../errors.js';
import { errorToExit } from '../../cli/io.js';
import { FIXTURES_SKIP, fixtureImage, fixturesAvailable, startRegistry, type TestRegistry } from '../../../test/helpers/registry.js';
import { listTags, openRegistryImage, resolveDigest } from './index.js';

const skip = fixturesAvailable() ? false : FIXTURES_SKIP;

async function sha256AndGunzip(stream: NodeJS.ReadableStream): Promise<{ blob: string; diff: string }> {
  const blob = createHash('sha256');
  const diff = createHash('sha256');
  const gunzip = createGunzip();
  gunzip.on('data', (c: Buffer) => diff.update(c));
  const done = new Promise((res, rej) => gunzip.on('end', res).on('error', rej));
  await pipeline(stream, new Writable({ write(c: Buffer, _e, cb) { blob.update(c); gunzip.write(c, cb); }, final(cb) { gunzip.end(); cb(); } }));
  await done;
  return { blob: `sha256:${blob.digest('hex')}`, diff: `sha256:${diff.digest('hex')}` };
}

function stderrOf(e: unknown): { code: number; text: string } {
  let text = '';
  const code = errorToExit(e, { stderr: { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream });
  return { code, text };
}

describe('registry client against a real registry (HTTP, anonymous)', { skip }, () => {
  let reg: TestRegistry;
  before(async () => {
    reg = await startRegistry({ push: ['mini-base', 'mini-tomcat', 'multiarch'] });
  });
  after(() => reg?.stop());

  it('pulls metadata and every layer of mini-tomcat, matching fixtures.json', async () => {
    const fx = fixtureImage('mini-tomcat');
    const fetched: string[] = [];
    const src = await openRegistryImage(`${reg.host}/imagelab/mini-tomcat:latest`, { onBlobFetch: (d) => fetched.push(d) });
    try {
      assert.equal(src.kind, 'registry');
      const m = await src.metadata();
      assert.equal(m.manifestDigest, fx.manifest_digest);
      assert.equal(m.configDigest, fx.config_digest);
      assert.equal(m.name, `${reg.host}/imagelab/mini-tomcat:latest`);
      assert.deepEqual(m.repoTags, [`${reg.host}/imagelab/mini-tomcat:latest`]);
      assert.deepEqual(m.repoDigests, [`${reg.host}/imagelab/mini-tomcat@${fx.manifest_digest}`]);
      assert.equal(m.platform?.architecture, fx.architecture);
      assert.deepEqual(m.layers.map((l) => l.digest), fx.layers!.map((l) => l.digest));
      assert.deepEqual(m.layers.map((l) => l.diffId), fx.diff_ids);
      assert.deepEqual(m.layers.map((l) => l.size), fx.layers!.map((l) => l.size));
      assert.ok(m.layers.every((l) => l.compression === 'gzip'));
      assert.equal(m.size, fx.layers!.reduce((n, l) => n + l.size, 0));
      const history = (m.config.history ?? []).filter((h) => !h.empty_layer);
      assert.deepEqual(m.layers.map((l) => l.createdBy), history.map((h) => h.created_by));
      assert.deepEqual(fetched, [fx.config_digest]);
      for (const layer of m.layers) {
        const got = await sha256AndGunzip(await src.openLayer(layer));
        assert.equal(got.blob, layer.digest);
        assert.equal(got.diff, layer.diffId);
      }
      assert.deepEqual(fetched, [fx.config_digest, ...fx.layers!.map((l) => l.digest)]);
    } finally {
      await src.close();
    }
  });

  it('pulls by digest and verifies it', async () => {
    const fx = fixtureImage('mini-base');
    const src = await openRegistryImage(`${reg.host}/imagelab/mini-base@${fx.manifest_digest}`);
    const m = await src.metadata();
    await src.close();
    assert.equal(m.manifestDigest, fx.manifest_digest);
    assert.deepEqual(m.repoTags, []);
  });

  it('resolves the multiarch index to linux/amd64 by default and to linux/arm64/v8 on request', async () => {
    const fx = fixtureImage('multiarch');
    const ref = `${reg.host}/imagelab/multiarch:latest`;
    const amd = await openRegistryImage(ref);
    const arm = await openRegistryImage(ref, { platform: 'linux/arm64/v8' });
    const arm2 = await openRegistryImage(ref, { platform: 'linux/arm64' });
    try {
      const [ma, mr, mr2] = await Promise.all([amd.metadata(), arm.metadata(), arm2.metadata()]);
      assert.equal(ma.manifestDigest, fx.platforms!.find((p) => p.platform.architecture === 'amd64')!.digest);
      assert.equal(ma.manifestDigest, fixtureImage('tomcat-root').manifest_digest);
      assert.equal(mr.manifestDigest, fixtureImage('tomcat-arm64').manifest_digest);
      assert.equal(mr2.manifestDigest, mr.manifestDigest);
      assert.equal(mr.platform?.architecture, 'arm64');
      assert.deepEqual(mr.layers.map((l) => l.diffId), fixtureImage('tomcat-arm64').diff_ids);
      assert.deepEqual(ma.repoDigests, [`${reg.host}/imagelab/multiarch@${fx.manifest_digest}`]);
    } finally {
      await Promise.all([amd.close(), arm.close(), arm2.close()]);
    }
  });

  it('names the available platforms when the requested one is missing', async () => {
    await assert.rejects(openRegistryImage(`${reg.host}/imagelab/multiarch:latest`, { platform: 'linux/s390x' }), (e: unknown) => {
      assert.ok(e instanceof DrydockError);
      assert.equal(e.code, 'NOT_FOUND');
      assert.equal(e.message, `no image for platform linux/s390x in ${reg.host}/imagelab/multiarch:latest; available: linux/amd64, linux/arm64/v8`);
      return true;
    });
  });

  it('reports a missing tag as one line, NOT_FOUND, non-zero exit', async () => {
    await assert.rejects(openRegistryImage(`${reg.host}/imagelab/mini-base:nope`), (e: unknown) => {
      assert.ok(e instanceof DrydockError);
      assert.equal(e.code, 'NOT_FOUND');
      assert.equal(e.message, `manifest unknown: ${reg.host}/imagelab/mini-base:nope`);
      assert.equal(stderrOf(e).code, 2);
      return true;
    });
    await assert.rejects(resolveDigest(`${reg.host}/imagelab/mini-base:nope`), { code: 'NOT_FOUND' });
  });

  it('resolves digests for tags, indexes and digests', async () => {
    assert.equal(await resolveDigest(`${reg.host}/imagelab/mini-base`), fixtureImage('mini-base').manifest_digest);
    assert.equal(await resolveDigest(`${reg.host}/imagelab/multiarch:latest`), fixtureImage('multiarch').manifest_digest);
    const d = fixtureImage('mini-tomcat').manifest_digest;
    assert.equal(await resolveDigest(`${reg.host}/imagelab/mini-tomcat@${d}`), d);
  });

  it('lists tags across pages', async () => {
    // Tag mini-base a few more times through the registry API itself.
    const man = await request(`${reg.url}/v2/imagelab/mini-base/manifests/latest`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
    const bytes = Buffer.from(await man.body.arrayBuffer());
    for (const t of ['1.0', '1.1', '2.0', 'edge']) {
      const put = await request(`${reg.url}/v2/imagelab/mini-base/manifests/${t}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
        body: bytes,
      });
      await put.body.dump();
      assert.equal(put.statusCode, 201);
    }
    const want = ['1.0', '1.1', '2.0', 'edge', 'latest'];
    assert.deepEqual((await listTags(`${reg.host}/imagelab/mini-base`, { pageSize: 2 })).sort(), want);
    assert.deepEqual((await listTags(`${reg.host}/imagelab/mini-base:whatever`)).sort(), want);
    await assert.rejects(listTags(`${reg.host}/imagelab/does-not-exist`), { code: 'NOT_FOUND' });
  });

  it('reports connection refused as NETWORK naming the host', async () => {
    const host = reg.host.replace(/:\d+$/, ':1');
    await assert.rejects(openRegistryImage(`${host}/x/y:1`, { attempts: 1 }), (e: unknown) => {
      assert.ok(e instanceof DrydockError);
      assert.equal(e.code, 'NETWORK');
      assert.match(e.message, /^cannot reach registry 127\.0\.0\.1:1: connection refused$/);
      assert.ok(e.hint);
      return true;
    });
  });
});

describe('registry client against a real registry (TLS, self-signed CA)', { skip }, () => {
  let reg: TestRegistry;
  before(async () => {
    reg = await startRegistry({ tls: true, push: ['mini-base'] });
  });
  after(() => reg?.stop());
  const fx = () => fixtureImage('mini-base');

  it('trusts the CA given as caFile', async () => {
    const src = await openRegistryImage(`${reg.host}/imagelab/mini-base:latest`, { caFile: reg.caFile });
    const m = await src.metadata();
    const blob = createHash('sha256');
    for await (const c of await src.openLayer(m.layers[0])) blob.update(c as Buffer);
    await src.close();
    assert.equal(m.manifestDigest, fx().manifest_digest);
    assert.equal(`sha256:${blob.digest('hex')}`, fx().layers![0].digest);
  });

  it('trusts the CA from SSL_CERT_FILE', async () => {
    const old = process.env.SSL_CERT_FILE;
    process.env.SSL_CERT_FILE = reg.caFile;
    try {
      assert.equal(await resolveDigest(`${reg.host}/imagelab/mini-base:latest`), fx().manifest_digest);
    } finally {
      if (old === undefined) delete process.env.SSL_CERT_FILE;
      else process.env.SSL_CERT_FILE = old;
    }
  });

  it('accepts the self-signed certificate with insecure', async () => {
    const src = await openRegistryImage(`${reg.host}/imagelab/mini-base:latest`, { insecure: true });
    assert.equal((await src.metadata()).manifestDigest, fx().manifest_digest);
    await src.close();
  });

  it('refuses an untrusted certificate (no silent fallback to HTTP) with a hint', async () => {
    const old = process.env.SSL_CERT_FILE;
    delete process.env.SSL_CERT_FILE;
    try {
      await assert.rejects(openRegistryImage(`${reg.host}/imagelab/mini-base:latest`), (e: unknown) => {
        assert.ok(e instanceof DrydockError);
        assert.equal(e.code, 'NETWORK');
        assert.match(e.message, /TLS certificate of registry 127\.0\.0\.1:\d+ is not trusted/);
        assert.match(e.hint ?? '', /--insecure/);
        return true;
      });
    } finally {
      if (old !== undefined) process.env.SSL_CERT_FILE = old;
    }
  });
});
