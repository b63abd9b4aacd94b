// Advice against a real registry holding a tag family built from Alpine minirootfs tars and fake Tomcat layers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from '../../test/helpers/registry.js';
import { makeTempDir } from '../../test/helpers/tmp.js';
import { buildStore } from '../vulndb/test-store.js';
import type { VulnStore } from '../vulndb/types.js';
import { scanTarget } from '../scan/scan-target.js';
import { createLayerCache } from '../scan/layer-cache.js';
import { adviseBase } from './advise.js';
import { countFindings } from './counts.js';
import { ADVISORIES, buildFamily, familyDataMissing, familyPushOrder, pushTags } from './test-family.js';
import type { AdviceCounts } from './types.js';

const skip = familyDataMissing();
const REPO = 'lib/app';

describe('base-image advice over a local registry', { skip }, () => {
  let reg: TestRegistry;
  let store: VulnStore;
  let digests: Record<string, string>;
  const independent = new Map<string, AdviceCounts>();

  before(async () => {
    const fam = await buildFamily();
    digests = fam.digests;
    reg = await startRegistry();
    await pushTags(fam.layout, reg.host, REPO, familyPushOrder());
    store = (await buildStore(ADVISORIES)).store;
  });
  after(async () => {
    store?.close();
    await reg?.stop();
  });

  // counts through the plain scan pipeline (no cache, no advice code) to check advice against
  async function expected(tag: string): Promise<AdviceCounts> {
    const hit = independent.get(tag);
    if (hit) return hit;
    const report = await scanTarget({ kind: 'image', ref: `${reg.host}/${REPO}:${tag}`, open: { insecure: true } }, { scanners: ['vuln'], store });
    const c = countFindings(report.findings);
    independent.set(tag, c);
    return c;
  }

  test('a jdk8 base gets the newest 8.5 jdk8 tag as minor, 9.x jdk8 as major, the slim variant as alternative; the cache serves the second run', async () => {
    const cacheDir = makeTempDir('drydock-advise-cache-');
    const blobs: string[] = [];
    const open = { insecure: true, onBlobFetch: (d: string) => blobs.push(d) };
    const base = { image: `${reg.host}/${REPO}:8.5.21-jdk8`, source: 'dockerfile' as const };
    const first = await adviseBase(base, { store, open, layerCache: createLayerCache({ dir: cacheDir, namespace: 'vuln' }) });

    const byKind = Object.fromEntries(first.recommendations.map((r) => [r.kind, r]));
    assert.equal(byKind.minor?.image, `${reg.host}/${REPO}:8.5.97-jdk8`);
    assert.equal(byKind.major?.image, `${reg.host}/${REPO}:9.0.85-jdk8`);
    assert.equal(byKind.alternative?.image, `${reg.host}/${REPO}:8.5.97-jdk8-slim`);
    assert.equal(byKind.refresh, undefined, 'an unpinned base has nothing to refresh');
    // never another runtime, although 8.5.99-jdk11 is newer in the same 8.5 line
    assert.ok(first.recommendations.every((r) => !r.image.includes('jdk11')), first.recommendations.map((r) => r.image).join(', '));
    assert.ok(first.recommendations.every((r) => !/:(latest|bookworm-slim)$/.test(r.image)));

    assert.deepEqual(first.base.counts, await expected('8.5.21-jdk8'));
    assert.ok(first.base.counts.total >= 5 && first.base.counts.high >= 4, JSON.stringify(first.base.counts));
    for (const r of first.recommendations) {
      assert.deepEqual(r.counts, await expected(r.tag!), r.image);
      assert.equal(r.delta.total, r.counts.total - first.base.counts.total);
      assert.equal(r.digest, digests[r.tag!], `${r.tag} digest`);
      assert.ok(r.size! > 0 && r.reasons.length >= 2, r.image);
    }
    assert.ok(byKind.alternative.size! < byKind.minor.size! / 100, 'slim is much smaller');
    assert.match(first.summary[0], /^Base image .*:8\.5\.21-jdk8 has 5 vulnerabilities \(critical 0, high 4, medium 1, low 0\)\.$/);
    assert.match(first.summary.join('\n'), /Minor upgrade .*:8\.5\.97-jdk8: 0 critical, 0 high, 0 total \(-5\)\./);

    // remediation: Tomcat's lowest version fixing all its findings, and the upgrades that fix it
    const cat = first.remediation?.find((p) => p.package === 'org.apache.tomcat:tomcat-catalina');
    assert.ok(cat, JSON.stringify(first.remediation));
    assert.equal(cat.fixedVersion, '8.5.96');
    assert.deepEqual([...cat.fixedByUpgrade].sort(), ['alternative', 'major', 'minor']);

    // second run: a fresh in-memory cache over the same disk cache downloads no layer blob
    const before2 = blobs.length;
    const cache2 = createLayerCache({ dir: cacheDir, namespace: 'vuln' });
    const second = await adviseBase(base, { store, open, layerCache: cache2 });
    const layerBlobs = blobs.slice(before2).filter((d) => !isConfig(d));
    assert.deepEqual(layerBlobs, [], 'every layer came from the cache');
    assert.equal(cache2.stats.misses, 0);
    assert.ok(cache2.stats.hits >= 8, `hits ${cache2.stats.hits}`);
    assert.deepEqual(second.recommendations.map((r) => [r.kind, r.counts]), first.recommendations.map((r) => [r.kind, r.counts]));
    // the first run read the shared alpine layer once for four images that have it
    const alpineBlob = blobs.slice(0, before2).filter((d) => d === sharedAlpineBlob);
    assert.ok(sharedAlpineBlob && alpineBlob.length === 1, `alpine layer fetched ${alpineBlob.length} times`);
  });

  test('a pinned digest that the tag no longer points to is a refresh; --advice-candidates bounds the scans', async () => {
    const base = { image: `${reg.host}/${REPO}:8.5.21-jdk8@${digests['8.5.21-jdk8-old']}`, source: 'dockerfile' as const };
    const a = await adviseBase(base, { store, open: { insecure: true }, maxCandidates: 2, layerCache: createLayerCache() });
    assert.deepEqual(a.recommendations.map((r) => r.kind), ['refresh', 'minor']);
    const refresh = a.recommendations[0];
    assert.equal(refresh.digest, digests['8.5.21-jdk8']);
    assert.equal(refresh.image, `${reg.host}/${REPO}:8.5.21-jdk8@${digests['8.5.21-jdk8']}`);
    assert.deepEqual(a.base.counts, await expectedOld());
    assert.deepEqual(refresh.counts, await expected('8.5.21-jdk8'));
    assert.ok(refresh.delta.total < 0, 'the rebuild dropped the old openssl');
    assert.match(a.notes.join('\n'), /3 candidate\(s\) not scanned \(--advice-candidates 2\)/);
  });

  test('registry allow-list refuses other registries', async () => {
    await assert.rejects(
      adviseBase({ image: `${reg.host}/${REPO}:8.5.21-jdk8`, source: 'argument' }, { store, open: { insecure: true }, allowRegistries: ['registry.example.com'] }),
      /outside the allow-list/,
    );
  });

  async function expectedOld(): Promise<AdviceCounts> {
    const report = await scanTarget({ kind: 'image', ref: `${reg.host}/${REPO}@${digests['8.5.21-jdk8-old']}`, open: { insecure: true } }, { scanners: ['vuln'], store });
    return countFindings(report.findings);
  }

  let sharedAlpineBlob: string | undefined;
  let configs = new Set<string>();
  before(async () => {
    // configs and the shared alpine layer, from the layout the images were built in
    const { readFileSync } = await import('node:fs');
    const layout = (await buildFamily()).layout;
    const blob = (d: string) => JSON.parse(readFileSync(join(layout, 'blobs/sha256', d.slice(7)), 'utf8'));
    configs = new Set(Object.values(digests).map((d) => blob(d).config.digest as string));
    sharedAlpineBlob = blob(digests['8.5.97-jdk8']).layers[0].digest;
  });
  const isConfig = (d: string) => configs.has(d);
});
