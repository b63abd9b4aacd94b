// The application-cataloger cost as a user meets it: the whole `drydock image` command (bundled CLI, fresh process,
// database, matching, JSON report) with `--pkg-types os` against the default (OS and language packages), on the
// catalog bench image. Run through bench/catalog.ts; `--generate-db` builds the database in a child process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticExport } from './synthetic-osv.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(repo, 'bin/drydock.js');
const DB_VERSION = 'catalog-db-v1';
/** unrelated records that make the database about as large as a real one's ecosystems (lookups, not hits) */
const FILLER = 100_000;

export interface ScanRun {
  ms: number;
  packages: number;
  findings: number;
}

const dbPathOf = (layoutDir: string) => `${layoutDir}-vuln.db`;

/**
 * Advisories that hit the bench image: one Debian source package in four of the debian-base layer (fixed in a later
 * revision), one jar, npm and Python package in ten, plus FILLER synthetic records for other packages.
 */
async function generateDb(layoutDir: string): Promise<void> {
  const db = dbPathOf(layoutDir);
  const stamp = `${db}.stamp`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === DB_VERSION) return;
  const { openImage } = await import('../src/image/index.js');
  const { inventoryImage } = await import('../src/scan/inventory.js');
  const { VulnStoreWriter } = await import('../src/vulndb/writer.js');
  const { importPaths } = await import('../src/vulndb/import/index.js');
  const source = await openImage(`oci:${layoutDir}`);
  const inv = await inventoryImage(source);
  await source.close();
  const dir = `${db}.advisories`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const osv = (id: string, ecosystem: string, name: string, fixed: string) => ({
    schema_version: '1.6.0',
    id,
    modified: '2025-01-01T00:00:00Z',
    summary: `bench advisory for ${name}`,
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [{ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] }],
  });
  const sources = new Map<string, string>();
  for (const p of inv.packages) if (p.type === 'deb') sources.set(p.sourceName ?? p.name, p.sourceVersion ?? p.version);
  let n = 0;
  const write = (rec: ReturnType<typeof osv>) => writeFileSync(join(dir, `${rec.id}.json`), JSON.stringify(rec));
  [...sources].forEach(([name, version], i) => i % 4 === 0 && write(osv(`BENCH-DEB-${n++}`, 'Debian:12', name, `${version}+bench1`)));
  for (const p of inv.packages) {
    const i = Number(/(\d+)$/.exec(p.name)?.[1] ?? 1);
    if (i % 10 !== 0) continue;
    if (p.type === 'maven') write(osv(`BENCH-MVN-${n++}`, 'Maven', `${p.group}:${p.name}`, '1.99.0'));
    else if (p.type === 'npm') write(osv(`BENCH-NPM-${n++}`, 'npm', p.name, '2.99.0'));
    else if (p.type === 'pypi') write(osv(`BENCH-PY-${n++}`, 'PyPI', p.name, '1.0.99999'));
  }
  const filler = join(repo, `.cache/bench/osv-synthetic-${FILLER}.zip`);
  if (!existsSync(filler)) writeSyntheticExport(filler, FILLER);
  const tmp = `${db}.tmp`;
  rmSync(tmp, { force: true });
  const w = VulnStoreWriter.open(tmp, { fresh: true });
  await importPaths(w, [dir, filler]);
  w.commit();
  renameSync(tmp, db);
  rmSync(dir, { recursive: true, force: true });
  writeFileSync(stamp, DB_VERSION);
}

/** Builds the CLI bundle (a stale one would make bin/drydock.js compile TypeScript on every run) and the database. */
export function prepareScanBench(layoutDir: string): string {
  const build = spawnSync(process.execPath, [join(repo, 'scripts/build-cli.mjs'), '--quiet', '--strict'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the CLI bundle did not build: the scan bench would time tsx instead');
  const gen = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--generate-db', layoutDir], { cwd: repo, stdio: 'inherit' });
  if (gen.status !== 0) throw new Error('catalog bench database generation failed');
  return dbPathOf(layoutDir);
}

/**
 * One `drydock image` run in a new process, timed from spawn to exit: what a CI job waits for. `defaults`: the
 * command as typed without options (table on standard output, all scanners: vulnerabilities, image checks, secrets).
 */
export function runScan(layoutDir: string, db: string, mode: 'os' | 'all', outDir: string, defaults = false): ScanRun {
  const out = join(outDir, `report-${mode}.json`);
  const args = [BIN, 'image', `oci:${layoutDir}`, '--db', db, '--skip-db-update-warning', '--quiet'];
  if (!defaults) args.push('--scanners', 'vuln', '--format', 'json', '--output', out);
  if (mode === 'os') args.push('--pkg-types', 'os');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`drydock image (${mode}) exited ${r.status}: ${r.stderr}`);
  if (defaults) return { ms, packages: NaN, findings: NaN };
  const report = JSON.parse(readFileSync(out, 'utf8')) as { targets: { packages: unknown[] }[]; findings: unknown[] };
  return { ms, packages: report.targets.reduce((n, t) => n + t.packages.length, 0), findings: report.findings.length };
}

const g = process.argv.indexOf('--generate-db');
if (g >= 0) await generateDb(process.argv[g + 1]);
