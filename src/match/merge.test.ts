import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { matchPackages, evaluateEntries } from './match.js';
import { queryFor, distroEcosystem } from './ecosystems.js';
import { buildStore, tempDbPath } from '../vulndb/test-store.js';
import type { Package } from '../sbom/model.js';

const npm = (name: string, version: string): Package => ({ name, version, type: 'npm', purl: '', licenses: [], locations: [], foundBy: 't' });

async function storeOf(records: object[]) {
  const dir = join(dirname(tempDbPath()), 'osv');
  mkdirSync(dir);
  records.forEach((r, i) => writeFileSync(join(dir, `${i}.json`), JSON.stringify(r)));
  writeFileSync(join(dir, 'kev.json'), JSON.stringify({ catalogVersion: '1', vulnerabilities: [{ cveID: 'CVE-2024-1111', dateAdded: '2024-05-01', dueDate: '2024-05-22', knownRansomwareCampaignUse: 'Known' }] }));
  return (await buildStore([dir])).store;
}

const rec = (id: string, aliases: string[], pkg: string, events: object[], extra: object = {}) => ({
  id,
  modified: '2024-01-01T00:00:00Z',
  aliases,
  affected: [{ package: { ecosystem: 'npm', name: pkg }, ranges: [{ type: 'SEMVER', events }] }],
  ...extra,
});

test('aliases merge into one finding per CVE; unfixed, versions lists, last_affected, withdrawn, KEV', async () => {
  const store = await storeOf([
    rec('GHSA-aaaa-aaaa-aaaa', ['CVE-2024-1111'], 'lib', [{ introduced: '1.0.0' }, { fixed: '1.4.2' }], { summary: 'Prototype pollution', database_specific: { severity: 'HIGH' } }),
    rec('OSV-2024-7', ['CVE-2024-1111'], 'lib', [{ introduced: '1.0.0' }, { fixed: '1.4.0' }]),
    rec('GHSA-bbbb-bbbb-bbbb', ['CVE-2024-2222'], 'lib', [{ introduced: '0' }]),
    rec('GHSA-cccc-cccc-cccc', [], 'lib', [{ introduced: '0' }, { last_affected: '1.2.0' }]),
    rec('GHSA-dddd-dddd-dddd', ['CVE-2024-4444'], 'lib', [{ introduced: '0' }, { fixed: '9.0.0' }], { withdrawn: '2024-02-02T00:00:00Z' }),
    { id: 'GHSA-eeee-eeee-eeee', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'LIB' }, versions: ['1.3.0'] }] },
  ]);
  const fs = matchPackages([npm('lib', '1.3.0')], undefined, store);
  const ids = fs.map((f) => f.id).sort();
  assert.deepEqual(ids, ['CVE-2024-1111', 'CVE-2024-2222', 'GHSA-eeee-eeee-eeee']);
  const merged = fs.find((f) => f.id === 'CVE-2024-1111')!;
  assert.deepEqual(merged.aliases, ['GHSA-aaaa-aaaa-aaaa', 'OSV-2024-7']);
  assert.equal(merged.fixedVersion, '1.4.0', 'lowest fix across the merged records');
  assert.equal(merged.severity, 'HIGH');
  assert.deepEqual(merged.kev, { dateAdded: '2024-05-01', dueDate: '2024-05-22', knownRansomware: true });
  assert.equal(merged.title, 'Prototype pollution');
  const unfixed = fs.find((f) => f.id === 'CVE-2024-2222')!;
  assert.equal(unfixed.status, 'affected');
  assert.equal(unfixed.fixedVersion, undefined);
  assert.deepEqual(
    matchPackages([npm('lib', '1.3.0')], undefined, store, { ignoreUnfixed: true }).map((f) => f.id).sort(),
    ['CVE-2024-1111'],
  );
  // last_affected is inclusive
  assert.ok(matchPackages([npm('lib', '1.2.0')], undefined, store).some((f) => f.id === 'GHSA-cccc-cccc-cccc'));
  assert.ok(!matchPackages([npm('lib', '1.2.1')], undefined, store).some((f) => f.id === 'GHSA-cccc-cccc-cccc'));
  store.close();
});

test('distro and package queries', () => {
  assert.deepEqual(distroEcosystem({ id: 'alpine', versionId: '3.14.9' }), { ecosystem: 'alpine:v3.14', scheme: 'apk' });
  assert.deepEqual(distroEcosystem({ id: 'debian', versionId: '12' }), { ecosystem: 'debian:12', scheme: 'deb' });
  assert.deepEqual(distroEcosystem({ id: 'ubuntu', versionId: '22.04' }), { ecosystem: 'ubuntu:22.04', scheme: 'deb' });
  assert.deepEqual(distroEcosystem({ id: 'rocky', versionId: '9.4' }), { ecosystem: 'rocky linux:9', scheme: 'rpm' });
  assert.deepEqual(distroEcosystem({ id: 'rhel', versionId: '8.10' }), { ecosystem: 'red hat:8', scheme: 'rpm' });
  assert.deepEqual(distroEcosystem({ id: 'sles', versionId: '15.5' }), { ecosystem: 'suse:linux enterprise server 15 sp5', scheme: 'rpm' });
  assert.equal(distroEcosystem({ id: 'wolfi' })?.ecosystem, 'wolfi');
  assert.equal(distroEcosystem({ id: 'amzn', versionId: '2' }), undefined);
  const deb: Package = { name: 'libssl3', version: '3.0.9-1', sourceName: 'openssl', sourceVersion: '3.0.9-1', type: 'deb', purl: '', licenses: [], locations: [], foundBy: 't' };
  assert.deepEqual(queryFor(deb, { id: 'debian', versionId: '12' }), { ecosystem: 'debian:12', names: ['openssl'], scheme: 'deb', version: '3.0.9-1' });
  assert.deepEqual(queryFor({ ...deb, type: 'apk', name: 'libssl1.1', version: '1.1.1t-r0' }, { id: 'alpine', versionId: '3.14.9' })?.names, ['openssl', 'libssl1.1']);
  assert.deepEqual(queryFor({ ...npm('Django_Rest.framework', '3.0'), type: 'pypi' }, undefined)?.names, ['django-rest-framework']);
  assert.equal(queryFor({ ...deb, type: 'rpm', name: 'bash', sourceName: 'bash', version: '5.1.8', release: '9.el9', epoch: 1 }, { id: 'rocky', versionId: '9.4' })?.version, '1:5.1.8-9.el9');
  assert.equal(queryFor(deb, undefined), undefined);
  assert.equal(queryFor({ ...npm('stdlib', 'go1.21.3'), type: 'golang' }, undefined)?.version, '1.21.3');
  assert.equal(queryFor({ ...npm('github.com/a/b', 'v2.0.1+incompatible'), type: 'golang' }, undefined)?.version, '2.0.1');
  assert.equal(evaluateEntries([{ ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.1.1t-r1' }, { introduced: '1.1.1u-r0' }, { fixed: '1.1.1u-r2' }] }] }], 'apk', '1.1.1u-r1').fixed, '1.1.1u-r2');
});

test('a distro finding without a rating borrows the severity of another source for the same CVE', async () => {
  const dir = join(dirname(tempDbPath()), 'mixed');
  mkdirSync(dir);
  writeFileSync(join(dir, 'secdb.json'), JSON.stringify({ distroversion: 'v3.14', packages: [{ pkg: { name: 'openssl', secfixes: { '1.1.1t-r1': ['CVE-2023-0464'] } } }] }));
  writeFileSync(
    join(dir, 'ghsa.json'),
    JSON.stringify({
      id: 'GHSA-zzzz-zzzz-zzzz',
      modified: '2024-01-01T00:00:00Z',
      aliases: ['CVE-2023-0464'],
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }],
      database_specific: { severity: 'HIGH' },
      affected: [{ package: { ecosystem: 'crates.io', name: 'openssl-src' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '111.25.2' }] }] }],
    }),
  );
  const { store } = await buildStore([dir]);
  const apk: Package = { name: 'libssl1.1', version: '1.1.1t-r0', sourceName: 'openssl', type: 'apk', purl: '', licenses: [], locations: [], foundBy: 't' };
  const [f] = matchPackages([apk], { id: 'alpine', versionId: '3.14.9' }, store);
  assert.equal(f.id, 'CVE-2023-0464');
  assert.equal(f.dataSource, 'alpine-secdb');
  assert.equal(f.severity, 'HIGH');
  assert.equal(f.severitySource, 'ghsa');
  assert.deepEqual(f.cvss, { score: 7.5, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', version: '3.1' });
  assert.deepEqual(f.aliases, [], 'the borrowed record is not an alias of this finding');
  store.close();
});
