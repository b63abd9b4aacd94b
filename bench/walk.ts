// Layer-walk benchmark (not a test): full analyzeLayer pass over a ≥300 MB (uncompressed) gzip OCI layout
// versus `gzip -dc` of the same blobs, measured in the same run, each in its own child process.
// Run: node --import tsx bench/walk.ts     (generates .cache/bench/walk-layout once, ~20 s)
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rawTar, type RawEntry } from '../test/helpers/raw-tar.js';
import { mulberry32 } from '../src/versioning/testing/random.js';
import { writeImageFiles } from '../test/helpers/oci-layout.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
const benchDir = join(repo, '.cache/bench');
const layoutDir = join(benchDir, 'walk-layout');
const GEN_VERSION = 'walk-v1';
const TARGET_RATIO = 1.3;
const TARGET_RSS_MB = 200;

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Deterministic PRNG (mulberry32): the same layout on every machine. */
const prng = mulberry32;

/** Text-like data that gzips about 3-4x, like real binaries and libraries do. */
function pool(rand: () => number, size: number): Buffer {
  const words = Array.from({ length: 4096 }, () => Math.floor(rand() * 1e9).toString(36));
  const parts: string[] = [];
  let n = 0;
  while (n < size) {
    const w = words[Math.floor(rand() * words.length)] + (rand() < 0.1 ? '\n' : ' ');
    parts.push(w);
    n += w.length;
  }
  const b = Buffer.from(parts.join(''));
  // sprinkle incompressible bytes, like binaries
  for (let i = 0; i < b.length; i += 97) b[i] = Math.floor(rand() * 256);
  return b.subarray(0, size);
}

function generatedLayer(seed: number, targetBytes: number, data: Buffer): Buffer {
  const rand = prng(seed);
  const entries: RawEntry[] = [];
  let total = 0;
  for (let i = 0; total < targetBytes; i++) {
    const dir = `opt/gen${seed}/d${i % 97}`;
    const r = rand();
    // many small files, some medium, a few large
    const size = r < 0.7 ? Math.floor(rand() * 8192) : r < 0.97 ? Math.floor(rand() * 262144) : Math.floor(rand() * 8 * 1024 * 1024);
    const ext = i % 50 === 0 ? 'jar' : i % 3 === 0 ? 'so' : 'txt';
    const off = Math.floor(rand() * Math.max(1, data.length - size));
    entries.push({ name: `${dir}/f${i}.${ext}`, data: data.subarray(off, off + size), mode: 0o644 });
    total += size + 512;
  }
  entries.push({ name: 'var/lib/dpkg/status', data: 'Package: bench\nStatus: install ok installed\nVersion: 1.0\n\n' });
  return rawTar(entries);
}

/** Builds the layout once: the debian-base layer (if built) plus generated layers, ≥ 300 MB uncompressed in all. */
export function ensureLayout(): { blobs: string[]; uncompressed: number } {
  const stamp = join(layoutDir, 'stamp.json');
  if (existsSync(stamp)) {
    const s = JSON.parse(readFileSync(stamp, 'utf8'));
    if (s.version === GEN_VERSION) return s;
  }
  rmSync(layoutDir, { recursive: true, force: true });
  const tmp = `${layoutDir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'blobs/sha256'), { recursive: true });
  const layers: { digest: string; diffId: string; size: number; raw: number }[] = [];
  const base = findDebianBase();
  if (base) {
    const blob = readFileSync(base.blob);
    copyFileSync(base.blob, join(tmp, 'blobs/sha256', base.digest));
    layers.push({ digest: base.digest, diffId: base.diffId, size: blob.length, raw: base.raw });
  }
  const data = pool(prng(42), 16 * 1024 * 1024);
  let total = layers.reduce((n, l) => n + l.raw, 0);
  for (let seed = 1; total < 320 * 1024 * 1024; seed++) {
    const tar = generatedLayer(seed, 90 * 1024 * 1024, data);
    const gz = gzipSync(tar, { level: 6 });
    const d = sha(gz);
    writeFileSync(join(tmp, 'blobs/sha256', d), gz);
    layers.push({ digest: d, diffId: `sha256:${sha(tar)}`, size: gz.length, raw: tar.length });
    total += tar.length;
  }
  writeImageFiles(tmp, layers);
  const s = { version: GEN_VERSION, blobs: layers.map((l) => join(layoutDir, 'blobs/sha256', l.digest)), uncompressed: total };
  writeFileSync(join(tmp, 'stamp.json'), JSON.stringify(s));
  renameSync(tmp, layoutDir);
  return s;
}

function findDebianBase(): { blob: string; digest: string; diffId: string; raw: number } | undefined {
  const fx = join(repo, '.cache/images/fixtures.json');
  if (!existsSync(fx)) return undefined;
  const img = JSON.parse(readFileSync(fx, 'utf8')).images.find((i: { tag: string }) => i.tag === 'debian-base');
  const digest = img?.layers?.[0]?.digest?.slice(7);
  const blob = join(repo, '.cache/images/oci/blobs/sha256', digest ?? 'none');
  if (!digest || !existsSync(blob)) return undefined;
  const raw = Number(spawnSync('sh', ['-c', `gzip -dc '${blob}' | wc -c`], { encoding: 'utf8' }).stdout.trim());
  return { blob, digest, diffId: img.diff_ids[0], raw };
}

/** The measured child: open the layout, walk every layer with a dpkg + jar cataloger, merge. */
async function child(): Promise<void> {
  const { openImage, analyzeLayer, mergeLayers } = await import('../src/image/index.js');
  const t0 = performance.now();
  const src = await openImage(layoutDir);
  const md = await src.metadata();
  let read = 0;
  const cat = {
    name: 'bench',
    wants: (m: { path: string }) => m.path === '/var/lib/dpkg/status' || m.path.endsWith('.jar'),
    parseFile: (f: { content: Buffer }) => ((read += f.content.length), []),
    catalog: () => ({ packages: [] }),
  };
  const layers = [];
  for (const l of md.layers) layers.push(await analyzeLayer(await src.openLayer(l), { index: l.index, diffId: l.diffId, size: l.size }, [cat]));
  const fs = mergeLayers(layers);
  const ms = performance.now() - t0;
  const warnings = fs.warnings.length;
  process.stdout.write(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, read, files: [...fs.files()].length, warnings }) + '\n');
}

function timeGzip(blobs: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn('gzip', ['-dc', ...blobs], { stdio: ['ignore', 'pipe', 'inherit'] });
    p.stdout.resume(); // consumed by a pipe reader, as the walk consumes its input
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`gzip exited ${code}`))));
  });
}

function runChild(): Promise<{ ms: number; rssMb: number; read: number; files: number; warnings: number; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`walk child exited ${code}`));
      resolve({ ...JSON.parse(out), wallMs: performance.now() - t0 });
    });
  });
}

/**
 * Generation runs in its own process: Linux keeps a process's peak RSS across fork+exec, so a parent that
 * just held the generated layers would inflate every measured child's maxRSS.
 */
function ensureLayoutInChild(): { blobs: string[]; uncompressed: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--generate'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`layout generation failed (exit ${r.status})`);
  return JSON.parse(r.stdout);
}

export async function runWalkBench(rounds = 3): Promise<{ ratio: number; rssMb: number }> {
  const { blobs, uncompressed } = ensureLayoutInChild();
  let best = { gzip: Infinity, walk: Infinity, wall: Infinity, rss: 0 };
  let info = { read: 0, files: 0, warnings: 0 };
  // Interleaved rounds, best of each: the machine is shared, so single samples are noisy.
  for (let i = 0; i < rounds; i++) {
    const g = await timeGzip(blobs);
    const w = await runChild();
    best = { gzip: Math.min(best.gzip, g), walk: Math.min(best.walk, w.ms), wall: Math.min(best.wall, w.wallMs), rss: Math.max(best.rss, w.rssMb) };
    info = w;
  }
  const ratio = best.walk / best.gzip;
  console.log(`layout: ${blobs.length} layers, ${(uncompressed / 2 ** 20).toFixed(0)} MiB uncompressed; ${info.files} files, ${(info.read / 2 ** 20).toFixed(1)} MiB read by the cataloger, ${info.warnings} warnings`);
  console.log(`gzip -dc: ${best.gzip.toFixed(0)} ms   walk: ${best.walk.toFixed(0)} ms (process wall incl. node+tsx start: ${best.wall.toFixed(0)} ms)`);
  console.log(`ratio walk/gzip: ${ratio.toFixed(2)} (target <= ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'OK' : 'MISSED'}; wall ratio ${(best.wall / best.gzip).toFixed(2)}`);
  console.log(`peak RSS: ${best.rss.toFixed(0)} MB (target < ${TARGET_RSS_MB}) ${best.rss < TARGET_RSS_MB ? 'OK' : 'MISSED'}`);
  return { ratio, rssMb: best.rss };
}

if (process.argv.includes('--child')) await child();
else if (process.argv.includes('--generate')) process.stdout.write(JSON.stringify(ensureLayout()));
else if (process.argv[1] === fileURLToPath(import.meta.url)) await runWalkBench();
