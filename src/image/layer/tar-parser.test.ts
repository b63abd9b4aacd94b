import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Parser } from 'tar';
import { TarParser, checksumOk, isReusedBody } from './tar-parser.js';
import { rawTar } from '../../../test/helpers/raw-tar.js';

const images = fileURLToPath(new URL('../../../.cache/images/', import.meta.url));

/** name, type, size, mode, link target of every entry, as node-tar (the reference) reads them */
function referenceEntries(tar: Buffer): string[] {
  const out: string[] = [];
  const p = new Parser({
    onReadEntry: (e) => {
      const type = e.type === 'File' || e.type === 'OldFile' || e.type === 'ContiguousFile' ? 'file' : e.type === 'Directory' ? 'dir' : e.type === 'SymbolicLink' ? 'symlink' : e.type === 'Link' ? 'hardlink' : 'other';
      out.push(`${e.path} ${type} ${type === 'file' ? e.size : 0} ${(e.mode ?? 0) & 0o7777} ${e.linkpath ?? ''}`);
      e.resume();
    },
  });
  p.end(tar);
  return out;
}

function ours(tar: Buffer, chunk: number): string[] {
  const out: string[] = [];
  const parser = new TarParser((h) => {
    out.push(`${h.name} ${h.type} ${h.type === 'file' ? h.size : 0} ${h.mode} ${h.linkName}`);
    return false;
  });
  for (let i = 0; i < tar.length; i += chunk) parser.write(tar.subarray(i, i + chunk));
  assert.equal(parser.end(), undefined);
  return out;
}

test('every entry of the fixture images reads as node-tar reads it, whether headers arrive whole or split', (t) => {
  const fixtures = join(images, 'fixtures.json');
  if (!existsSync(fixtures)) return t.skip('fixture images not built (bash test/tools/build-images.sh .cache/images)');
  const layers = new Set<string>();
  // (a multi-platform index lists no layers of its own)
  for (const img of JSON.parse(readFileSync(fixtures, 'utf8')).images as Array<{ layers?: Array<{ digest: string; mediaType: string }> }>) {
    for (const l of img.layers ?? []) if (l.mediaType.endsWith('gzip')) layers.add(l.digest.slice(7));
  }
  assert.ok(layers.size > 0);
  let entries = 0;
  for (const digest of layers) {
    const tar = gunzipSync(readFileSync(join(images, 'oci/blobs/sha256', digest)));
    const want = referenceEntries(tar);
    // 4 MiB: nearly every header lies whole in a chunk; 700 bytes: most are split between two
    for (const chunk of [4 * 1024 * 1024, 700]) assert.deepEqual(ours(tar, chunk), want, `layer ${digest}, chunks of ${chunk}`);
    entries += want.length;
  }
  assert.ok(entries > 1000, `${entries} entries compared`);
});

/** POSIX: the sum of the header's bytes with the checksum field read as spaces; old tars summed signed chars. */
function referenceSums(h: Buffer): [number, number] {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const c = i >= 148 && i < 156 ? 0x20 : h[i];
    unsigned += c;
    signed += c > 127 ? c - 256 : c;
  }
  return [unsigned, signed];
}

test('header checksums: unsigned and signed (old tar) sums accepted, any other value refused', () => {
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
  for (let n = 0; n < 300; n++) {
    const h = Buffer.alloc(512 + 3);
    const o = n % 4; // headers at any alignment inside a chunk
    const high = n % 3 === 0;
    for (let i = 0; i < 512; i++) h[o + i] = n % 5 === 0 ? 0 : high ? rnd() : rnd() & 0x7f;
    const [unsigned, signed] = referenceSums(h.subarray(o, o + 512));
    for (const [sum, ok] of [[unsigned, true], [signed, true], [unsigned + 1, false], [unsigned - 256, unsigned - 256 === signed]] as const) {
      if (sum < 0) continue;
      h.write(sum.toString(8).padStart(6, '0') + '\0 ', o + 148, 'latin1');
      assert.equal(checksumOk(h, o), ok, `header ${n} sum ${sum}`);
    }
  }
});

/** Every collected entry's name and a copy of its content, drained after each write as the walk does. */
function collectAll(tar: Buffer, chunk: number, reuseBodies: boolean): { got: [string, Buffer][]; backings: Set<ArrayBufferLike>; reused: number } {
  const got: [string, Buffer][] = [];
  const backings = new Set<ArrayBufferLike>();
  let reused = 0;
  const parser = new TarParser((h) => h.type === 'file', undefined, { reuseBodies });
  for (let i = 0; i < tar.length; i += chunk) {
    const piece = tar.subarray(i, i + chunk);
    parser.write(piece);
    for (const c of parser.completed.splice(0)) {
      got.push([c.header.name, Buffer.from(c.content)]);
      // views of the written chunk are not allocations
      if (c.content.buffer !== tar.buffer && c.content.length > 0) backings.add(c.content.buffer);
      if (isReusedBody(c.content)) reused++;
    }
  }
  assert.equal(parser.end(), undefined);
  return { got, backings, reused };
}

test('reused body buffers: every content as without them, bodies that span chunks in two buffers at most per size', () => {
  let seed = 11;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  // sizes around the chunk sizes below, long names (pax headers that span chunks too) and growing sizes
  const entries = Array.from({ length: 300 }, (_, i) => {
    const size = [0, rnd(600), 700 + rnd(3000), 5000 + rnd(60000), 200_000 + rnd(400_000)][rnd(5)];
    const data = Buffer.alloc(size);
    for (let k = 0; k < size; k += 97) data[k] = (i * 31 + k) & 0xff;
    const name = `f${i}-${'n'.repeat(rnd(3) === 0 ? 300 : 5)}`;
    // names past the header's 100 bytes go in a pax header, some with a comment that makes it span chunks
    return { name, data, ...(name.length > 100 && { pax: { path: name, comment: 'c'.repeat(rnd(2000)) } }) };
  });
  const tar = rawTar(entries);
  const want = entries.map((e) => [e.name, e.data] as [string, Buffer]);
  for (const chunk of [700, 4096, 65536, 1024 * 1024]) {
    const own = collectAll(tar, chunk, false);
    const reused = collectAll(tar, chunk, true);
    // (names of the entries that differ: a diff of the buffers themselves would be megabytes)
    const differing = (got: [string, Buffer][]): string[] => want.filter(([n, b], i) => got[i]?.[0] !== n || !got[i][1].equals(b)).map(([n]) => n.slice(0, 12));
    assert.equal(own.got.length, want.length);
    assert.equal(reused.got.length, want.length);
    assert.deepEqual(differing(own.got), [], `chunks of ${chunk}, own buffers`);
    assert.deepEqual(differing(reused.got), [], `chunks of ${chunk}, reused buffers`);
    assert.equal(own.reused, 0);
    if (chunk < 1024 * 1024) {
      assert.ok(reused.reused > 20, `${reused.reused} bodies in reused buffers (chunks of ${chunk})`);
      // two buffers, each grown a few times (doubling from 256 KiB to the largest body)
      assert.ok(reused.backings.size <= 8, `${reused.backings.size} buffers behind ${reused.reused} bodies`);
      assert.ok(own.backings.size > 20, `without reuse, ${own.backings.size} buffers`);
    }
  }
});

test('reused body buffers: a body completed in a write is intact although the next body begins in the same write', () => {
  // a: 1,000 bytes spanning the first two chunks; b begins in the second chunk and spans into the third
  const a = Buffer.alloc(1000, 0x61);
  const b = Buffer.alloc(1500, 0x62);
  const tar = rawTar([
    { name: 'a', data: a },
    { name: 'b', data: b },
  ]);
  const parser = new TarParser(() => true, undefined, { reuseBodies: true });
  parser.write(tar.subarray(0, 1024)); // a's header and 512 bytes of it
  assert.equal(parser.completed.length, 0);
  parser.write(tar.subarray(1024, 2560)); // the rest of a (and its padding), b's header and its first 512 bytes
  assert.deepEqual(
    parser.completed.map((c) => [c.header.name, c.content.equals(a), isReusedBody(c.content)]),
    [['a', true, true]],
  );
  parser.completed.length = 0;
  parser.write(tar.subarray(2560));
  assert.deepEqual(
    parser.completed.map((c) => [c.header.name, c.content.equals(b), isReusedBody(c.content)]),
    [['b', true, true]],
  );
});
