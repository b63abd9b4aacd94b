// Application-cataloger cost (not a test) on an image with thousands of jars and npm/Python packages: the whole
// `drydock image` command with `--pkg-types os` against the default (bench/catalog-scan.ts), and the inventory step
// alone, OS catalogers only vs OS + application catalogers; each run in its own process, paired rounds, same run.
// Run: node --import tsx bench/catalog.ts
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { rawTar, type RawEntry } from '../test/helpers/raw-tar.js';
import { makeZip, pomProperties } from '../test/helpers/make-zip.js';
import { writeImageFiles } from '../test/helpers/oci-layout.js';
import { prepareScanBench, runScan, type ScanRun } from './catalog-scan.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
type Variant = 'realistic' | 'tiny' | 'realjars';
const layoutDirOf = (v: Variant) => join(repo, `.cache/bench/catalog-layout-${v}`);
const GEN_VERSION = 'catalog-v2';
/** where the real-jar image takes its jars from: Debian's Java packages on this machine and the shared test data */
const REAL_JAR_DIRS = ['/usr/share/java', '/usr/share/maven-repo', join(repo, '../shared/data/java')];
// realistic: jars of 60 class entries (~56 KB each, 168 MB in all; real application jars are often larger) and
// npm packages with ~10 source files; tiny: jars and packages reduced to their metadata, the worst case for the ratio.
const SHAPE: Record<'realistic' | 'tiny', { classes: number; classBytes: number; jsFiles: number; jsBytes: number }> = {
  realistic: { classes: 60, classBytes: 1800, jsFiles: 10, jsBytes: 3000 },
  tiny: { classes: 8, classBytes: 3000, jsFiles: 1, jsBytes: 4000 },
};
const TARGET = 1.15;
const JARS = 3000;
const NPM = 3000;
const PY = 300;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Every regular *.jar file under REAL_JAR_DIRS (symlinks into maven-repo skipped: the same jar), sorted. */
function realJars(): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile() && e.name.endsWith('.jar')) out.push(p);
    }
  };
  for (const d of REAL_JAR_DIRS) if (existsSync(d)) visit(d);
  return out.sort();
}

/** `real`: the real jars of the realjars image (realJars()), taken in turn instead of the synthetic ones */
function appLayer(v: Variant, real: string[]): Buffer {
  const shape = SHAPE[v === 'realjars' ? 'realistic' : v];
  const entries: RawEntry[] = [];
  // class-file-like padding: compressible but not trivially
  const pad = Buffer.from(Array.from({ length: 60000 }, (_, i) => `m${(i * 2654435761) % 99991};`).join(''));
  if (v === 'realjars') {
    if (real.length === 0) throw new Error(`no real jars under ${REAL_JAR_DIRS.join(', ')}`);
    // each one in turn, as often as it takes to reach JARS files (distinct paths, same bytes)
    for (let i = 0; i < JARS; i++) {
      const src = real[i % real.length];
      entries.push({ name: `opt/app${i % 10}/lib/c${i}-${basename(src)}`, data: readFileSync(src), mode: 0o644 });
    }
  } else for (let i = 0; i < JARS; i++) {
    const artifact = `lib-${i}`;
    const jar = makeZip([
      { name: 'META-INF/MANIFEST.MF', data: `Manifest-Version: 1.0\nImplementation-Title: ${artifact}\nImplementation-Version: 1.${i % 50}.0\n` },
      pomProperties(`org.bench.g${i % 40}`, artifact, `1.${i % 50}.0`),
      ...Array.from({ length: shape.classes }, (_, k) => ({ name: `org/bench/${artifact}/C${k}.class`, data: pad.subarray(k * 500 + (i % 97), k * 500 + (i % 97) + shape.classBytes) })),
    ]);
    entries.push({ name: `opt/app${i % 10}/lib/${artifact}-1.${i % 50}.0.jar`, data: jar, mode: 0o644 });
  }
  for (let i = 0; i < NPM; i++) {
    const name = `pkg-${i}`;
    entries.push({ name: `srv/web/node_modules/${name}/package.json`, data: JSON.stringify({ name, version: `2.${i % 30}.1`, license: 'MIT', description: 'x'.repeat(200) }) });
    for (let k = 0; k < shape.jsFiles; k++) entries.push({ name: `srv/web/node_modules/${name}/lib/f${k}.js`, data: pad.subarray(k * 700, k * 700 + shape.jsBytes) });
  }
  for (let i = 0; i < PY; i++) {
    entries.push({ name: `usr/lib/python3/dist-packages/py_${i}-1.0.${i}.dist-info/METADATA`, data: `Metadata-Version: 2.1\nName: py-${i}\nVersion: 1.0.${i}\nLicense: MIT\n` });
  }
  return rawTar(entries);
}

export function ensureCatalogLayout(v: Variant): string {
  const layoutDir = layoutDirOf(v);
  const stamp = join(layoutDir, 'stamp');
  // the real-jar image is rebuilt when the jars on the machine change
  const real = v === 'realjars' ? realJars() : [];
  const version = v === 'realjars' ? `${GEN_VERSION}:${sha(Buffer.from(real.join('\n')))}` : GEN_VERSION;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === version) return layoutDir;
  const tmp = `${layoutDir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'blobs/sha256'), { recursive: true });
  const layers: { digest: string; diffId: string; size: number }[] = [];
  const fx = join(repo, '.cache/images/fixtures.json');
  if (existsSync(fx)) {
    const img = JSON.parse(readFileSync(fx, 'utf8')).images.find((i: { tag: string }) => i.tag === 'debian-base');
    const digest: string = img.layers[0].digest.slice(7);
    const src = join(repo, '.cache/images/oci/blobs/sha256', digest);
    copyFileSync(src, join(tmp, 'blobs/sha256', digest));
    layers.push({ digest, diffId: img.diff_ids[0], size: readFileSync(src).length });
  }
  const tar = appLayer(v, real);
  const gz = gzipSync(tar);
  writeFileSync(join(tmp, 'blobs/sha256', sha(gz)), gz);
  layers.push({ digest: sha(gz), diffId: `sha256:${sha(tar)}`, size: gz.length });
  writeImageFiles(tmp, layers);
  writeFileSync(join(tmp, 'stamp'), version);
  rmSync(layoutDir, { recursive: true, force: true });
  renameSync(tmp, layoutDir);
  return layoutDir;
}

async function child(mode: 'os' | 'all', v: Variant, warm: boolean): Promise<void> {
  const layoutDir = layoutDirOf(v);
  const { openImage } = await import('../src/image/index.js');
  const { inventoryImage } = await import('../src/scan/inventory.js');
  const { osCatalogers } = await import('../src/catalog/os.js');
  const { imageCatalogers } = await import('../src/catalog/registry.js');
  if (warm) {
    // the same code compiled by V8 first, on the other image, as in a long-running process (an admission webhook)
    const other = await openImage(`oci:${layoutDirOf(v === 'tiny' ? 'realistic' : 'tiny')}`);
    await inventoryImage(other, { catalogers: mode === 'os' ? osCatalogers : imageCatalogers() });
    await other.close();
    await new Promise((r) => setTimeout(r, 300));
  }
  const source = await openImage(`oci:${layoutDir}`);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const inv = await inventoryImage(source, { catalogers: mode === 'os' ? osCatalogers : imageCatalogers() });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  await source.close();
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, packages: inv.packages.length }));
}

interface Run {
  ms: number;
  /** CPU time of all threads of the process (decompression, GC) during the scan */
  cpuMs: number;
  packages: number;
}

function run(mode: 'os' | 'all', v: Variant, warm = false): Run {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, v, ...(warm ? ['--warm'] : [])];
  const r = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`catalog bench child (${mode}) exited ${r.status}`);
  return JSON.parse(r.stdout);
}

interface Measured {
  os: Run;
  all: Run;
  /** median over rounds of (OS + application) / (OS only) in the same round, minus 1: the verdict */
  overhead: number;
  /** first and third quartiles of the same per-round ratios, minus 1: how far one round can be trusted */
  spread: [number, number];
  /** 90% bootstrap interval of the median, minus 1: how far the verdict itself can be trusted */
  interval: [number, number];
  /** best OS-only run against best OS + application run, minus 1 (for reference) */
  bestOverhead: number;
  cpuOverhead: number;
}

/** the q-quantile (0..1) of xs, interpolated between the nearest ranks */
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return lo === at ? s[lo] : s[lo] + (s[lo + 1] - s[lo]) * (at - lo);
};
const median = (xs: number[]): number => quantile(xs, 0.5);

/**
 * A 90% bootstrap interval of the median of xs (2,000 resamples, fixed seed: the same rounds give the same interval).
 * One run's median moves by several points between runs on a shared machine; the interval says how far this one can.
 */
function medianInterval(xs: number[], resamples = 2000): [number, number] {
  let seed = 0x9e3779b9;
  // mulberry32: a seeded generator, so the interval is reproducible from the printed rounds
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const medians: number[] = [];
  for (let b = 0; b < resamples; b++) medians.push(median(Array.from(xs, () => xs[Math.floor(random() * xs.length)])));
  return [quantile(medians, 0.05), quantile(medians, 0.95)];
}

/** Whether a run's interval decides the verdict, in words. */
function decided(interval: [number, number]): string {
  const t = TARGET - 1;
  if (interval[1] <= t) return 'the whole interval is within the target';
  if (interval[0] > t) return 'the whole interval is above the target';
  return 'the target is inside the interval: this run alone does not decide';
}

function generate(v: Variant): void {
  const gen = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--generate', v], { cwd: repo, stdio: 'inherit' });
  if (gen.status !== 0) throw new Error('catalog layout generation failed');
}

function measure(v: Variant, rounds: number, warm = false): Measured {
  let os: Run = { ms: Infinity, cpuMs: Infinity, packages: 0 };
  let all: Run = { ms: Infinity, cpuMs: Infinity, packages: 0 };
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  // The machine is shared and one run varies by +-15%: each round runs both modes back to back (alternating which
  // goes first, so drift does not favour one), and the verdict is the median of the per-round ratios.
  for (let i = 0; i < rounds; i++) {
    let a: Run;
    let b: Run;
    if (i % 2 === 0) {
      a = run('os', v, warm);
      b = run('all', v, warm);
    } else {
      b = run('all', v, warm);
      a = run('os', v, warm);
    }
    ratios.push(b.ms / a.ms);
    cpuRatios.push(b.cpuMs / a.cpuMs);
    if (a.ms < os.ms) os = a;
    if (b.ms < all.ms) all = b;
  }
  const [lo, hi] = medianInterval(ratios);
  return { os, all, overhead: median(ratios) - 1, spread: [quantile(ratios, 0.25) - 1, quantile(ratios, 0.75) - 1], interval: [lo - 1, hi - 1], bestOverhead: all.ms / os.ms - 1, cpuOverhead: median(cpuRatios) - 1 };
}

/** The whole `drydock image` command, `--pkg-types os` against the default, paired rounds as in measure(). */
function measureScan(db: string, rounds: number, defaults = false, v: Variant = 'realistic'): { os: ScanRun; all: ScanRun; overhead: number; spread: [number, number]; interval: [number, number] } {
  const layout = layoutDirOf(v);
  const out = join(repo, '.cache/bench/catalog-scan-out');
  mkdirSync(out, { recursive: true });
  let os: ScanRun = { ms: Infinity, packages: 0, findings: 0 };
  let all: ScanRun = { ms: Infinity, packages: 0, findings: 0 };
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const first = i % 2 === 0 ? 'os' : 'all';
    const a = runScan(layout, db, first, out, defaults);
    const b = runScan(layout, db, first === 'os' ? 'all' : 'os', out, defaults);
    const [o, x] = first === 'os' ? [a, b] : [b, a];
    ratios.push(x.ms / o.ms);
    if (o.ms < os.ms) os = o;
    if (x.ms < all.ms) all = x;
  }
  rmSync(out, { recursive: true, force: true });
  const [lo, hi] = medianInterval(ratios);
  return { os, all, overhead: median(ratios) - 1, spread: [quantile(ratios, 0.25) - 1, quantile(ratios, 0.75) - 1], interval: [lo - 1, hi - 1] };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export async function runCatalogBench(rounds = 21): Promise<{ overhead: number; scanOverhead: number; tinyOverhead: number; warmOverhead: number }> {
  console.log(`catalog: ${JARS} jars, ${NPM} npm packages, ${PY} Python packages over the debian-base layer (load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
  generate('realistic');
  generate('tiny');
  // The target is checked twice: on the whole command a user waits for, and on the inventory step alone, where the
  // catalogers run (no start-up, matching or report to spread the cost over)
  const db = prepareScanBench(layoutDirOf('realistic'));
  const scan = measureScan(db, rounds);
  const verdict = (x: number) => (x <= TARGET - 1 ? 'OK' : 'MISSED');
  console.log(`scan      \`drydock image --scanners vuln --format json -o FILE\` in a new process: best --pkg-types os ${scan.os.ms.toFixed(0)} ms (${scan.os.packages} pkgs, ${scan.os.findings} findings)   best default ${scan.all.ms.toFixed(0)} ms (${scan.all.packages} pkgs, ${scan.all.findings} findings)`);
  console.log(`${''.padEnd(9)} overhead ${pct(scan.overhead)} (median of ${rounds} paired rounds; target <= ${((TARGET - 1) * 100).toFixed(0)}%) ${verdict(scan.overhead)}; middle half of the rounds ${pct(scan.spread[0])} to ${pct(scan.spread[1])}`);
  console.log(`${''.padEnd(9)} 90% interval of the median ${pct(scan.interval[0])} to ${pct(scan.interval[1])}: ${decided(scan.interval)}`);
  const plain = measureScan(db, 7, true);
  console.log(`${''.padEnd(9)} the same without options (\`drydock image IMAGE\`: table, all scanners), 7 rounds: best ${plain.os.ms.toFixed(0)} against ${plain.all.ms.toFixed(0)} ms, overhead ${pct(plain.overhead)} (for reference: image checks and secret scanning read files in both)`);
  // The same command on an image of real jars (each real jar on the machine in turn, 3000 files), for reference: the
  // synthetic jars above are small (56 KB, 62 entries) and compress like text, so they are the harder case
  generate('realjars');
  const jarCount = realJars().length;
  const real = measureScan(db, 5, false, 'realjars');
  console.log(`${''.padEnd(9)} the same on an image of ${JARS} real jars (${jarCount} distinct, from ${REAL_JAR_DIRS.join(', ')}), 5 rounds: best ${real.os.ms.toFixed(0)} against ${real.all.ms.toFixed(0)} ms (${real.all.packages} pkgs), overhead ${pct(real.overhead)} (for reference)`);
  const results = { realistic: measure('realistic', rounds), tiny: measure('tiny', 3) };
  const warm = measure('realistic', 3, true);
  for (const v of ['realistic', 'tiny'] as const) {
    const r = results[v];
    const label = v === 'realistic' ? 'inventory' : 'tiny';
    const note = v === 'realistic' ? `(inventoryImage alone; target <= ${((TARGET - 1) * 100).toFixed(0)}%) ${verdict(r.overhead)}` : '(inventory of jars and packages of metadata only: the worst case, for reference)';
    console.log(`${label.padEnd(9)} best OS only: ${r.os.ms.toFixed(0)} ms (${r.os.packages} pkgs)   best OS + application: ${r.all.ms.toFixed(0)} ms (${r.all.packages} pkgs)`);
    console.log(`${''.padEnd(9)} overhead ${pct(r.overhead)} ${note}; middle half of the rounds ${pct(r.spread[0])} to ${pct(r.spread[1])}; best against best ${pct(r.bestOverhead)}`);
    if (v === 'realistic') console.log(`${''.padEnd(9)} 90% interval of the median ${pct(r.interval[0])} to ${pct(r.interval[1])}: ${decided(r.interval)}`);
    console.log(`${''.padEnd(9)} CPU time of the scan (all threads): +${(r.cpuOverhead * 100).toFixed(0)}% (the OS-only scan leaves part of the second core idle; application parsing fills it)`);
  }
  // A CLI run starts cold: V8 compiles the catalogers' code during the scan, on the same two cores. After a warm-up
  // the difference is what the parsing itself costs.
  console.log(`warm      overhead ${pct(warm.overhead)} of the inventory step after a warm-up scan of the other image in the same process (the rest is V8 compiling the catalogers' code; for reference)`);
  if (verdict(scan.overhead) !== 'OK' || verdict(results.realistic.overhead) !== 'OK') process.exitCode = 1;
  return { overhead: results.realistic.overhead, scanOverhead: scan.overhead, tinyOverhead: results.tiny.overhead, warmOverhead: warm.overhead };
}

const i = process.argv.indexOf('--child');
const g = process.argv.indexOf('--generate');
if (i >= 0) await child(process.argv[i + 1] as 'os' | 'all', (process.argv[i + 2] ?? 'realistic') as Variant, process.argv.includes('--warm'));
else if (g >= 0) ensureCatalogLayout((process.argv[g + 1] ?? 'realistic') as Variant);
else if (process.argv[1] === fileURLToPath(import.meta.url)) await runCatalogBench();
