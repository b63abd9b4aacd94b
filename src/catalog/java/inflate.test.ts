import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { inflateRawSmall } from './inflate.js';

let seed = 987654321;
const rnd = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) >>> 8) % n;

function sample(kind: number, size: number): Buffer {
  const b = Buffer.alloc(size);
  if (kind === 0) for (let i = 0; i < size; i++) b[i] = rnd(256); // incompressible: stored blocks
  else if (kind === 1) for (let i = 0; i < size; i++) b[i] = 97 + rnd(4); // small alphabet
  else if (kind === 2) {
    const words = ['Manifest-Version: 1.0\n', 'groupId=org.example\n', 'version=1.2.3\n', 'Implementation-Title: x\n', '\0\0\0\0'];
    let s = '';
    while (s.length < size) s += words[rnd(words.length)];
    b.write(s.slice(0, size), 'latin1');
  } else if (kind === 3) b.fill(rnd(256)); // long runs: maximal match lengths and distance 1
  else {
    // segments of random and of repetitive bytes: stored blocks right after Huffman-coded ones and back
    for (let i = 0; i < size; ) {
      const n = Math.min(size - i, 200 + rnd(20000));
      if (rnd(2) === 0) for (let k = 0; k < n; k++) b[i + k] = rnd(256);
      else b.fill(97 + rnd(3), i, i + n);
      i += n;
    }
  }
  return b;
}

// this Node has the synchronous handle (else inflateRawSmall returns undefined and the callers' zlib path serves)
const inflate = (input: Uint8Array, max: number): Buffer => {
  const out = inflateRawSmall(input, max);
  assert.ok(out, 'the kept zlib handle is available');
  return out;
};

test('inflateRawSmall agrees with zlib on valid streams', () => {
  const strategies = [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FILTERED];
  for (let i = 0; i < 3000; i++) {
    const size = i < 10 ? i : rnd(i % 10 === 0 ? 70000 : 3000);
    const data = sample(rnd(5), size);
    const z = deflateRawSync(data, { level: rnd(10), strategy: strategies[rnd(strategies.length)], memLevel: 1 + rnd(9) });
    assert.deepEqual(inflate(z, size), data, `case ${i}`);
    if (size > 0) assert.throws(() => inflate(z, size - 1), /exceeds|end/, `bound, case ${i}`);
  }
});

test('inflateRawSmall: a stored block right after Huffman-coded ones (a sync flush) and data after it', () => {
  for (let i = 0; i < 500; i++) {
    const a = sample(1 + rnd(3), rnd(3000));
    const b = sample(rnd(5), rnd(3000));
    // a sync flush ends with an empty stored block, byte-aligned: the second stream continues after it
    const z = Buffer.concat([deflateRawSync(a, { level: 1 + rnd(9), finishFlush: constants.Z_SYNC_FLUSH }), deflateRawSync(b, { level: rnd(10) })]);
    const want = Buffer.concat([a, b]);
    assert.deepEqual(inflateRawSync(z), want, `zlib, case ${i}`);
    assert.deepEqual(inflate(z, want.length), want, `case ${i}`);
  }
});

test('inflateRawSmall throws or agrees with zlib on damaged streams', () => {
  let agreed = 0;
  for (let i = 0; i < 20000; i++) {
    const size = rnd(2000);
    const z = Buffer.from(deflateRawSync(sample(rnd(4), size), { level: rnd(10) }));
    const flips = 1 + rnd(3);
    for (let k = 0; k < flips && z.length > 0; k++) z[rnd(z.length)] ^= 1 << rnd(8);
    const cut = rnd(4) === 0 ? z.subarray(0, rnd(z.length + 1)) : z;
    let mine: Buffer | undefined;
    try {
      mine = inflate(cut, 4096);
    } catch {
      continue;
    }
    let theirs: Buffer | undefined;
    try {
      theirs = inflateRawSync(cut, { maxOutputLength: 4096 });
    } catch {
      /* zlib refuses what the kept handle accepted: the caller's CRC check and zlib fallback decide */
      continue;
    }
    assert.deepEqual(mine, theirs, `case ${i}`);
    agreed++;
  }
  assert.ok(agreed > 100);
});

test('after a damaged stream the kept handle inflates the next one right', () => {
  const good = Buffer.from('groupId=org.example\nartifactId=x\nversion=1.0\n');
  const z = deflateRawSync(good);
  for (const bad of [z.subarray(0, 5), Buffer.from([0xff, 0xff, 0xff]), deflateRawSync(Buffer.alloc(5000))]) {
    assert.throws(() => inflateRawSmall(bad, 100));
    assert.deepEqual(inflateRawSmall(z, good.length), good);
  }
});
