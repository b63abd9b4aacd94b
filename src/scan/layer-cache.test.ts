import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLayerCache } from './layer-cache.js';
import type { LayerAnalysis } from '../image/layer/types.js';
import { makeTempDir } from '../../test/helpers/tmp.js';

const analysis = (n: number): LayerAnalysis => ({
  index: n,
  diffId: `sha256:${n}`,
  files: [{ path: '/etc/os-release', kind: 'file', mode: 0o644, uid: 0, gid: 0, size: 3 }],
  whiteouts: ['/tmp/x'],
  opaqueDirs: [],
  contents: new Map([['/etc/os-release', Buffer.from([0, 1, 255])]]),
  parsed: new Map([['/lib/apk/db/installed', [{ name: 'musl', version: '1.2', type: 'apk', purl: '', licenses: [], foundBy: 'apk', locations: [{ path: '/lib/apk/db/installed' }] }]]]),
  warnings: [],
});

test('disk round trip keeps Buffers and Maps; namespaces and corrupt entries are misses; size is bounded', async () => {
  const dir = makeTempDir('drydock-lc-');
  await createLayerCache({ dir, namespace: 'vuln' }).set('sha256:1:1', analysis(1));
  const fresh = createLayerCache({ dir, namespace: 'vuln' });
  const got = await fresh.get('sha256:1:1');
  assert.deepEqual(got, analysis(1));
  assert.ok(Buffer.isBuffer(got?.contents.get('/etc/os-release')));
  assert.equal(await createLayerCache({ dir, namespace: 'vuln,config' }).get('sha256:1:1'), undefined);
  assert.equal(await fresh.get('sha256:2:1'), undefined);
  assert.deepEqual(fresh.stats, { hits: 1, misses: 1, writes: 0 });

  const [file] = readdirSync(join(dir, 'layers'));
  writeFileSync(join(dir, 'layers', file), '{"format":1,"key":"sha256:1:1","analysis":{"files":');
  assert.equal(await createLayerCache({ dir, namespace: 'vuln' }).get('sha256:1:1'), undefined);

  const small = createLayerCache({ dir, namespace: 'b', maxDiskBytes: 1500, maxMemoryEntries: 1 });
  for (let i = 0; i < 6; i++) await small.set(`k${i}`, analysis(i));
  assert.ok(readdirSync(join(dir, 'layers')).length < 6, 'old entries pruned');
  assert.deepEqual(await small.get('k5'), analysis(5));
});

test('a write that fails leaves no temp file in the cache directory', async () => {
  const dir = makeTempDir('drydock-lc-');
  const entry = `${createHash('sha256').update('vuln\0sha256:1:1').digest('hex')}.json`;
  mkdirSync(join(dir, 'layers', entry, 'blocker'), { recursive: true }); // a directory where the entry goes: rename fails
  const cache = createLayerCache({ dir, namespace: 'vuln' });
  await cache.set('sha256:1:1', analysis(1)); // never throws: a cache that cannot be written only costs time
  assert.deepEqual(readdirSync(join(dir, 'layers')), [entry]);
  assert.deepEqual(await cache.get('sha256:1:1'), analysis(1), 'still served from memory');
});
