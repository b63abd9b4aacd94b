// The worker's gunzip against Node's own (createGunzip, gunzipSync): same bytes, same errors, bounded memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGunzip, gzipSync, gunzipSync } from 'node:zlib';
import { gunzipOnWorker, outputBuffersAllocated, recycleChunk, useGunzipWorker } from './gunzip-worker.js';
import { decompressLayer } from './decompress.js';

/** ~24 MB of text-like, compressible-but-not-trivially data (several of the worker's 4 MiB output buffers) */
function sample(bytes: number): Buffer {
  const b = Buffer.allocUnsafe(bytes);
  let x = 12345;
  for (let i = 0; i < bytes; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = (x >>> 16) % 7 === 0 ? 0x0a : 0x61 + ((x >>> 8) % 26);
  }
  return b;
}

/** `data` as a stream of chunks of the given sizes (cycled); `views` makes every chunk a view into one big buffer */
function chunked(data: Buffer, sizes: number[], views = false): Readable {
  const parts: Buffer[] = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = Math.min(sizes[i % sizes.length], data.length - at);
    parts.push(views ? data.subarray(at, at + n) : Buffer.from(data.subarray(at, at + n)));
    at += n;
  }
  return Readable.from(parts, { objectMode: false });
}

async function collect(s: Readable): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of s as AsyncIterable<Buffer>) out.push(c);
  return Buffer.concat(out);
}

async function nodeError(gz: Buffer): Promise<Error & { code?: string }> {
  const g = createGunzip();
  const p = collect(Readable.from([gz]).pipe(g));
  return p.then(
    () => assert.fail('Node accepted the input'),
    (e) => e,
  );
}

const text = sample(24 * 1024 * 1024);
const gz = gzipSync(text, { level: 6 });

test('chunks given back are lent again: the bytes stay exact; a chunk given back twice or not the worker’s is ignored', async () => {
  const hash = createHash('sha256');
  let n = 0;
  const before = outputBuffersAllocated();
  for await (const c of gunzipOnWorker(chunked(gz, [1 << 20])) as AsyncIterable<Buffer>) {
    hash.update(c);
    n++;
    recycleChunk(c);
    // twice would lend one buffer twice (its transfer throws); a foreign one would be handed to the worker
    recycleChunk(c);
    recycleChunk(Buffer.alloc(1 << 20));
  }
  assert.equal(hash.digest('hex'), createHash('sha256').update(text).digest('hex'));
  assert.ok(n >= 24 && outputBuffersAllocated() - before <= 8, `${n} chunks, ${outputBuffersAllocated() - before} buffers allocated`);
});

test('worker gunzip gives exactly gunzipSync’s bytes, whatever the input chunking', async () => {
  assert.ok(useGunzipWorker(64 * 1024 * 1024), 'this Node has the synchronous zlib handle');
  // (one chunk of the whole blob is larger than the worker's input ring: it goes in as the ring frees up)
  for (const [sizes, views] of [[[1 << 20], false], [[1, 7, 65536, 300_000], true], [[gz.length], false]] as const) {
    const got = await collect(gunzipOnWorker(chunked(gz, [...sizes], views)));
    assert.ok(got.equals(text), `chunks ${sizes.join(',')}${views ? ' (views of one buffer)' : ''}`);
  }
});

test('concatenated gzip members are read through, as Node’s gunzip does', async () => {
  const a = sample(100_000);
  const b = Buffer.from('second member\n');
  const both = Buffer.concat([gzipSync(a), gzipSync(b)]);
  const got = await collect(gunzipOnWorker(chunked(both, [4096])));
  assert.ok(got.equals(gunzipSync(both)));
  assert.ok(got.equals(Buffer.concat([a, b])));
});

test('truncated and corrupt input fail with zlib’s own message and code', async () => {
  for (const bad of [gz.subarray(0, gz.length >> 1), Buffer.concat([gz.subarray(0, 1000), Buffer.alloc(2000, 0xff)]), Buffer.from([0x1f, 0x8b, 9, 9, 9, 9])]) {
    const want = await nodeError(bad);
    await assert.rejects(collect(gunzipOnWorker(chunked(bad, [65536]))), (e: Error & { code?: string }) => {
      assert.equal(e.message, want.message);
      assert.equal(e.code, want.code);
      return true;
    });
  }
});

test('a source error reaches the reader as the same error; a source destroyed silently is a premature close', async () => {
  const boom = new Error('digest mismatch, say');
  const failing = new Readable({ read() {} });
  const out = gunzipOnWorker(failing);
  failing.push(gz.subarray(0, 100_000));
  setImmediate(() => failing.destroy(boom));
  await assert.rejects(collect(out), (e) => e === boom);

  const quiet = new Readable({ read() {} });
  const out2 = gunzipOnWorker(quiet);
  quiet.push(gz.subarray(0, 100_000));
  setImmediate(() => quiet.destroy());
  await assert.rejects(collect(out2), (e: Error & { code?: string }) => e.code === 'ERR_STREAM_PREMATURE_CLOSE');
});

test('a reader that stops is not run over: a decompression bomb stays within the window', async () => {
  const zeros = gzipSync(Buffer.alloc(96 * 1024 * 1024)); // ~95 KB in, 96 MB out
  const out = gunzipOnWorker(chunked(zeros, [16384]));
  const first = await new Promise<Buffer>((resolve) => out.once('data', resolve));
  out.pause();
  await sleep(300);
  assert.ok(first.length > 0);
  // the buffers lent to the worker (6 × 1 MiB) plus less than one more in the stream
  assert.ok(out.readableLength <= 8 * 1024 * 1024, `buffered ${out.readableLength} bytes`);
  out.destroy();
  await once(out, 'close');
  // the worker dropped that stream and still serves the next one
  assert.ok((await collect(gunzipOnWorker(chunked(gzipSync(Buffer.from('after')), [3])))).equals(Buffer.from('after')));
});

test('a stream left unread does not keep the process alive', () => {
  const probe = `import { gunzipOnWorker } from ${JSON.stringify(new URL('./gunzip-worker.ts', import.meta.url).href)};
    import { gzipSync } from 'node:zlib'; import { Readable } from 'node:stream';
    const out = gunzipOnWorker(Readable.from([gzipSync(Buffer.alloc(64 << 20))]));
    out.once('data', (c) => { out.pause(); console.log('got', c.length > 0); });`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.signal, null, 'the process had to be killed');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'got true');
});

test('buffers lent to the worker and left unfilled serve the next layers', async (t) => {
  // Left in the worker they waited for its rare garbage collections: over hundreds of layers RSS settled ~25 MB
  // higher. 50 layers of 3 MiB fill 150 buffers of 1 MiB; without reuse each layer also allocated the ones it did
  // not fill (450 allocations in all), with reuse about 300.
  const gz3 = gzipSync(Buffer.alloc(3 << 20, 7));
  const spy = t.mock.method(Buffer, 'allocUnsafeSlow');
  for (let i = 0; i < 50; i++) for await (const c of gunzipOnWorker(Readable.from([gz3]))) void c;
  const allocs = spy.mock.calls.filter((c) => c.arguments[0] === 1 << 20).length;
  assert.ok(allocs >= 150 && allocs <= 350, `${allocs} buffers allocated`);
});

test('streams interleave on the one worker without mixing their bytes', async () => {
  const a = sample(6_000_000);
  const b = Buffer.from(sample(5_000_000).map((x) => x ^ 0x20));
  const [ga, gb] = await Promise.all([collect(gunzipOnWorker(chunked(gzipSync(a), [70_000]))), collect(gunzipOnWorker(chunked(gzipSync(b), [50_000])))]);
  assert.ok(ga.equals(a));
  assert.ok(gb.equals(b));
});

test('small or unsized blobs stay on the main thread until the worker runs; then every gzip layer goes to it', async () => {
  // a fresh process, where no worker has been started yet
  const probe = `import { useGunzipWorker } from ${JSON.stringify(new URL('./gunzip-worker.ts', import.meta.url).href)};
    console.log(JSON.stringify([useGunzipWorker(1000), useGunzipWorker(undefined), useGunzipWorker(32 * 1024 * 1024)]));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [false, false, true]);
  // here the worker runs (tests above): any size goes to it, through decompressLayer as through the walk
  assert.equal(useGunzipWorker(10), true);
  const { stream, compression } = await decompressLayer(chunked(gz, [1 << 20]), { sizeHint: 10 });
  assert.equal(compression, 'gzip');
  assert.ok((await collect(stream)).equals(text));
});
