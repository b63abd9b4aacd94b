import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { DrydockError } from '../errors.js';
import { updateDatabase } from './update.js';
import { openVulnStore } from './store.js';
import { tempDbPath } from './test-store.js';

const SHARED = new URL('../../../shared/data/', import.meta.url).pathname;
const FX = new URL('../../test/fixtures/vulndb/', import.meta.url).pathname;
const skip = existsSync(SHARED + 'osv/Go-all.zip') ? false : 'shared data osv/ not present';

const EPSS = gzipSync('#model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000\ncve,epss,percentile\nCVE-2017-12617,0.94363,0.99955\nCVE-2023-0464,0.0129,0.785\n');

/** A mirror of the feeds served from the shared data, with per-path failure injection. */
async function mirror(): Promise<{ url: string; hits: Map<string, number>; fail: Map<string, number>; close(): Promise<void>; server: Server }> {
  const files: Record<string, () => Buffer> = {
    '/osv/Go/all.zip': () => readFileSync(SHARED + 'osv/Go-all.zip'),
    '/osv/crates.io/all.zip': () => readFileSync(SHARED + 'osv/crates.io-all.zip'),
    '/alpine-secdb/v3.14/main.json': () => readFileSync(FX + 'v3.14-main-partial.json'),
    '/alpine-secdb/v3.14/community.json': () => Buffer.from('{"distroversion":"v3.14","reponame":"community","packages":[]}'),
    '/kev/known_exploited_vulnerabilities.json': () => readFileSync(FX + 'kev-subset.json'),
    '/epss/epss_scores-current.csv.gz': () => EPSS,
  };
  const lastModified = 'Mon, 25 Aug 2025 17:04:19 GMT';
  const hits = new Map<string, number>();
  const fail = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const f = fail.get(path) ?? 0;
    if (f > 0) {
      fail.set(path, f - 1);
      res.writeHead(503).end();
      return;
    }
    const body = files[path];
    if (!body) return void res.writeHead(404).end();
    if (req.headers['if-modified-since'] === lastModified) return void res.writeHead(304).end();
    const data = body();
    res.writeHead(200, { 'content-length': data.length, 'last-modified': lastModified }).end(data);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits, fail, server, close: () => new Promise((r) => server.close(() => r())) };
}

const opts = (dbPath: string, url: string) => ({ dbPath, mirror: url, ecosystems: ['Go', 'crates.io'], alpineBranches: ['v3.14'], retryDelay: 5, retries: 2 });

test('db update from a mirror: build, 304 keeps the database, failures leave it intact, retries recover', { skip }, async () => {
  const m = await mirror();
  try {
    const dbPath = tempDbPath();
    const r1 = await updateDatabase(opts(dbPath, m.url));
    assert.equal(r1.rebuilt, true);
    assert.equal(r1.downloaded.length, 6);
    const s = openVulnStore(dbPath);
    const names = s.metadata().sources.map((x) => x.name);
    assert.deepEqual(names, ['alpine-secdb', 'cisa-kev', 'first-epss', 'osv:Go', 'osv:crates.io']);
    const kev = s.metadata().sources.find((x) => x.name === 'cisa-kev');
    assert.equal(kev?.url, `${m.url}/kev/known_exploited_vulnerabilities.json`);
    assert.equal(kev?.lastModifiedHeader, 'Mon, 25 Aug 2025 17:04:19 GMT');
    assert.deepEqual(s.epss('CVE-2017-12617'), { score: 0.94363, percentile: 0.99955 });
    assert.equal(s.metadata().sources.find((x) => x.name === 'first-epss')?.modifiedAt, '2025-08-25');
    assert.equal(s.counts().vulns, 4274 + 1193 + 45);
    s.close();

    // everything unchanged: If-Modified-Since → 304 for all, database file untouched
    const before = readFileSync(dbPath);
    const mtime = statSync(dbPath).mtimeMs;
    const r2 = await updateDatabase(opts(dbPath, m.url));
    assert.equal(r2.rebuilt, false);
    assert.equal(r2.notModified.length, 6);
    assert.equal(statSync(dbPath).mtimeMs, mtime);

    // a feed that keeps failing: NETWORK error after 1 + retries attempts, old database intact and usable
    m.fail.set('/kev/known_exploited_vulnerabilities.json', 100);
    m.hits.clear();
    const fresh = { ...opts(dbPath, m.url), ecosystems: ['Go'] };
    await assert.rejects(updateDatabase(fresh), (e: DrydockError) => e.code === 'NETWORK' && /after 3 attempts/.test(e.message) && /not changed/.test(e.hint ?? ''));
    assert.equal(m.hits.get('/kev/known_exploited_vulnerabilities.json'), 3);
    assert.deepEqual(readFileSync(dbPath), before);
    openVulnStore(dbPath).close();

    // a transient failure is retried; a 404 (unknown ecosystem) fails at once
    m.fail.set('/kev/known_exploited_vulnerabilities.json', 1);
    const r3 = await updateDatabase({ ...opts(dbPath, m.url), skipEpss: true });
    assert.equal(r3.rebuilt, false, 'all feeds unchanged after the retry');
    await assert.rejects(updateDatabase({ ...opts(dbPath, m.url), ecosystems: ['NoSuchEcosystem'] }), (e: DrydockError) => e.code === 'NETWORK' && /HTTP 404/.test(e.message));
    assert.deepEqual(readFileSync(dbPath), before);
  } finally {
    await m.close();
  }
});
