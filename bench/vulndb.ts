// Vulnerability database benchmark: import rate, size per record and matching time on a synthetic
// 500k-record OSV export. Run: node --import tsx bench/vulndb.ts [records]
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Package } from '../src/sbom/model.js';
import { VulnStoreWriter } from '../src/vulndb/writer.js';
import { importPaths } from '../src/vulndb/import/index.js';
import { openVulnStore } from '../src/vulndb/store.js';
import { matchPackages } from '../src/match/match.js';
import { schemeForEcosystem } from '../src/match/ecosystems.js';
import { getScheme } from '../src/versioning/index.js';
import { BENCH_ECOSYSTEMS, PACKAGES_PER_ECOSYSTEM, benchPackageName, benchVersion, rng, writeSyntheticExport } from './synthetic-osv.js';

export interface VulndbBenchResult {
  records: number;
  zipBytes: number;
  generateSeconds: number;
  importSeconds: number;
  importRecordsPerSecond: number;
  importCpuSeconds: number;
  /** CPU time (all threads) per record: comparable across runs on a shared machine, unlike the rate */
  importCpuMicrosPerRecord: number;
  /** 1-minute load average before and after the import, and the cores available */
  loadBefore: number;
  loadAfter: number;
  cores: number;
  dbBytes: number;
  dbBytesPerRecord: number;
  matchPackages: number;
  matchFindings: number;
  matchMs: number;
  openMs: number;
  targets: { importRate: boolean; bytesPerRecord: boolean; match: boolean };
}

function benchPackages(n: number): Package[] {
  const r = rng(7);
  const ecos = BENCH_ECOSYSTEMS.filter((e) => getScheme(schemeForEcosystem(e.ecosystem) ?? ''));
  const pkgs: Package[] = [];
  for (let i = 0; i < n; i++) {
    const e = ecos[i % ecos.length];
    const name = benchPackageName(e.ecosystem, Math.floor(r() * PACKAGES_PER_ECOSYSTEM));
    const version = benchVersion(e.ecosystem, Math.floor(r() * 5), Math.floor(r() * 20), Math.floor(r() * 10));
    const os = e.type === 'deb' || e.type === 'apk';
    pkgs.push({ name, version, type: e.type, purl: '', licenses: [], locations: [], foundBy: 'bench', ...(os ? { sourceName: name } : {}) });
  }
  return pkgs;
}

export async function runVulndbBench(opts: { records?: number; dir?: string; log?: (s: string) => void } = {}): Promise<VulndbBenchResult> {
  const records = opts.records ?? 500_000;
  const log = opts.log ?? (() => {});
  const dir = opts.dir ?? join(process.cwd(), '.cache', 'bench');
  mkdirSync(dir, { recursive: true });
  const zip = join(dir, `osv-synthetic-${records}.zip`);
  let t = performance.now();
  if (!existsSync(zip)) writeSyntheticExport(zip, records);
  const generateSeconds = (performance.now() - t) / 1000;
  const zipBytes = statSync(zip).size;
  log(`synthetic export: ${records} records, ${(zipBytes / 1e6).toFixed(1)} MB (${generateSeconds.toFixed(1)} s)`);

  const dbPath = join(dir, 'vulndb-bench.db');
  rmSync(dbPath, { force: true });
  const loadBefore = loadavg()[0];
  t = performance.now();
  const cpu0 = process.cpuUsage();
  const w = VulnStoreWriter.open(dbPath, { fresh: true });
  const summary = await importPaths(w, [zip]);
  w.commit();
  const cpu = process.cpuUsage(cpu0);
  const importSeconds = (performance.now() - t) / 1000;
  const loadAfter = loadavg()[0];
  const dbBytes = statSync(dbPath).size;
  log(`import: ${summary.records} records in ${importSeconds.toFixed(1)} s = ${Math.round(summary.records / importSeconds)} records/s (cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s = ${Math.round((cpu.user + cpu.system) / summary.records)} µs/record; load ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${availableParallelism()} cores)`);
  log(`database: ${(dbBytes / 1e6).toFixed(1)} MB = ${Math.round(dbBytes / summary.records)} bytes/record`);

  // matching runs in a fresh process, as a scan would: open the database, match once
  const m = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--match-only', dbPath], { encoding: 'utf8' }),
  ) as { packages: number; findings: number; openMs: number; matchMs: number };
  const { matchMs, openMs } = m;
  const pkgs = { length: m.packages };
  const findings = { length: m.findings };
  log(`match (fresh process): ${pkgs.length} packages → ${findings.length} findings in ${matchMs.toFixed(0)} ms (open ${openMs.toFixed(0)} ms)`);
  const rate = summary.records / importSeconds;
  return {
    records: summary.records,
    zipBytes,
    generateSeconds,
    importSeconds,
    importRecordsPerSecond: Math.round(rate),
    importCpuSeconds: (cpu.user + cpu.system) / 1e6,
    importCpuMicrosPerRecord: Math.round((cpu.user + cpu.system) / summary.records),
    loadBefore,
    loadAfter,
    cores: availableParallelism(),
    dbBytes,
    dbBytesPerRecord: Math.round(dbBytes / summary.records),
    matchPackages: pkgs.length,
    matchFindings: findings.length,
    matchMs,
    openMs,
    targets: { importRate: rate >= 20000, bytesPerRecord: dbBytes / summary.records < 1024, match: matchMs < 1000 },
  };
}

function matchOnly(dbPath: string): void {
  const pkgs = benchPackages(2000);
  let t = performance.now();
  const store = openVulnStore(dbPath);
  const openMs = performance.now() - t;
  t = performance.now();
  const findings = matchPackages(pkgs, { id: 'debian', versionId: '12' }, store);
  const matchMs = performance.now() - t;
  store.close();
  process.stdout.write(JSON.stringify({ packages: pkgs.length, findings: findings.length, openMs, matchMs }));
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === '--match-only') {
  matchOnly(process.argv[3]);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const n = process.argv[2] ? Number(process.argv[2]) : undefined;
  const r = await runVulndbBench({ records: n, log: (s) => console.log(s) });
  console.log(JSON.stringify(r, null, 2));
}
