// Per-layer analysis cache (memory + disk), keyed by `${diffId}:${ANALYZER_VERSION}:${catalogers}`: images that share
// base layers (a tag family) read each shared layer once. Entries are plain JSON (Buffers as base64, Maps
// as entries) so they can later live in a shared store; a corrupt entry is a miss, never an error.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LayerAnalysis } from '../image/layer/types.js';
import type { LayerCache } from './inventory.js';

export interface LayerCacheOptions {
  /** cache directory; entries go to `<dir>/layers/<sha256(key)>.json`. Memory only when omitted. */
  dir?: string;
  /**
   * Separates analyses made with different cataloger sets (e.g. 'vuln' vs 'vuln,config,secret'):
   * the key names the layer and analyser version, not which extra files a scan asked to keep.
   */
  namespace?: string;
  /** entries kept in memory (least recently used dropped first), default 64 */
  maxMemoryEntries?: number;
  /** bytes kept on disk; oldest entries are pruned after a write that exceeds it. Default 512 MiB */
  maxDiskBytes?: number;
}

export interface LayerCacheStats {
  hits: number;
  misses: number;
  writes: number;
}

const FORMAT = 1;

export function createLayerCache(opts: LayerCacheOptions = {}): LayerCache & { stats: LayerCacheStats } {
  const memory = new Map<string, LayerAnalysis>();
  const maxMem = opts.maxMemoryEntries ?? 64;
  const maxDisk = opts.maxDiskBytes ?? 512 << 20;
  const stats: LayerCacheStats = { hits: 0, misses: 0, writes: 0 };
  const dir = opts.dir ? join(opts.dir, 'layers') : undefined;
  const id = (key: string) => createHash('sha256').update(`${opts.namespace ?? ''}\0${key}`).digest('hex');
  const remember = (k: string, a: LayerAnalysis) => {
    memory.delete(k);
    memory.set(k, a);
    while (memory.size > maxMem) memory.delete(memory.keys().next().value as string);
  };

  return {
    stats,
    async get(key) {
      const k = id(key);
      const hit = memory.get(k);
      if (hit) {
        remember(k, hit);
        stats.hits++;
        return hit;
      }
      if (dir) {
        const fromDisk = await readEntry(join(dir, `${k}.json`), key);
        if (fromDisk) {
          remember(k, fromDisk);
          stats.hits++;
          return fromDisk;
        }
      }
      stats.misses++;
      return undefined;
    },
    async set(key, analysis) {
      const k = id(key);
      remember(k, analysis);
      stats.writes++;
      if (!dir) return;
      let tmp: string | undefined;
      try {
        await mkdir(dir, { recursive: true });
        const file = join(dir, `${k}.json`);
        tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
        await writeFile(tmp, JSON.stringify({ format: FORMAT, key, analysis: serializeAnalysis(analysis) }));
        await rename(tmp, file); // atomic: a concurrent reader sees the old entry or the new one
        tmp = undefined;
        await prune(dir, maxDisk);
      } catch {
        // a cache that cannot be written only costs time, but a half-written temp file (disk full) must not stay:
        // prune() only counts the .json entries, so nothing else would ever remove it
        if (tmp) await unlink(tmp).catch(() => undefined);
      }
    },
  };
}

interface SerializedAnalysis extends Omit<LayerAnalysis, 'contents' | 'parsed'> {
  contents: [string, string][];
  parsed: [string, LayerAnalysis['parsed'] extends Map<string, infer V> ? V : never][];
}

export function serializeAnalysis(a: LayerAnalysis): SerializedAnalysis {
  return {
    ...a,
    contents: [...a.contents].map(([p, b]) => [p, b.toString('base64')]),
    parsed: [...a.parsed],
  };
}

export function deserializeAnalysis(s: SerializedAnalysis): LayerAnalysis {
  return {
    ...s,
    contents: new Map(s.contents.map(([p, b]) => [p, Buffer.from(b, 'base64')])),
    parsed: new Map(s.parsed),
  };
}

async function readEntry(file: string, key: string): Promise<LayerAnalysis | undefined> {
  try {
    const doc = JSON.parse(await readFile(file, 'utf8')) as { format?: number; key?: string; analysis?: SerializedAnalysis };
    const a = doc.analysis;
    // a hash collision, another format or a truncated write: treat as a miss
    if (doc.format !== FORMAT || doc.key !== key || !a || !Array.isArray(a.files) || !Array.isArray(a.contents) || !Array.isArray(a.parsed)) {
      return undefined;
    }
    if (!Array.isArray(a.whiteouts) || !Array.isArray(a.opaqueDirs) || !Array.isArray(a.warnings)) return undefined;
    return deserializeAnalysis(a);
  } catch {
    return undefined;
  }
}

async function prune(dir: string, maxBytes: number): Promise<void> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  const entries = await Promise.all(
    names.map(async (n) => {
      const s = await stat(join(dir, n)).catch(() => undefined);
      return { n, size: s?.size ?? 0, mtime: s?.mtimeMs ?? 0 };
    }),
  );
  let total = entries.reduce((t, e) => t + e.size, 0);
  if (total <= maxBytes) return;
  entries.sort((a, b) => a.mtime - b.mtime);
  for (const e of entries) {
    if (total <= maxBytes) break;
    await unlink(join(dir, e.n)).catch(() => undefined);
    total -= e.size;
  }
}
