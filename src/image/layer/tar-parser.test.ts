import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Parser } from 'tar';
import { TarParser, checksumOk } from './tar-parser.js';

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
