import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LinkArena } from './link-arena.js';

for (const cap of [1000, 300_000]) test(`the ring returns the last bytes put for a path, or nothing once they were overwritten: never stale bytes (capacity ${cap}: ${cap < 65536 ? 'one buffer' : 'grown while it fills'})`, () => {
  // deterministic pseudo-random sizes (0, tiny, near the capacity, above it) and re-used paths
  let seed = 7;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const arena = new LinkArena(cap);
  const last = new Map<string, Buffer>();
  const order: string[] = [];
  for (let i = 0; i < 20000; i++) {
    const path = `/p${rnd(300)}`;
    const size = [0, rnd(20), rnd(cap * 0.3), cap - rnd(3), cap + 1][rnd(5)];
    const content = Buffer.alloc(size, i % 251);
    if (size > 0) content[0] = i & 0xff;
    arena.put(path, content);
    last.set(path, content);
    order.push(path);
    // what was just put (and fits) is there
    if (size <= cap) assert.deepEqual(arena.get(path), content);
    else assert.equal(arena.get(path), undefined);
    if (i % 7 === 0) {
      const src = arena.get(order[rnd(order.length)]);
      // a hardlink's bytes put back in from the ring itself
      if (src) {
        const link = `/link${rnd(50)}`;
        last.set(link, Buffer.from(src));
        arena.put(link, src);
        assert.deepEqual(arena.get(link), last.get(link));
      }
    }
    for (const p of [path, order[rnd(order.length)]]) {
      const got = arena.get(p);
      if (got) assert.deepEqual(got, last.get(p), `${p} at step ${i}`);
    }
  }
});

test('recent small files stay while the ring has room; one allocation for all of them', () => {
  // 40 records of 100 bytes and a 4-byte header each
  const arena = new LinkArena(40 * 104);
  for (let i = 0; i < 40; i++) arena.put(`/f${i}`, Buffer.from(`file ${i}`.padEnd(100, '.')));
  for (let i = 0; i < 40; i++) assert.equal(arena.get(`/f${i}`)?.toString().trimEnd(), `file ${i}`.padEnd(100, '.'));
  const backing = arena.get('/f0')!.buffer;
  assert.ok(Array.from({ length: 40 }, (_, i) => arena.get(`/f${i}`)!.buffer).every((b) => b === backing));
  // the next 4 KiB push the oldest out, not the newest
  for (let i = 40; i < 80; i++) arena.put(`/f${i}`, Buffer.alloc(100, i));
  assert.equal(arena.get('/f0'), undefined);
  assert.deepEqual(arena.get('/f79'), Buffer.alloc(100, 79));
  assert.deepEqual(arena.get('/empty') ?? 'absent', 'absent');
  arena.put('/empty', Buffer.alloc(0));
  assert.deepEqual(arena.get('/empty'), Buffer.alloc(0));
});

test('the ring grows with what is put, up to its capacity: a few small files do not take all of it', () => {
  const arena = new LinkArena(8 * 1024 * 1024);
  arena.put('/a', Buffer.from('a few bytes'));
  assert.ok(arena.get('/a')!.buffer.byteLength <= 64 * 1024, 'one small file: a small ring');
  // 1 MiB of records over several growths: every one still there, in a ring well short of 8 MiB
  for (let i = 0; i < 1024; i++) arena.put(`/f${i}`, Buffer.alloc(1020, i));
  assert.equal(arena.get('/a')?.toString(), 'a few bytes');
  for (let i = 0; i < 1024; i++) assert.deepEqual(arena.get(`/f${i}`), Buffer.alloc(1020, i), `/f${i}`);
  assert.ok(arena.get('/a')!.buffer.byteLength <= 2 * 1024 * 1024, `${arena.get('/a')!.buffer.byteLength} bytes`);
});
