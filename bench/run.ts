// `npm run bench`: every performance figure the issues name, each measured against a baseline in the same run.
// Each benchmark runs in its own process (clean peak-RSS figures) and prints its figures and verdicts.
// Run some with `npm run bench -- walk sbom` (names: walk, sbom, catalog, vulndb, config, advise, admission).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const NAMES = ['walk', 'sbom', 'catalog', 'vulndb', 'config', 'advise', 'admission'];
const only = process.argv.slice(2);
const chosen = NAMES.filter((n) => only.length === 0 || only.includes(n));
const outcome: string[] = [];
console.log(`drydock benchmarks on ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}; figures are best-of-N where noted`);
for (const name of chosen) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    outcome.push(`${name}: not present`);
    continue;
  }
  console.log(`\n== ${name}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  outcome.push(`${name}: ${r.status === 0 ? 'ran' : `exit ${r.status} (a target missed or the bench failed)`} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
console.log(`\n== done (load ${loadavg()[0].toFixed(1)})\n${outcome.join('\n')}`);
