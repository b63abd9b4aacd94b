// `drydock sbom` end to end (not a test): the CLI's wall time over the ≥300 MB walk layout divided by
// `gzip -dc` over the same blobs in the same run, plus the CLI process's peak RSS (GNU time).
// The CLI is measured as installed (`npm ci` runs the "prepare" script, which bundles it into dist/): the bundle is
// rebuilt first, so that edits in the checkout do not silently turn this into a measurement of the tsx fallback.
// Run: node --import tsx bench/sbom.ts
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const repo = fileURLToPath(new URL('../', import.meta.url));
const TARGET_RATIO = 1.3;
const TARGET_RSS_MB = 200;

function layout(): { blobs: string[]; uncompressed: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'bench/walk.ts'), '--generate'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`layout generation failed (exit ${r.status})`);
  return JSON.parse(r.stdout);
}

function timed(cmd: string, args: string[]): Promise<{ ms: number; rssMb: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    // GNU time prints the child's max RSS (KiB) as the last stderr line
    const p = spawn('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${cmd} exited ${code}: ${err.slice(-500)}`));
      const kib = Number(err.trim().split('\n').pop());
      resolve({ ms: performance.now() - t0, rssMb: kib / 1024 });
    });
  });
}

export async function runSbomBench(rounds = 3): Promise<{ ratio: number; rssMb: number }> {
  const { blobs, uncompressed } = layout();
  if (spawnSync(process.execPath, [join(repo, 'scripts/build-cli.mjs'), '--quiet', '--strict'], { cwd: repo, stdio: 'inherit' }).status !== 0) {
    throw new Error('CLI bundle build failed');
  }
  const gzipArgs = ['-c', `for f in ${blobs.map((b) => `'${b}'`).join(' ')}; do gzip -dc "$f"; done > /dev/null`];
  const sbomArgs = [join(repo, 'bin/drydock.js'), 'sbom', `oci:${join(repo, '.cache/bench/walk-layout')}`, '--format', 'cyclonedx', '-o', '/dev/null', '--quiet'];
  let best = { gzip: Infinity, sbom: Infinity, rss: 0 };
  for (let i = 0; i < rounds; i++) {
    const g = await timed('sh', gzipArgs);
    const s = await timed(process.execPath, sbomArgs);
    best = { gzip: Math.min(best.gzip, g.ms), sbom: Math.min(best.sbom, s.ms), rss: Math.max(best.rss, s.rssMb) };
  }
  const ratio = best.sbom / best.gzip;
  console.log(`sbom: ${blobs.length} layers, ${(uncompressed / 2 ** 20).toFixed(0)} MiB uncompressed`);
  console.log(`gzip -dc: ${best.gzip.toFixed(0)} ms   drydock sbom (whole CLI process, incl. start-up, dist/ bundle): ${best.sbom.toFixed(0)} ms`);
  console.log(`ratio sbom/gzip: ${ratio.toFixed(2)} (target <= ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'OK' : 'MISSED'}`);
  console.log(`peak RSS of drydock sbom: ${best.rss.toFixed(0)} MB (target < ${TARGET_RSS_MB}) ${best.rss < TARGET_RSS_MB ? 'OK' : 'MISSED'}`);
  return { ratio, rssMb: best.rss };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runSbomBench();
