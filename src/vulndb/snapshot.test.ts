import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openExampleStore, openSnapshotStore } from './snapshot.js';
import { dbAgeWarning } from './paths.js';
import { matchPackages } from '../match/match.js';
import { dpkgPackages, mavenPackage } from '../match/test-packages.js';
import { makeTempDir } from '../../test/helpers/tmp.js';

// the packages of the bundled example image (mini-tomcat): Debian 12 base + Tomcat 8.5.21 + a war
const DEBIAN = `Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.9-1\n\nPackage: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n`;

test('the example snapshot is labelled and reports the expected Tomcat findings', async () => {
  const store = await openExampleStore();
  const path = store.path;
  try {
    const meta = store.metadata();
    assert.equal(meta.example, true);
    assert.equal(dbAgeWarning(store, new Date(Date.now() + 30 * 86_400_000)), undefined, 'no staleness warning for the example');
    const pkgs = [
      ...dpkgPackages(DEBIAN),
      mavenPackage('org.apache.tomcat:tomcat', '8.5.21'),
      mavenPackage('org.apache.tomcat:tomcat-catalina', '8.5.21'),
      mavenPackage('org.apache.logging.log4j:log4j-core', '2.14.1'),
      mavenPackage('com.fasterxml.jackson.core:jackson-databind', '2.9.8'),
    ];
    const findings = matchPackages(pkgs, { id: 'debian', versionId: '12' }, store);
    const got = findings.map((f) => `${f.package.name} ${f.id} ${f.fixedVersion}${f.kev ? ' KEV' : ''}`).sort();
    assert.deepEqual(got, [
      'org.apache.tomcat:tomcat CVE-2017-12617 8.5.23 KEV',
      'org.apache.tomcat:tomcat CVE-2022-42252 8.5.83',
      'org.apache.tomcat:tomcat CVE-2023-41080 8.5.93',
      'org.apache.tomcat:tomcat-catalina CVE-2020-9484 8.5.55',
      'org.apache.tomcat:tomcat-catalina CVE-2023-46589 8.5.96',
    ]);
    assert.ok(findings.every((f) => f.severity !== 'UNKNOWN' && f.severitySource === 'ghsa'));
  } finally {
    store.close();
  }
  assert.ok(!existsSync(path), 'temporary snapshot database removed on close');
});

test('a snapshot that fails to import leaves no temporary database behind', async () => {
  const advisories = makeTempDir('drydock-snapshot-src-');
  mkdirSync(join(advisories, 'osv'));
  writeFileSync(join(advisories, 'osv', 'broken.zip'), 'not a zip');
  const tmp = makeTempDir('drydock-snapshot-tmpdir-');
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = tmp; // os.tmpdir() reads it on every call
  try {
    await assert.rejects(openSnapshotStore(advisories), /cannot read OSV zip/);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  assert.deepEqual(readdirSync(tmp), [], 'the temp dir of the failed snapshot is removed');
});
