import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { DrydockError } from '../errors.js';
import { openVulnStore } from './store.js';
import { dbAgeWarning } from './paths.js';
import { VulnStoreWriter } from './writer.js';
import { importPaths } from './import/index.js';
import { buildStore, tempDbPath } from './test-store.js';

const SHARED = new URL('../../../shared/data/', import.meta.url).pathname;
const FX = new URL('../../test/fixtures/vulndb/', import.meta.url).pathname;
const skip = (p: string) => (existsSync(SHARED + p) ? false : `shared data ${p} not present`);

function osv(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    modified: '2024-01-01T00:00:00Z',
    aliases: [`CVE-2024-${id.slice(-4)}`],
    affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }] }],
    ...extra,
  };
}

async function dbWith(records: object[]): Promise<string> {
  const dir = join(dirname(tempDbPath()), 'recs');
  mkdirSync(dir);
  records.forEach((r, i) => writeFileSync(join(dir, `r${i}.json`), JSON.stringify(r)));
  return (await buildStore([dir])).path;
}

function expectDbError(fn: () => unknown, re: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof DrydockError && e.code === 'DB' && re.test(e.message) && !!e.hint);
}

test('missing, corrupt, half-written and foreign database files give clear DB errors', async () => {
  const missing = tempDbPath();
  expectDbError(() => openVulnStore(missing), /^no vulnerability database at /);
  assert.throws(() => openVulnStore(missing), (e: DrydockError) => /drydock db update/.test(e.hint ?? '') && /db import/.test(e.hint ?? ''));
  const garbage = tempDbPath();
  writeFileSync(garbage, Buffer.alloc(4096, 7));
  expectDbError(() => openVulnStore(garbage), /corrupt.*not an SQLite database/);
  const good = await dbWith(Array.from({ length: 200 }, (_, i) => osv(`GHSA-test-${String(i).padStart(4, '0')}`)));
  const half = tempDbPath();
  copyFileSync(good, half);
  truncateSync(half, Math.floor(statSync(good).size / 2));
  expectDbError(() => openVulnStore(half), /truncated/);
  const s = openVulnStore(good);
  assert.equal(s.counts().vulns, 200);
  assert.equal(s.metadata().schemaVersion, 1);
  // a scan warns once the database is more than 7 days old
  assert.equal(dbAgeWarning(s), undefined);
  assert.match(dbAgeWarning(s, new Date(Date.now() + 8 * 86_400_000)) ?? '', /is 8 days old .*drydock db update/);
  s.close();
});

test('schema-violating records are warnings naming the file; withdrawn records are not stored', async () => {
  const dir = join(dirname(tempDbPath()), 'recs');
  mkdirSync(dir);
  writeFileSync(join(dir, 'good.json'), JSON.stringify(osv('GHSA-good-0001')));
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ id: 'GHSA-bad-0002', affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER', events: 'oops' }] }] }));
  writeFileSync(join(dir, 'noid.yaml'), 'summary: no id here\n');
  writeFileSync(join(dir, 'gone.json'), JSON.stringify(osv('GHSA-gone-0003', { withdrawn: '2024-02-01T00:00:00Z' })));
  const { store, summary } = await buildStore([dir]);
  assert.equal(store.counts().vulns, 1);
  assert.equal(summary.warnings.length, 2);
  assert.ok(summary.warnings.some((w) => w.file?.endsWith('bad.json') && /not a valid OSV record.*events/.test(w.message)));
  assert.ok(summary.warnings.some((w) => w.file?.endsWith('noid.yaml') && /id/.test(w.message)));
  assert.equal(store.byAlias('GHSA-gone-0003').length, 0);
  store.close();
});

test('a truncated or damaged zip is an error naming it, and the previous database keeps working', { skip: skip('osv/Go-all.zip') }, async () => {
  const { path } = await buildStore([FX + 'v3.14-main-partial.json']);
  const before = readFileSync(path);
  const truncated = join(dirname(path), 'Go-all.zip');
  writeFileSync(truncated, readFileSync(SHARED + 'osv/Go-all.zip').subarray(0, 1_000_000));
  const w = VulnStoreWriter.open(path);
  await assert.rejects(importPaths(w, [SHARED + 'osv/crates.io-all.zip', truncated]), (e: DrydockError) => e.code === 'INVALID_INPUT' && e.message.includes(truncated) && /truncated/.test(e.message));
  w.abort();
  // a flipped byte inside an entry: the CRC check names the entry
  const damaged = join(dirname(path), 'damaged.zip');
  const bytes = Buffer.from(readFileSync(SHARED + 'osv/crates.io-all.zip'));
  bytes[2000] ^= 0xff;
  writeFileSync(damaged, bytes);
  const w2 = VulnStoreWriter.open(path);
  await assert.rejects(importPaths(w2, [damaged]), (e: DrydockError) => e.code === 'INVALID_INPUT' && /entry .*\.json/.test(e.message));
  w2.abort();
  assert.deepEqual(readFileSync(path), before);
  const s = openVulnStore(path);
  assert.ok(s.affected('alpine:v3.14', 'openssl').length > 0);
  s.close();
  assert.deepEqual(readdirSync(dirname(path)).filter((n) => n.includes('.tmp-')), []);
});

test('an import killed mid-way leaves the old database intact; the stale temp file is removed later', { skip: skip('osv/debian-dsa-dla-2023-04.zip') }, async () => {
  const { path, store: first } = await buildStore([FX + 'v3.14-main-partial.json']);
  const count = first.counts().vulns;
  first.close();
  const before = readFileSync(path);
  const script = join(dirname(path), 'child.mts');
  const writer = new URL('./writer.js', import.meta.url).pathname.replace(/\.js$/, '.ts');
  const importer = new URL('./import/index.js', import.meta.url).pathname.replace(/\.js$/, '.ts');
  writeFileSync(
    script,
    `import { VulnStoreWriter } from ${JSON.stringify(writer)};\nimport { importPaths } from ${JSON.stringify(importer)};\n` +
      `const w = VulnStoreWriter.open(${JSON.stringify(path)});\nprocess.stdout.write('started\\n');\n` +
      `await importPaths(w, [${JSON.stringify(SHARED + 'osv/debian-dsa-dla-2023-04.zip')}, ${JSON.stringify(SHARED + 'osv/debian-dsa-dla-2023-04.zip')}]);\nw.commit();\n`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (c) => reject(new Error(`child exited early (${c})`)));
  });
  await new Promise((r) => setTimeout(r, 150));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  assert.deepEqual(readFileSync(path), before, 'database replaced by a killed import');
  const temps = readdirSync(dirname(path)).filter((n) => n.includes('.tmp-'));
  assert.ok(temps.length >= 1 && temps.every((n) => n.startsWith('vuln.db.tmp-')), temps.join(' '));
  const s = openVulnStore(path);
  assert.equal(s.counts().vulns, count);
  s.close();
  VulnStoreWriter.open(path).abort();
  assert.deepEqual(readdirSync(dirname(path)).filter((n) => n.includes('.tmp-')), []);
});

test('the Go, PyPI and crates.io corpora import completely (withdrawn records dropped)', { skip: skip('osv/Go-all.zip') }, async () => {
  const { store, summary } = await buildStore([SHARED + 'osv/Go-all.zip', SHARED + 'osv/crates.io-all.zip', SHARED + 'osv/pypa-advisory-database/vulns']);
  const src = new Map(store.metadata().sources.map((s) => [s.name, s.records]));
  // 4,291 Go records of which 17 withdrawn; 1,206 RustSec (13 withdrawn); 2,661 PyPA (10 withdrawn)
  assert.equal(src.get('osv:Go'), 4274);
  assert.equal(src.get('osv:crates.io'), 1193);
  assert.equal(src.get('osv:PyPI'), 2651);
  assert.equal(summary.warnings.length, 0, JSON.stringify(summary.warnings.slice(0, 3)));
  assert.equal(store.counts().vulns, 4274 + 1193 + 2651);
  // PEP 503 names and Go module paths
  assert.ok(store.affected('pypi', 'apache-skywalking').length > 0);
  assert.ok(store.affected('go', 'golang.org/x/net').length > 0);
  // the batched lookup the matcher uses gives exactly what one lookup per name gives: every name of each ecosystem
  // (PyPI and Go have more than one batch of names), names without advisories, repeats, a lone surrogate
  const raw = new Database(store.path, { readonly: true });
  for (const eco of ['pypi', 'go', 'crates.io']) {
    const known = raw.prepare('SELECT DISTINCT a.name FROM affected a JOIN ecosystems e ON e.id = a.eco WHERE e.name = ?').pluck().all(eco) as string[];
    assert.ok(known.length > 500, `${eco}: ${known.length} names`);
    const names = [...known, ...known.slice(0, 50), 'no-such-package', 'x\uD800y', ''];
    const many = store.affectedMany!(eco, names);
    assert.equal(many.size, known.length, eco);
    for (const n of names) assert.deepEqual(many.get(n) ?? [], store.affected(eco, n), `${eco} ${n}`);
  }
  assert.equal(store.affectedMany!('no-such-ecosystem', ['x']).size, 0);
  raw.close();
  store.close();
});
