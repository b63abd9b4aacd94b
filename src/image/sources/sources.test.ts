import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { openImage } from '../open.js';
import { analyzeLayer } from '../layer/walk.js';
import { mergeLayers } from '../layer/merge.js';
import type { ImageSource } from '../types.js';
import type { Cataloger } from '../../catalog/types.js';
import { isDrydockError, type ErrorCode } from '../../errors.js';
import { rawTar } from '../../../test/helpers/raw-tar.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const images = join(repo, '.cache/images');
const shared = fileURLToPath(new URL('../shared/data/images/', new URL('../../../', import.meta.url)));
const haveImages = existsSync(join(images, 'fixtures.json'));
const haveShared = existsSync(join(shared, 'busybox.tar'));
const noImages = haveImages ? false : 'no .cache/images/fixtures.json (run test/tools/build-images.sh .cache/images)';
const noShared = haveShared ? false : 'no shared test data at ../shared/data/images';

interface Fixture {
  tag: string;
  manifest_digest: string;
  config_digest?: string;
  index?: boolean;
  layers?: { digest: string }[];
  diff_ids?: string[];
  platforms?: { digest: string; platform: { architecture: string } }[];
  expect?: { deleted_paths?: string[] };
}
const fixtures: Fixture[] = haveImages ? JSON.parse(readFileSync(join(images, 'fixtures.json'), 'utf8')).images : [];
const fx = (tag: string): Fixture => fixtures.find((f) => f.tag === tag)!;

const dpkg: Cataloger = { name: 'dpkg-probe', wants: (m) => m.path === '/var/lib/dpkg/status' || m.path === '/etc/os-release' || m.path === '/lib/apk/db/installed', catalog: () => ({ packages: [] }) };

async function walkAll(src: ImageSource) {
  const md = await src.metadata();
  const layers = [];
  for (const l of md.layers) {
    layers.push(await analyzeLayer(await src.openLayer(l), { index: l.index, diffId: l.diffId || undefined, createdBy: l.createdBy }, [dpkg]));
  }
  return { md, layers, fs: mergeLayers(layers) };
}

const isErr = (code: ErrorCode, re?: RegExp) => (e: unknown) => isDrydockError(e) && e.code === code && (!re || re.test(e.message));

test('single-image OCI layouts match fixtures.json (digests, diffIDs, history)', { skip: noImages }, async () => {
  for (const f of fixtures.filter((x) => !x.index)) {
    const src = await openImage(join(images, 'layouts', f.tag));
    assert.equal(src.kind, 'oci-layout');
    const md = await src.metadata();
    assert.equal(md.manifestDigest, f.manifest_digest, f.tag);
    assert.equal(md.configDigest, f.config_digest, f.tag);
    assert.deepEqual(md.layers.map((l) => l.digest), f.layers!.map((l) => l.digest), f.tag);
    assert.deepEqual(md.layers.map((l) => l.diffId), f.diff_ids, f.tag);
    assert.ok(md.layers.every((l) => l.createdBy), f.tag);
    assert.equal(md.layers[0].compression, f.tag.endsWith('zstd') ? 'zstd' : 'gzip');
  }
});

test('tomcat-root in every form: walk verifies diffIDs, whiteouts and opaque dirs delete the expected paths', { skip: noImages }, async () => {
  const f = fx('tomcat-root');
  const forms = [
    join(images, 'layouts/tomcat-root'),
    `oci:${join(images, 'oci')}:tomcat-root`,
    join(images, 'archives/tomcat-root.oci.tar'),
    join(images, 'archives/tomcat-root.docker.tar'),
    join(images, 'archives/tomcat-root-zstd.oci.tar'),
  ];
  for (const ref of forms) {
    const src = await openImage(ref);
    const { md, layers, fs } = await walkAll(src);
    assert.deepEqual(md.layers.map((l) => l.diffId), f.diff_ids, ref);
    assert.deepEqual(fs.warnings, [], ref);
    for (const p of f.expect!.deleted_paths!) {
      assert.ok(layers[0].files.some((m) => m.path === p), `${p} exists in the base layer (${ref})`);
      assert.equal(fs.stat(p), undefined, `${p} deleted (${ref})`);
    }
    assert.ok(fs.stat('/etc/cron.daily'), ref);
    assert.ok(fs.read('/var/lib/dpkg/status')!.includes('Package: dpkg'), ref);
    assert.equal(fs.layerOf('/var/lib/dpkg/status')?.diffId, f.diff_ids![0]);
    assert.equal(fs.stat('/usr/local/tomcat/lib/catalina.jar')?.layerIndex, 1);
    if (src.kind === 'docker-archive') assert.deepEqual((await src.metadata()).repoTags, ['docker.io/imagelab/tomcat-root:latest']);
  }
});

test('multiarch index: platform selection incl. linux/arm64/v8', { skip: noImages }, async () => {
  const f = fx('multiarch');
  const amd = f.platforms!.find((p) => p.platform.architecture === 'amd64')!.digest;
  const arm = f.platforms!.find((p) => p.platform.architecture === 'arm64')!.digest;
  for (const ref of [join(images, 'layouts/multiarch'), `${join(images, 'oci')}:multiarch`, join(images, 'archives/multiarch.oci.tar')]) {
    assert.equal((await (await openImage(ref)).metadata()).manifestDigest, amd, ref);
    for (const platform of ['linux/arm64/v8', 'linux/arm64']) {
      const md = await (await openImage(ref, { platform })).metadata();
      assert.equal(md.manifestDigest, arm, `${ref} ${platform}`);
      assert.equal(md.platform?.architecture, 'arm64');
    }
    await assert.rejects(openImage(ref, { platform: 'linux/s390x' }), isErr('NOT_FOUND', /s390x/));
  }
  await assert.rejects(openImage(join(images, 'oci')), isErr('USAGE', /choose one/));
  await assert.rejects(openImage(`${join(images, 'oci')}:nope`), isErr('NOT_FOUND', /nope/));
});

test('real archives from other tools: skopeo, containerd, docker save (legacy, trimmed, gzip outer)', { skip: noShared }, async () => {
  const busybox = await walkAll(await openImage(`docker-archive:${join(shared, 'busybox.tar')}`));
  assert.equal(busybox.md.layers.length, 1);
  assert.deepEqual(busybox.fs.warnings, []);
  assert.ok(busybox.fs.stat('/bin/busybox'));

  const alpine = await walkAll(await openImage(join(shared, 'containerd-alpine-3.14.9.tar')));
  assert.deepEqual(alpine.md.repoTags, ['alpine:3.14']);
  assert.match(alpine.fs.read('/lib/apk/db/installed')!.toString(), /P:libcrypto1.1\nV:1.1.1t-r0/);
  assert.deepEqual(alpine.fs.warnings, []);
  // the same archive read as an OCI archive: index -> manifest list -> amd64 manifest
  const asOci = await openImage(join(shared, 'containerd-alpine-3.14.9.tar'), { inputType: 'oci-archive' });
  assert.equal(asOci.kind, 'oci-archive');
  assert.equal((await asOci.metadata()).manifestDigest, 'sha256:c8844343d5ccbc9f24a7cca4bdcf5b2d43cde2c83d201b18365c99b1e5f24c80');

  const goof = await walkAll(await openImage(join(shared, 'dockergoof.tar')));
  assert.equal(goof.md.layers.length, 4);
  assert.match(goof.md.warnings![0].message, /9 diff_ids for 4 layers/);
  assert.match(goof.fs.read('/var/lib/dpkg/status')!.toString(), /Package: openssl\n(.+\n)*Version: 1\.0\.1t-1\+deb8u8/);

  const java = await walkAll(await openImage(join(shared, 'java.tar'))); // gzip-compressed docker save
  assert.deepEqual(java.md.repoTags, ['openjdk-test:latest']);
  assert.ok([...java.fs.files()].some((f) => f.path.endsWith('.jar')));
});

// ---- hostile input, built in the test ----

const sha = (b: Buffer): string => 'sha256:' + createHash('sha256').update(b).digest('hex');

async function writeLayout(dir: string, opts: { layerDigest?: string; manifestDigest?: string; skipLayer?: boolean } = {}) {
  const tar = rawTar([{ name: 'etc/os-release', data: 'ID=test\n' }]);
  const layer = gzipSync(tar);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha(tar)] } }));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: opts.layerDigest ?? sha(layer), size: layer.length }],
    }),
  );
  await mkdir(join(dir, 'blobs/sha256'), { recursive: true });
  const put = (d: string, b: Buffer) => writeFile(join(dir, 'blobs/sha256', d.slice(7)), b);
  await put(sha(config), config);
  await put(sha(manifest), manifest);
  if (!opts.skipLayer) await put(sha(layer), layer);
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const md = opts.manifestDigest ?? sha(manifest);
  await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ digest: md, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': 'x' } }] }));
  return { layer, manifest, config, tar };
}

test('hostile layouts: tampered blobs, missing blobs, path-traversal digests, broken JSON', async (t) => {
  const tmp = await mkdtemp(join(tmpdir(), 'drydock-hostile-'));
  t.after(() => rm(tmp, { recursive: true, force: true }));

  const good = join(tmp, 'good');
  await writeLayout(good);
  const g = await walkAll(await openImage(good));
  assert.equal(g.fs.read('/etc/os-release')?.toString(), 'ID=test\n');

  const tampered = join(tmp, 'tampered');
  const { layer } = await writeLayout(tampered);
  const bad = Buffer.from(layer);
  bad[bad.length - 10] ^= 0xff;
  await writeFile(join(tampered, 'blobs/sha256', sha(layer).slice(7)), bad);
  await assert.rejects(walkAll(await openImage(tampered)), isErr('DIGEST_MISMATCH', /blob sha256:/));

  const badManifest = join(tmp, 'bad-manifest');
  const { manifest } = await writeLayout(badManifest);
  await writeFile(join(badManifest, 'blobs/sha256', sha(manifest).slice(7)), Buffer.concat([manifest, Buffer.from(' ')]));
  await assert.rejects(openImage(badManifest), isErr('DIGEST_MISMATCH', /manifest/));

  const missing = join(tmp, 'missing');
  await writeLayout(missing, { skipLayer: true });
  const src = await openImage(missing);
  await assert.rejects(src.openLayer((await src.metadata()).layers[0]), isErr('NOT_FOUND', /missing/));

  const traversal = join(tmp, 'traversal');
  await writeLayout(traversal, { layerDigest: 'sha256:../../../../etc/passwd' });
  await assert.rejects(openImage(traversal), isErr('INVALID_INPUT', /invalid digest/));

  const broken = join(tmp, 'broken');
  await writeLayout(broken);
  await writeFile(join(broken, 'index.json'), '{"manifests": [');
  await assert.rejects(openImage(broken), isErr('INVALID_INPUT', /index\.json is not valid JSON/));
  await writeFile(join(broken, 'index.json'), '{"manifests": [{"size": 1}]}');
  await assert.rejects(openImage(broken), isErr('INVALID_INPUT', /index\.json is malformed at manifests\.0\.digest/));
});

test('hostile files: garbage, truncated archive, missing path, unknown tar', { skip: noImages }, async (t) => {
  const tmp = await mkdtemp(join(tmpdir(), 'drydock-hostile-'));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const garbage = join(tmp, 'garbage.bin');
  await writeFile(garbage, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 131) % 256)));
  await assert.rejects(openImage(garbage), isErr('INVALID_INPUT', /not a tar archive/));
  const truncated = join(tmp, 'cut.tar');
  await writeFile(truncated, (await readFile(join(images, 'archives/mini-tomcat.oci.tar'))).subarray(0, 5000));
  await assert.rejects(openImage(truncated), isErr('INVALID_INPUT', /past the end|truncated/));
  await assert.rejects(openImage(join(tmp, 'does-not-exist.tar')), isErr('NOT_FOUND'));
  await assert.rejects(openImage('docker-archive:' + join(tmp, 'nope')), isErr('NOT_FOUND'));
  const plain = join(tmp, 'plain.tar');
  await writeFile(plain, rawTar([{ name: 'hello.txt', data: 'hi' }]));
  await assert.rejects(openImage(plain), isErr('INVALID_INPUT', /neither a docker-archive nor an oci-archive/));
  // a docker archive whose config does not match its content-addressed name
  const copy = join(tmp, 'copy.oci.tar');
  await copyFile(join(images, 'archives/mini-tomcat.oci.tar'), copy);
  assert.equal((await openImage(`oci-archive:${copy}`)).kind, 'oci-archive');
});

test('openImage detection: prefixes, directories, --input-type', { skip: noImages }, async (t) => {
  const tmp = await mkdtemp(join(tmpdir(), 'drydock-rootfs-'));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  await mkdir(join(tmp, 'etc'));
  assert.equal((await openImage(tmp)).kind, 'rootfs');
  assert.equal((await openImage(`dir:${tmp}`)).kind, 'rootfs');
  const rootfs = (await openImage(`rootfs:${tmp}`)) as ImageSource & { root?: string };
  assert.equal(rootfs.root, tmp);
  assert.equal((await rootfs.metadata()).layers.length, 1);
  assert.equal((await openImage(join(images, 'layouts/mini-base'))).kind, 'oci-layout');
  assert.equal((await openImage(join(images, 'layouts/mini-base'), { inputType: 'rootfs' })).kind, 'rootfs');
  assert.equal((await openImage(`oci-archive:${join(images, 'archives/mini-tomcat.oci.tar')}`)).kind, 'oci-archive');
  assert.equal((await openImage(join(images, 'archives/mini-tomcat.docker.tar'))).kind, 'docker-archive');
  assert.equal((await openImage(`docker-archive:${join(images, 'archives/mini-tomcat.docker.tar')}:imagelab/mini-tomcat:latest`)).kind, 'docker-archive');
  await assert.rejects(openImage(`docker-archive:${join(images, 'archives/mini-tomcat.docker.tar')}:other`), isErr('NOT_FOUND'));
  await assert.rejects(openImage(join(images, 'archives/mini-tomcat.oci.tar'), { inputType: 'docker-archive' }), isErr('INVALID_INPUT', /manifest\.json is missing/));
});

test('hostile docker archives: tampered config, escaping and looping layer paths, lying layer', async (t) => {
  const tmp = await mkdtemp(join(tmpdir(), 'drydock-hostile-'));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const layer = rawTar([{ name: 'etc/os-release', data: 'ID=test\n' }]);
  const config = Buffer.from(JSON.stringify({ os: 'linux', architecture: 'amd64', rootfs: { diff_ids: [sha(layer)] }, history: [{ created_by: 'ADD x' }] }));
  const hex = (b: Buffer) => sha(b).slice(7);
  const archive = async (name: string, layers: string[], extra: Parameters<typeof rawTar>[0] = [], cfg = config) => {
    const p = join(tmp, name);
    const manifest = JSON.stringify([{ Config: `${hex(config)}.json`, RepoTags: ['t:1'], Layers: layers }]);
    await writeFile(p, rawTar([{ name: 'manifest.json', data: manifest }, { name: `${hex(config)}.json`, data: cfg }, { name: `${hex(layer)}/layer.tar`, data: layer }, ...extra]));
    return p;
  };
  const ok = await walkAll(await openImage(await archive('ok.tar', [`${hex(layer)}/layer.tar`])));
  assert.equal(ok.md.layers[0].digest, sha(layer)); // legacy layout: verified against the diffID
  assert.equal(ok.md.layers[0].createdBy, 'ADD x');
  assert.equal(ok.fs.read('/etc/os-release')?.toString(), 'ID=test\n');

  const tamperedCfg = Buffer.from(config.toString().replace('amd64', 'arm64'));
  await assert.rejects(openImage(await archive('cfg.tar', [`${hex(layer)}/layer.tar`], [], tamperedCfg)), isErr('DIGEST_MISMATCH', /config/));
  await assert.rejects(openImage(await archive('escape.tar', ['../../../etc/passwd'])), isErr('NOT_FOUND', /missing/));
  const loop = [
    { name: 'a.tar', type: '2', linkName: 'b.tar' },
    { name: 'b.tar', type: '2', linkName: 'a.tar' },
  ];
  await assert.rejects(openImage(await archive('loop.tar', ['a.tar'], loop)), isErr('NOT_FOUND'));
  // a layer whose bytes do not match the diffID it is checked against
  const other = rawTar([{ name: 'etc/os-release', data: 'ID=evil\n' }]);
  const p = join(tmp, 'swapped.tar');
  const manifest = JSON.stringify([{ Config: `${hex(config)}.json`, Layers: ['l/layer.tar'] }]);
  await writeFile(p, rawTar([{ name: 'manifest.json', data: manifest }, { name: `${hex(config)}.json`, data: config }, { name: 'l/layer.tar', data: other }]));
  await assert.rejects(walkAll(await openImage(p)), isErr('DIGEST_MISMATCH'));
});
