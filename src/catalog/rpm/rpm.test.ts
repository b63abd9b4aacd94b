import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { rpmCataloger, readRpmDatabase } from './cataloger.js';
import { readNdbBlobs } from './ndb.js';
import { readBdbValues } from './bdb.js';
import { readSqliteBlobs } from './sqlite.js';
import { parseSourceRpm, readRpmInfo } from './header.js';
import { finalizeOsPackages } from '../distro/os-package.js';
import { memResolver } from '../../../test/helpers/memfs.js';
import type { Warning } from '../../errors.js';
import type { Package } from '../../sbom/model.js';

const RPMDB = new URL('../../../../shared/data/pkgdb/rpm/', import.meta.url).pathname;
const QF = '%{NAME}\t%{EPOCHNUM}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\n';
const hasRpm = (() => {
  try {
    execFileSync('rpm', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function rpmQuery(dir: string, backend: string): string[] {
  const out = execFileSync('rpm', ['--dbpath', dir, '--define', `_db_backend ${backend}`, '-qa', '--qf', QF], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out.split('\n').filter((l) => l && !l.startsWith('gpg-pubkey\t')).sort();
}

function withDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'drydock-rpm-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function catalogDb(path: string, content: Buffer) {
  const warnings: Warning[] = [];
  const res = await rpmCataloger.catalog!(memResolver({ [path]: content }), { warn: (w) => warnings.push(w) });
  return { ...res, warnings };
}

const rows = (pkgs: Package[]) =>
  pkgs.map((p) => [p.name, p.epoch ?? 0, String(p.metadata?.rpmVersion), p.release, p.arch ?? '(none)', p.metadata?.sourceRpm ?? '(none)'].join('\t')).sort();

const cases = [
  { file: 'cbl-mariner-2.0.rpmdb.sqlite', dbName: 'rpmdb.sqlite', backend: 'sqlite', count: 129 },
  { file: 'libuuid.Packages', dbName: 'Packages', backend: 'bdb_ro', count: 1 },
  { file: 'syft-redhat.Packages', dbName: 'Packages', backend: 'bdb_ro', count: 1 },
  { file: 'scalibr-Packages_epoch', dbName: 'Packages', backend: 'bdb_ro', count: 1 },
];
for (const c of cases) {
  test(`${c.file} matches rpm --dbpath (${c.backend})`, { skip: (!existsSync(RPMDB + c.file) || !hasRpm) && 'shared rpm data or rpm absent' }, async () => {
    const buf = readFileSync(RPMDB + c.file);
    const res = await catalogDb('/var/lib/rpm/' + c.dbName, buf);
    assert.deepEqual(res.warnings, []);
    assert.equal(res.packages.length, c.count);
    const expected = withDir((dir) => {
      copyFileSync(RPMDB + c.file, join(dir, c.dbName));
      return rpmQuery(dir, c.backend);
    });
    assert.deepEqual(rows(res.packages), expected);
  });
}

test('NDB (sle15-bci): the header blobs we extract are what rpm reads', { skip: (!existsSync(RPMDB + 'sle15-bci.Packages.db') || !hasRpm) && 'shared rpm data or rpm absent' }, async () => {
  // Debian's rpm 4.18 has no NDB backend: load our extracted blobs into an rpm-initialised sqlite db and let
  // rpm decode them (it validates header regions, so a mis-cut blob fails there)
  const buf = readFileSync(RPMDB + 'sle15-bci.Packages.db');
  const res = await catalogDb('/usr/lib/sysimage/rpm/Packages.db', buf);
  assert.deepEqual(res.warnings, []);
  assert.equal(res.packages.length, 35);
  const expected = withDir((dir) => {
    execFileSync('rpm', ['--dbpath', dir, '--define', '_db_backend sqlite', '--initdb']);
    const db = new Database(join(dir, 'rpmdb.sqlite'));
    const ins = db.prepare('INSERT INTO Packages (blob) VALUES (?)');
    for (const b of readNdbBlobs(buf, assert.fail)) ins.run(b);
    db.close();
    return rpmQuery(dir, 'sqlite');
  });
  assert.deepEqual(rows(res.packages), expected);
  const glibc = res.packages.find((p) => p.name === 'glibc')!;
  finalizeOsPackages(res.packages, { id: 'sles', versionId: '15.3' });
  assert.equal(glibc.purl, `pkg:rpm/suse/glibc@${glibc.metadata?.rpmVersion}-${glibc.release}?arch=x86_64&distro=sles-15.3`);
});

test('purls, epochs, sources and ownership', { skip: !existsSync(RPMDB + 'cbl-mariner-2.0.rpmdb.sqlite') && 'shared rpm data absent' }, async () => {
  const epoch = await catalogDb('/var/lib/rpm/Packages', readFileSync(RPMDB + 'scalibr-Packages_epoch'));
  const hello = epoch.packages[0];
  assert.deepEqual([hello.version, hello.epoch, hello.sourceName, hello.sourceVersion], ['1:0.0.1-rls', 1, 'hello', '0.0.1-rls']);
  finalizeOsPackages(epoch.packages, { id: 'rhel', versionId: '9.4' });
  assert.equal(hello.purl, 'pkg:rpm/redhat/hello@0.0.1-rls?arch=x86_64&distro=rhel-9.4&epoch=1');

  const uuid = (await catalogDb('/var/lib/rpm/Packages', readFileSync(RPMDB + 'libuuid.Packages'))).packages[0];
  assert.deepEqual([uuid.sourceName, uuid.sourceVersion, uuid.licenses], ['util-linux', '2.32.1-42.el8_8', ['BSD']]);
  finalizeOsPackages([uuid], { id: 'rhel', versionId: '8.8' });
  assert.equal(uuid.purl, 'pkg:rpm/redhat/libuuid@2.32.1-42.el8_8?arch=x86_64&distro=rhel-8.8&upstream=util-linux-2.32.1-42.el8_8.src.rpm');

  const mariner = await catalogDb('/var/lib/rpm/rpmdb.sqlite', readFileSync(RPMDB + 'cbl-mariner-2.0.rpmdb.sqlite'));
  const curl = mariner.packages.find((p) => p.name === 'curl')!;
  assert.equal(mariner.ownedFiles?.get('/usr/bin/curl'), curl);
  finalizeOsPackages(mariner.packages, { id: 'mariner', versionId: '2.0' });
  assert.match(curl.purl, /^pkg:rpm\/mariner\/curl@[^?]+\?arch=x86_64&distro=mariner-2\.0$/);
  if (hasRpm) {
    const files = withDir((dir) => {
      copyFileSync(RPMDB + 'cbl-mariner-2.0.rpmdb.sqlite', join(dir, 'rpmdb.sqlite'));
      return execFileSync('rpm', ['--dbpath', dir, '-ql', 'curl'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    });
    const ours = [...mariner.ownedFiles!].filter(([, p]) => p === curl).map(([f]) => f).sort();
    assert.deepEqual(ours, files.sort());
  }
});

test('source rpm names', () => {
  assert.deepEqual(parseSourceRpm('openssl-3.0.7-24.el9.src.rpm'), { name: 'openssl', version: '3.0.7-24.el9' });
  assert.deepEqual(parseSourceRpm('ca-certificates-mozilla-prebuilt-2.60-150200.27.1.src.rpm'), { name: 'ca-certificates-mozilla-prebuilt', version: '2.60-150200.27.1' });
  assert.equal(parseSourceRpm('garbage'), undefined);
});

test('corrupt databases: warnings and partial results, never a throw or hang', { skip: !existsSync(RPMDB + 'cbl-mariner-2.0.rpmdb.sqlite') && 'shared rpm data absent' }, async () => {
  const sqlite = readFileSync(RPMDB + 'cbl-mariner-2.0.rpmdb.sqlite');
  const truncated = await catalogDb('/var/lib/rpm/rpmdb.sqlite', sqlite.subarray(0, Math.floor(sqlite.length / 2)));
  assert.ok(truncated.warnings.length >= 1);
  assert.ok(truncated.packages.length < 129);

  for (const [name, garbage] of [
    ['Packages', Buffer.concat([readFileSync(RPMDB + 'libuuid.Packages').subarray(0, 4096), Buffer.alloc(8192, 0xff)])],
    ['Packages', Buffer.alloc(5000, 0x41)],
    ['Packages.db', Buffer.concat([readFileSync(RPMDB + 'sle15-bci.Packages.db').subarray(0, 4096 + 64), Buffer.alloc(100, 7)])],
  ] as const) {
    const res = await catalogDb('/var/lib/rpm/' + name, garbage);
    assert.ok(res.warnings.length >= 1, name);
  }

  // BDB: every overflow page points back to itself (a multi-page header would loop forever)
  const bdb = Buffer.from(readFileSync(RPMDB + 'libuuid.Packages'));
  const le = bdb.readUInt32LE(12) === 0x061561;
  const pageSize = le ? bdb.readUInt32LE(20) : bdb.readUInt32BE(20);
  for (let pg = 1; pg * pageSize < bdb.length; pg++) {
    const o = pg * pageSize + 16;
    if (bdb[pg * pageSize + 25] !== 7) continue;
    if (le) bdb.writeUInt32LE(pg, o);
    else bdb.writeUInt32BE(pg, o);
  }
  const warns: string[] = [];
  assert.deepEqual(readBdbValues(bdb, (m) => warns.push(m)).length, 0);
  assert.match(warns.join('\n'), /broken/);

  // header blobs with out-of-range counts/offsets
  const blob = readSqliteBlobs(sqlite, assert.fail)[0];
  const bad = Buffer.from(blob);
  bad.writeUInt32BE(0x7fffffff, 4); // dl beyond the blob
  assert.throws(() => readRpmInfo(bad));
  const evil = Buffer.from(blob);
  for (let i = 0; i < evil.readUInt32BE(0); i++) evil.writeUInt32BE(0xffffff00, 8 + i * 16 + 12); // huge counts
  assert.doesNotThrow(() => readRpmInfo(evil));
  const all = readRpmDatabase(sqlite, assert.fail);
  assert.equal(all.length, 129);
});
