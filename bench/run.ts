// `npm run bench`: every performance figure the issues name, each measured against a baseline in the same run.
// Run one with `npm run bench -- walk` (names: walk, sbom, catalog, vulndb, config, advise, admission).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Bench = { name: string; file: string; run: () => Promise<unknown> };

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const benches: Bench[] = [
  { name: 'walk', file: 'walk.ts', run: async () => (await import('./walk.js')).runWalkBench() },
  { name: 'sbom', file: 'sbom.ts', run: async () => (await import('./sbom.js')).runSbomBench() },
  { name: 'catalog', file: 'catalog.ts', run: async () => (await import('./catalog.js')).runCatalogBench() },
  { name: 'vulndb', file: 'vulndb.ts', run: async () => (await import('./vulndb.js')).runVulndbBench() },
  { name: 'config', file: 'config.ts', run: async () => (await import('./config.js')).runConfigBench() },
  { name: 'advise', file: 'advise.ts', run: async () => (await import(here('./advise.ts'))).runAdviseBench() },
  { name: 'admission', file: 'admission.ts', run: async () => (await import(here('./admission.ts'))).runAdmissionBench() },
];

const only = process.argv.slice(2);
const results: Record<string, unknown> = {};
for (const b of benches) {
  if (only.length && !only.includes(b.name)) continue;
  if (!existsSync(here(`./${b.file}`))) {
    console.log(`\n== ${b.name}: not present, skipped`);
    continue;
  }
  console.log(`\n== ${b.name}`);
  try {
    results[b.name] = await b.run();
  } catch (e) {
    console.log(`${b.name} failed: ${e instanceof Error ? e.message : String(e)}`);
    results[b.name] = { error: String(e) };
  }
}
console.log('\n== summary');
console.log(JSON.stringify(results, null, 2));
