import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { compress as zstdCompress } from 'zstd-napi';
import { analyzeLayer } from './walk.js';
import { outputBuffersAllocated } from './gunzip-worker.js';
import { isReusedBody } from './tar-parser.js';
import type { Cataloger } from '../../catalog/types.js';
import type { FileInput } from './types.js';
import type { Package } from '../../sbom/model.js';
import { isDrydockError, type Warning } from '../../errors.js';
import { rawTar } from '../../../test/helpers/raw-tar.js';

const pkg = (name: string): Package => ({ name, version: '1', type: 'deb', purl: '', licenses: [], locations: [], foundBy: 't' });

function recorder(wanted: (p: string) => boolean, opts: Partial<Cataloger> = {}) {
  const seen: string[] = [];
  const cat: Cataloger = {
    name: 'rec',
    wants: (m) => wanted(m.path),
    parseFile: (f) => {
      seen.push(`${f.meta.path}=${f.content.toString()}`);
      return [pkg(f.meta.path)];
    },
    catalog: () => ({ packages: [] }),
    ...opts,
  };
  return { cat, seen };
}

const sha = (b: Buffer): string => 'sha256:' + createHash('sha256').update(b).digest('hex');

const layerTar = rawTar([
  { name: './', type: '5', mode: 0o755 },
  { name: './etc/', type: '5' },
  { name: './etc/os-release', data: 'ID=debian\n' },
  { name: '/abs/file', data: 'abs' },
  { name: 'a/./b/../c', data: 'c' },
  { name: '../escape', data: 'x' },
  { name: 'ok/../../escape2', data: 'x' },
  { name: 'etc/.wh.issue.net', data: '' },
  { name: 'etc/cron.daily/.wh..wh..opq', data: '' },
  { name: 'usr/bin/x.wh.y', data: 'not a whiteout' },
  { name: 'bin/sh', type: '2', linkName: 'dash' },
  { name: 'etc/os-release-link', type: '1', linkName: 'etc/os-release' },
  { name: 'long', pax: { path: 'deep/' + 'd'.repeat(150) + '/file', uid: '4242' }, data: 'long' },
  { name: 'big', data: 'x'.repeat(100) },
]);

test('records every entry, reads only wanted files, fills locations, keeps contents for catalog()', async () => {
  const { cat, seen } = recorder((p) => p.startsWith('/etc/os-release') || p === '/abs/file' || p === '/a/c');
  const warnings: Warning[] = [];
  const a = await analyzeLayer(Readable.from([layerTar]), { index: 2, diffId: sha(layerTar), createdBy: 'RUN x' }, [cat], {
    warn: (w) => warnings.push(w),
  });
  const paths = a.files.map((f) => f.path).sort();
  assert.deepEqual(paths, ['/a/c', '/abs/file', '/big', '/bin/sh', `/deep/${'d'.repeat(150)}/file`, '/etc', '/etc/os-release', '/etc/os-release-link', '/usr/bin/x.wh.y']);
  assert.deepEqual(a.whiteouts, ['/etc/issue.net']);
  assert.deepEqual(a.opaqueDirs, ['/etc/cron.daily']);
  assert.deepEqual(seen.sort(), ['/a/c=c', '/abs/file=abs', '/etc/os-release-link=ID=debian\n', '/etc/os-release=ID=debian\n']);
  const loc = a.parsed.get('/etc/os-release')![0].locations[0];
  assert.deepEqual(loc, { path: '/etc/os-release', layerIndex: 2, layerDiffId: sha(layerTar), createdBy: 'RUN x' });
  assert.equal(a.contents.get('/etc/os-release-link')?.toString(), 'ID=debian\n');
  const link = a.files.find((f) => f.path === '/etc/os-release-link')!;
  assert.equal(link.kind, 'hardlink');
  assert.equal(link.linkTarget, '/etc/os-release');
  assert.equal(a.files.find((f) => f.path.endsWith('/file') && f.path.startsWith('/deep'))!.uid, 4242);
  assert.equal(a.files.find((f) => f.path === '/bin/sh')!.linkTarget, 'dash');
  // two escapes, no diffID complaint
  assert.equal(a.warnings.length, 2, JSON.stringify(a.warnings));
  assert.ok(a.warnings.every((w) => /escapes the root/.test(w.message)));
  assert.equal(warnings.length, 2);
});

test('gzip, zstd and plain tar give the same analysis; diffID mismatch is a warning', async () => {
  const { cat } = recorder((p) => p === '/etc/os-release');
  const results = [];
  for (const blob of [layerTar, gzipSync(layerTar), zstdCompress(layerTar)]) {
    const a = await analyzeLayer(Readable.from([blob]), { index: 0, diffId: sha(layerTar) }, [cat]);
    results.push({ files: a.files, parsed: [...a.parsed.keys()], warnings: a.warnings.length });
  }
  assert.deepEqual(results[1], results[0]);
  assert.deepEqual(results[2], results[0]);
  const bad = await analyzeLayer(Readable.from([gzipSync(layerTar)]), { index: 0, diffId: sha(Buffer.from('other')) }, [cat]);
  assert.ok(bad.warnings.some((w) => /not the diffID/.test(w.message)));
  assert.equal(bad.uncacheable, 'diffID mismatch');
  assert.equal((await analyzeLayer(Readable.from([gzipSync(layerTar)]), { index: 0, diffId: sha(layerTar) }, [cat])).uncacheable, undefined);
  const cut = await analyzeLayer(Readable.from([layerTar.subarray(0, 512 + 100)]), { index: 0, diffId: sha(layerTar) }, [cat]);
  assert.equal(cut.uncacheable, 'partial');
});

test('a layer big enough for the gunzip worker: the same analysis, the same diffID check, the same partial result', async () => {
  const { cat } = recorder((p) => p === '/etc/os-release');
  // the declared blob size decides (see useGunzipWorker): a big one sends this small blob to the worker
  const big = 1 << 30;
  const here = await analyzeLayer(Readable.from([gzipSync(layerTar)]), { index: 0, diffId: sha(layerTar) }, [cat]);
  const there = await analyzeLayer(Readable.from([gzipSync(layerTar)]), { index: 0, diffId: sha(layerTar), size: big }, [cat]);
  assert.deepEqual(there, here);
  const bad = await analyzeLayer(Readable.from([gzipSync(layerTar)]), { index: 0, diffId: sha(Buffer.from('other')), size: big }, [cat]);
  assert.ok(bad.warnings.some((w) => w.message.includes(`uncompressed content has digest ${sha(layerTar)}, not the diffID`)));
  assert.equal(bad.uncacheable, 'diffID mismatch');
  const cut = await analyzeLayer(Readable.from([gzipSync(layerTar).subarray(0, 200)]), { index: 0, diffId: sha(layerTar), size: big }, [cat]);
  assert.equal(cut.uncacheable, 'partial');
  assert.ok(cut.warnings.some((w) => /unexpected end of file/.test(w.message)), JSON.stringify(cut.warnings));
});

test('parser exceptions and size caps become warnings naming the file', async () => {
  const cat: Cataloger = {
    name: 'boom',
    wants: (m) => m.path === '/etc/os-release' || m.path === '/big',
    maxFileSize: 50,
    parseFile: () => {
      throw new Error('corrupt database');
    },
  };
  const a = await analyzeLayer(Readable.from([layerTar]), { index: 0 }, [cat]);
  const msgs = a.warnings.map((w) => `${w.file}: ${w.message}`);
  assert.ok(msgs.some((m) => m === '/etc/os-release: boom: corrupt database'), msgs.join('\n'));
  assert.ok(msgs.some((m) => m.startsWith('/big: boom: skipped, 100 bytes')), msgs.join('\n'));
  assert.equal(a.parsed.size, 0);
  assert.equal(a.contents.size, 0); // no catalog(): nothing kept
});

test('a truncated gzip layer gives a partial result with a warning', async () => {
  const big = rawTar([
    { name: 'etc/os-release', data: 'ID=debian\n' },
    { name: 'filler', data: Buffer.alloc(200_000, 7) },
    { name: 'after', data: 'never seen' },
  ]);
  const gz = gzipSync(big);
  const cut = gz.subarray(0, Math.floor(gz.length / 2));
  const { cat, seen } = recorder((p) => p === '/etc/os-release' || p === '/after');
  const a = await analyzeLayer(Readable.from([cut]), { index: 0 }, [cat]);
  assert.deepEqual(seen, ['/etc/os-release=ID=debian\n']);
  assert.ok(a.warnings.some((w) => /truncated or corrupt/.test(w.message)), JSON.stringify(a.warnings));
});

test('garbage is INVALID_INPUT; an empty stream is an empty layer', async () => {
  const garbage = Buffer.alloc(4096);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 251;
  await assert.rejects(analyzeLayer(Readable.from([garbage]), { index: 0 }, []), (e) => isDrydockError(e) && e.code === 'INVALID_INPUT');
  await assert.rejects(analyzeLayer(Readable.from([Buffer.from([0x1f, 0x8b, 1, 2, 3])]), { index: 0 }, []), (e) => isDrydockError(e) && e.code === 'INVALID_INPUT');
  const empty = await analyzeLayer(Readable.from([]), { index: 0 }, []);
  assert.equal(empty.files.length, 0);
  assert.equal(empty.warnings.length, 0);
});

test('lying sizes: a 10 GB entry that is not there ends quickly; a 10 GB sparse entry is not read', async () => {
  const huge = 10 * 1024 ** 3;
  const lying = rawTar([{ name: 'var/lib/dpkg/status', size: huge, data: 'short' }], { end: false });
  const { cat, seen } = recorder((p) => p === '/var/lib/dpkg/status');
  const a = await analyzeLayer(Readable.from([lying]), { index: 0 }, [cat]);
  assert.deepEqual(seen, []);
  assert.ok(a.warnings.some((w) => /above the .*limit/.test(w.message)));
  assert.ok(a.warnings.some((w) => /truncated/.test(w.message)));
  assert.equal(a.files[0].size, huge);

  const sparse = rawTar([
    { name: 'sparse.img', pax: { 'GNU.sparse.major': '1', 'GNU.sparse.minor': '0', 'GNU.sparse.name': 'var/sparse.img', 'GNU.sparse.realsize': String(huge) }, data: Buffer.alloc(1024) },
    { name: 'etc/os-release', data: 'ID=x' },
  ]);
  const r2 = recorder((p) => p === '/var/sparse.img' || p === '/etc/os-release');
  const b = await analyzeLayer(Readable.from([sparse]), { index: 0 }, [r2.cat], { maxFileSize: 2 * huge });
  assert.deepEqual(r2.seen, ['/etc/os-release=ID=x']);
  assert.equal(b.files.find((f) => f.path === '/var/sparse.img')?.size, huge);
  assert.ok(b.warnings.some((w) => w.file === '/var/sparse.img'));
});

test('memory does not grow with layer size (256 MB streamed, nothing wanted)', async () => {
  const chunk = rawTar([{ name: 'f', data: Buffer.alloc(4 * 1024 * 1024, 1) }], { end: false });
  async function* gen() {
    for (let i = 0; i < 64; i++) yield chunk;
  }
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const a = await analyzeLayer(Readable.from(gen()), { index: 0 }, [recorder(() => false).cat]);
  clearInterval(timer);
  assert.equal(a.files.length, 1);
  assert.ok(peak - before < 100 * 1024 * 1024, `rss grew by ${(peak - before) >> 20} MB`);
});

test('a source error that is a DrydockError (digest mismatch) is rethrown, abort stops the walk', async () => {
  const { DrydockError } = await import('../../errors.js');
  const failing = new Readable({
    read() {
      this.destroy(new DrydockError('DIGEST_MISMATCH', 'blob sha256:x does not match'));
    },
  });
  await assert.rejects(analyzeLayer(failing, { index: 0 }, []), (e) => isDrydockError(e) && e.code === 'DIGEST_MISMATCH');
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(analyzeLayer(Readable.from([layerTar]), { index: 0 }, [], { signal: ac.signal }), (e) => isDrydockError(e) && e.code === 'LIMIT');
});

test('bodies inside one chunk are views, split bodies are copied; kept contents never pin a chunk', async () => {
  const files = Array.from({ length: 40 }, (_, i) => ({ name: `d/f${i}`, data: `${i}:`.padEnd(700 + i * 37, String.fromCharCode(97 + (i % 26))) }));
  const tar = rawTar(files);
  const expected = files.map((f) => `/${f.name}=${f.data}`);
  // every chunking gives the same contents: one chunk, odd sizes that split bodies and headers, single bytes
  for (const size of [tar.length, 4096, 1000, 511, 77, 1]) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < tar.length; i += size) chunks.push(Buffer.from(tar.subarray(i, i + size)));
    const views: boolean[] = [];
    const { cat, seen } = recorder(() => true, {
      parseFile: (f) => {
        seen.push(`${f.meta.path}=${f.content.toString()}`);
        views.push(f.content.buffer.byteLength > f.content.length * 2);
        return [];
      },
    });
    const a = await analyzeLayer(Readable.from(chunks), { index: 0 }, [cat]);
    assert.deepEqual(seen, expected, `chunk size ${size}`);
    if (size === tar.length) assert.ok(views.every(Boolean), 'one chunk: no copies');
    // catalog() keeps contents past the walk: they hold their own bytes, not the 1 MiB chunk around them
    for (const [p, c] of a.contents) {
      assert.equal(`${p}=${c.toString()}`, expected.find((e) => e.startsWith(`${p}=`)));
      assert.ok(c.buffer.byteLength <= Math.max(8192, c.length * 2), `${p} pins ${c.buffer.byteLength} bytes`);
    }
  }
});

test('hardlinks to large files take the target packages, relocated; other catalogers get a warning', async () => {
  const big = Buffer.alloc(200 * 1024, 7);
  const tar = rawTar([
    { name: 'app/a.jar', data: big },
    { name: 'app/b.jar', type: '1', linkName: 'app/a.jar' },
    { name: 'app/c.bin', type: '1', linkName: 'app/a.jar' },
    { name: 'etc/small', data: 'small' },
    { name: 'etc/small-link', type: '1', linkName: 'etc/small' },
  ]);
  let reads = 0;
  const jar: Cataloger = {
    name: 'jar',
    wants: (m) => m.path.endsWith('.jar'),
    parseFile: (f) => {
      reads++;
      return [{ ...pkg('a'), locations: [{ path: f.meta.path }, { path: `${f.meta.path}:lib/inner.jar` }] }];
    },
  };
  const bin: Cataloger = { name: 'bin', wants: (m) => m.path.endsWith('.bin') || m.path.startsWith('/etc/small'), parseFile: (f) => [pkg(`bin:${f.content.length}`)] };
  const a = await analyzeLayer(Readable.from([tar]), { index: 3 }, [jar, bin]);
  assert.equal(reads, 1, 'the target is read once');
  assert.deepEqual(a.parsed.get('/app/b.jar')![0].locations.map((l) => `${l.path}@${l.layerIndex}`), ['/app/b.jar@3', '/app/b.jar:lib/inner.jar@3']);
  assert.deepEqual(a.parsed.get('/app/a.jar')![0].locations.map((l) => l.path), ['/app/a.jar', '/app/a.jar:lib/inner.jar'], 'the target is untouched');
  assert.equal(a.parsed.get('/app/c.bin'), undefined);
  assert.deepEqual(a.warnings.map((w) => `${w.file}: ${w.message}`), ['/app/c.bin: hardlink to /app/a.jar, whose content was not read']);
  // small files keep their bytes: the link is parsed like the target
  assert.equal(a.parsed.get('/etc/small-link')![0].name, 'bin:5');
});

test('a file replaced later in the same layer keeps no result of its earlier entry, however the stream is chunked', async () => {
  const tar = rawTar([
    { name: 'app/a.jar', data: 'first' },
    { name: 'app/a.jar', data: 'second' },
    { name: 'app/b.jar', data: 'only' },
    { name: 'app/b.jar', type: '2', linkName: 'a.jar' },
    { name: 'app/c.jar', data: 'kept' },
    { name: 'app/d.jar', type: '1', linkName: 'app/c.jar' },
    { name: 'app/d.jar', type: '5' },
  ]);
  for (const size of [1, 100, 512, 4096, tar.length]) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < tar.length; i += size) chunks.push(tar.subarray(i, i + size));
    const { cat } = recorder((p) => p.endsWith('.jar'), { catalog: undefined, parseFile: (f) => [{ ...pkg(f.meta.path), version: f.content.toString() }] });
    const a = await analyzeLayer(Readable.from(chunks), { index: 0 }, [cat]);
    const found = [...a.parsed].map(([path, pkgs]) => `${path}@${pkgs.map((p) => p.version).join()}`);
    assert.deepEqual(found.sort(), ['/app/a.jar@second', '/app/c.jar@kept'], `chunks of ${size}`);
  }
});

test('decompressed chunks are reused once read: what catalogers read and what the walk keeps is never overwritten', async () => {
  // a kept file filling most of one chunk (a view of it would have been kept), then 20 MiB of files read one by one
  const kept = Buffer.from(Array.from({ length: 900 * 1024 }, (_, i) => (i * 31 + 7) & 0xff));
  const files = Array.from({ length: 100 }, (_, i) => ({ name: `f/${i}`, data: Buffer.alloc(200 * 1024, i) }));
  const tar = rawTar([{ name: 'var/kept', data: kept }, ...files]);
  const seen = new Map<string, string>();
  const read = (f: FileInput): Package[] => {
    seen.set(f.meta.path, sha(f.content));
    return [];
  };
  const keeper: Cataloger = { name: 'keeper', wants: (m) => m.path === '/var/kept', parseFile: read, catalog: () => ({ packages: [] }) };
  const reader: Cataloger = { name: 'reader', wants: (m) => m.path.startsWith('/f/'), parseFile: read };
  // a big declared size sends the blob to the gunzip worker, whose chunks are the ones reused
  const before = outputBuffersAllocated();
  const a = await analyzeLayer(Readable.from([gzipSync(tar)]), { index: 0, size: 1 << 30 }, [keeper, reader]);
  const allocated = outputBuffersAllocated() - before;
  assert.equal(seen.get('/var/kept'), sha(kept));
  for (const f of files) assert.equal(seen.get(`/${f.name}`), sha(f.data), f.name);
  assert.equal(sha(a.contents.get('/var/kept')!), sha(kept), 'kept content intact after 20 MiB more');
  // 21 MiB went by in 1 MiB chunks, through the few buffers lent to the worker again and again
  assert.ok(allocated <= 8, `${allocated} output buffers allocated`);
});

test('a kept file that spans chunks stays intact while the files after it go through the same reused body buffers', async () => {
  // 700 KiB first: the kept file begins in the first 1 MiB chunk and ends in the second (a body copied, not a view)
  const kept = Buffer.from(Array.from({ length: 900 * 1024 }, (_, i) => (i * 31 + 7) & 0xff));
  const files = Array.from({ length: 60 }, (_, i) => ({ name: `f/${i}`, data: Buffer.alloc(300 * 1024, i) }));
  const tar = rawTar([{ name: 'lead', data: Buffer.alloc(700 * 1024, 1) }, { name: 'var/kept', data: kept }, ...files]);
  const spanning: boolean[] = [];
  const keeper: Cataloger = { name: 'keeper', wants: (m) => m.path === '/var/kept', parseFile: (f) => (spanning.push(isReusedBody(f.content)), []), catalog: () => ({ packages: [] }) };
  const reader: Cataloger = { name: 'reader', wants: (m) => m.path.startsWith('/f/'), parseFile: (f) => (spanning.push(isReusedBody(f.content)), []) };
  const a = await analyzeLayer(Readable.from([gzipSync(tar)]), { index: 0, size: 1 << 30 }, [keeper, reader]);
  assert.equal(spanning[0], true, 'the kept file came in a reused buffer');
  assert.ok(spanning.filter(Boolean).length > 10, 'and so did many after it');
  assert.equal(sha(a.contents.get('/var/kept')!), sha(kept), 'kept content intact after 18 MiB more');
});
