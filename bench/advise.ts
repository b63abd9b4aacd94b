// Advice cost: one cold scan of a base image vs. advice for it (base + 5 candidates sharing most layers)
// with a warm layer cache. Target: advice < 2x the single scan. Run: node --import tsx bench/advise.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRegistry } from '../test/helpers/registry.js';
import { buildStore } from '../src/vulndb/test-store.js';
import { scanImage } from '../src/scan/scan-image.js';
import { createLayerCache } from '../src/scan/layer-cache.js';
import { adviseBase } from '../src/advise/advise.js';
import { ADVISORIES, buildFamily, familyDataMissing, familyPushOrder, pushTags } from '../src/advise/test-family.js';

export interface AdviseBenchResult {
  coldScanMs: number;
  warmAdviceMs: number;
  ratio: number;
  candidates: number;
  layerBlobsFetchedWarm: number;
}

export async function runAdviseBench(rounds = 3): Promise<AdviseBenchResult> {
  const missing = familyDataMissing();
  if (missing) throw new Error(missing);
  const fam = await buildFamily();
  const reg = await startRegistry();
  const { store } = await buildStore(ADVISORIES);
  const cacheDir = mkdtempSync(join(tmpdir(), 'drydock-advise-bench-'));
  try {
    await pushTags(fam.layout, reg.host, 'lib/app', familyPushOrder());
    // pinned to the pre-rebuild digest: refresh + minor + major + 2 alternatives = 5 candidates
    const base = { image: `${reg.host}/lib/app:8.5.21-jdk8@${fam.digests['8.5.21-jdk8-old']}`, source: 'argument' as const };
    const open = { insecure: true };
    let cold = Infinity;
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await scanImage(`docker://${base.image}`, { ...open, store, scanners: ['vuln'] });
      cold = Math.min(cold, performance.now() - t);
    }
    await adviseBase(base, { store, open, layerCache: createLayerCache({ dir: cacheDir, namespace: 'vuln' }) }); // warm the disk cache
    let warm = Infinity;
    let candidates = 0;
    let fetched = 0;
    for (let i = 0; i < rounds; i++) {
      const blobs: string[] = [];
      const t = performance.now();
      // a new process would start with only the disk cache: so does each round
      const a = await adviseBase(base, { store, open: { ...open, onBlobFetch: (d) => blobs.push(d) }, layerCache: createLayerCache({ dir: cacheDir, namespace: 'vuln' }) });
      warm = Math.min(warm, performance.now() - t);
      candidates = a.candidatesScanned ?? 0;
      fetched = blobs.length;
    }
    return { coldScanMs: Math.round(cold), warmAdviceMs: Math.round(warm), ratio: Number((warm / cold).toFixed(2)), candidates, layerBlobsFetchedWarm: fetched };
  } finally {
    store.close();
    await reg.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runAdviseBench();
  console.log(`single cold scan ${r.coldScanMs} ms; advice (base + ${r.candidates} candidates, warm cache) ${r.warmAdviceMs} ms; ratio ${r.ratio} (target < 2); blobs fetched warm: ${r.layerBlobsFetchedWarm} (configs only)`);
}
