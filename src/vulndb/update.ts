// `drydock db update`: download the public feeds (or a mirror of them) with retries and If-Modified-Since,
// then build a fresh database next to the old one and swap it in atomically. Downloads are cached beside the
// database so a 304 reuses the previous file; nothing touches the database until every download succeeded.
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DrydockError, type Warning } from '../errors.js';
import { VulnStoreWriter } from './writer.js';
import { importPaths } from './import/index.js';
import { openVulnStore } from './store.js';

export const DEFAULT_ECOSYSTEMS = ['Debian', 'Ubuntu', 'npm', 'PyPI', 'Maven', 'Go', 'crates.io', 'RubyGems', 'Packagist', 'NuGet'];
export const DEFAULT_ALPINE_BRANCHES = ['v3.18', 'v3.19', 'v3.20', 'v3.21'];

/** Public locations; a mirror serves the same files under `<mirror>/<key>`. */
export const FEEDS = {
  osv: (eco: string) => ({ key: `osv/${eco}/all.zip`, url: `https://osv-vulnerabilities.storage.googleapis.com/${encodeURIComponent(eco)}/all.zip` }),
  secdb: (branch: string, repo: string) => ({ key: `alpine-secdb/${branch}/${repo}.json`, url: `https://secdb.alpinelinux.org/${branch}/${repo}.json` }),
  kev: () => ({ key: 'kev/known_exploited_vulnerabilities.json', url: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json' }),
  epss: () => ({ key: 'epss/epss_scores-current.csv.gz', url: 'https://epss.cyentia.com/epss_scores-current.csv.gz' }),
};

export interface UpdateOptions {
  dbPath: string;
  /** base URL of a mirror (`--mirror`, `DRYDOCK_DB_MIRROR`) */
  mirror?: string;
  ecosystems?: string[];
  alpineBranches?: string[];
  skipEpss?: boolean;
  retries?: number;
  /** ms before the first retry; doubles each time */
  retryDelay?: number;
  onProgress?: (text: string) => void;
  warn?: (w: Warning) => void;
}

export interface UpdateResult {
  /** false when every feed answered 304 and the database was kept */
  rebuilt: boolean;
  downloaded: string[];
  notModified: string[];
  records: number;
}

interface Cached {
  url: string;
  lastModified?: string;
}

/** Ecosystems of the OSV sources in the current database, if there is one. */
function presentEcosystems(dbPath: string): string[] | undefined {
  if (!existsSync(dbPath)) return undefined;
  try {
    const s = openVulnStore(dbPath);
    const ecos = s.metadata().sources.filter((x) => x.kind === 'osv').map((x) => x.name.replace(/^osv:/, ''));
    s.close();
    return ecos.length > 0 ? ecos : undefined;
  } catch {
    return undefined; // a broken database is rebuilt from the defaults
  }
}

async function download(url: string, file: string, opts: UpdateOptions): Promise<'downloaded' | 'not-modified'> {
  const metaFile = `${file}.meta.json`;
  const cached: Cached | undefined = existsSync(file) && existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : undefined;
  const retries = opts.retries ?? 3;
  let delay = opts.retryDelay ?? 500;
  let lastError: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) {
      await new Promise((r) => setTimeout(r, delay));
      delay *= 2;
    }
    try {
      const headers: Record<string, string> = { 'user-agent': 'drydock-db-update' };
      if (cached?.url === url && cached.lastModified) headers['if-modified-since'] = cached.lastModified;
      const res = await fetch(url, { headers });
      if (res.status === 304 && cached) return 'not-modified';
      if (res.status >= 500 || res.status === 429) throw new Error(`HTTP ${res.status}`);
      if (!res.ok || !res.body) {
        throw new DrydockError('NETWORK', `download of ${url} failed: HTTP ${res.status}`, { hint: res.status === 404 ? 'check the ecosystem name and the mirror layout' : undefined });
      }
      const total = Number(res.headers.get('content-length') ?? 0);
      let got = 0;
      let lastShown = 0;
      const count = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          got += chunk.length;
          if (opts.onProgress && got - lastShown > 1 << 20) {
            lastShown = got;
            opts.onProgress(`downloading ${url.split('/').slice(-2).join('/')}: ${(got / 1e6).toFixed(1)}${total ? ` / ${(total / 1e6).toFixed(1)}` : ''} MB`);
          }
          cb(null, chunk);
        },
      });
      // a partial file never replaces a good cached one
      const part = `${file}.part`;
      await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), count, createWriteStream(part));
      if (total && got !== total) throw new Error(`short read: ${got} of ${total} bytes`);
      renameSync(part, file);
      writeFileSync(metaFile, JSON.stringify({ url, lastModified: res.headers.get('last-modified') ?? undefined } satisfies Cached));
      return 'downloaded';
    } catch (e) {
      if (e instanceof DrydockError) throw e;
      lastError = e;
    }
  }
  throw new DrydockError('NETWORK', `download of ${url} failed after ${retries + 1} attempts: ${(lastError as Error)?.message}`, {
    cause: lastError,
    hint: 'the existing database was not changed; retry later, or use --mirror / `drydock db import` offline',
  });
}

export async function updateDatabase(opts: UpdateOptions): Promise<UpdateResult> {
  const mirror = opts.mirror?.replace(/\/+$/, '');
  const ecosystems = opts.ecosystems?.length ? opts.ecosystems : (presentEcosystems(opts.dbPath) ?? DEFAULT_ECOSYSTEMS);
  const feeds = [
    ...ecosystems.map((e) => FEEDS.osv(e)),
    ...(opts.alpineBranches ?? DEFAULT_ALPINE_BRANCHES).flatMap((b) => [FEEDS.secdb(b, 'main'), FEEDS.secdb(b, 'community')]),
    FEEDS.kev(),
    ...(opts.skipEpss ? [] : [FEEDS.epss()]),
  ].map((f) => ({ ...f, url: mirror ? `${mirror}/${f.key}` : f.url }));

  const cacheDir = join(dirname(opts.dbPath), 'downloads');
  const result: UpdateResult = { rebuilt: false, downloaded: [], notModified: [], records: 0 };
  const files: { path: string; url: string }[] = [];
  for (const f of feeds) {
    const path = join(cacheDir, f.key);
    mkdirSync(dirname(path), { recursive: true });
    opts.onProgress?.(`downloading ${f.key}`);
    const r = await download(f.url, path, opts);
    (r === 'downloaded' ? result.downloaded : result.notModified).push(f.key);
    files.push({ path, url: f.url });
  }
  if (result.downloaded.length === 0 && existsSync(opts.dbPath)) {
    try {
      openVulnStore(opts.dbPath).close();
      return result; // every feed unchanged and the database is healthy: keep it
    } catch {
      /* broken database: rebuild from the cached files */
    }
  }
  const w = VulnStoreWriter.open(opts.dbPath, { fresh: true });
  try {
    for (const f of files) {
      opts.onProgress?.(`importing ${f.url.split('/').slice(-2).join('/')}`);
      const meta = JSON.parse(readFileSync(`${f.path}.meta.json`, 'utf8')) as Cached;
      const s = await importPaths(w, [f.path], { url: f.url, lastModifiedHeader: meta.lastModified, warn: opts.warn });
      result.records += s.records;
    }
    w.commit();
  } catch (e) {
    w.abort();
    throw e;
  }
  result.rebuilt = true;
  return result;
}

/** Drop the download cache (e.g. after a corrupt feed). */
export function clearDownloads(dbPath: string): void {
  rmSync(join(dirname(dbPath), 'downloads'), { recursive: true, force: true });
}
