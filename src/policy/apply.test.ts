import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { applyPolicy, isExpired } from './apply.js';
import { loadPolicy } from './load.js';
import { pathMatches, purlMatches } from './match.js';
import { FIXTURES, sampleReport } from '../../test/helpers/report-fixtures.js';
import type { Policy } from './types.js';

const now = new Date('2025-09-01T00:00:00Z');

test('the example policy suppresses by id, alias, purl pattern and path; expired rules are reported', async () => {
  const policy = (await loadPolicy(join(FIXTURES, 'report', 'policy', 'drydock.yaml')))!;
  const { report, expired } = applyPolicy(sampleReport(), policy, now);
  const s = (id: string, pkg: string) => report.findings.find((f) => f.id === id && f.package.name === pkg)!.suppressed;
  assert.deepEqual(s('CVE-2017-12617', 'tomcat-catalina'), { by: 'policy', reason: 'PUT is disabled in web.xml', source: 'drydock.yaml:5' });
  assert.equal(s('CVE-2018-0732', 'openssl')?.reason, 'only used as a client against our own servers', 'ignored by its DLA alias');
  assert.equal(s('CVE-2018-0732', 'libssl1.0.0')?.by, 'policy');
  assert.equal(s('CVE-2016-9843', 'zlib1g'), undefined, 'expired rule no longer applies');
  assert.equal(s('CVE-2019-18276', 'bash'), undefined);
  assert.deepEqual(expired.map((r) => r.id), ['CVE-2016-9843']);
  assert.match(report.warnings.at(-1)!.message, /CVE-2016-9843 expired on 2020-01-01 and no longer applies/);
  assert.equal(report.findings.length, 6, 'nothing is deleted');
  assert.deepEqual(report.misconfigurations.map((m) => m.suppressed?.by), [undefined, 'policy']);
});

test('every part of a rule must match', () => {
  const policy: Policy = { file: 'p', ignore: [{ id: 'CVE-2017-12617', package: 'pkg:maven/org.apache.tomcat/*', path: '/opt/**', reason: 'x' }] };
  assert.equal(applyPolicy(sampleReport(), policy, now).report.findings[0].suppressed, undefined, 'path differs');
  const byPkg: Policy = { file: 'p', ignore: [{ package: 'pkg:deb/debian/openssl', reason: 'all openssl findings' }] };
  const r = applyPolicy(sampleReport(), byPkg, now).report;
  assert.deepEqual(r.findings.filter((f) => f.suppressed).map((f) => f.package.name), ['openssl']);
  assert.equal(applyPolicy(sampleReport(), undefined, now).report.findings.filter((f) => f.suppressed).length, 0);
});

test('an existing VEX suppression is kept', () => {
  const report = sampleReport();
  report.findings[0].suppressed = { by: 'vex', reason: 'not reachable' };
  applyPolicy(report, { file: 'p', ignore: [{ id: 'CVE-2017-12617', reason: 'policy' }] }, now);
  assert.equal(report.findings[0].suppressed?.by, 'vex');
});

test('expiry: a rule applies through the day it names (UTC)', () => {
  const r = { id: 'X', reason: 'r', expires: '2027-01-31' };
  assert.equal(isExpired(r, new Date('2027-01-31T23:59:59Z')), false);
  assert.equal(isExpired(r, new Date('2027-02-01T00:00:00Z')), true);
  assert.equal(isExpired({ id: 'X', reason: 'r' }, new Date('2999-01-01')), false);
});

test('purl and path globs', () => {
  const purl = 'pkg:maven/org.apache.tomcat/tomcat-catalina@8.5.21';
  assert.ok(purlMatches('pkg:maven/org.apache.tomcat/*', purl));
  assert.ok(purlMatches('pkg:maven/org.apache.tomcat/tomcat-catalina', purl), 'no version: any version');
  assert.ok(purlMatches('pkg:maven/org.apache.tomcat/tomcat-catalina@8.5.*', purl));
  assert.ok(!purlMatches('pkg:maven/org.apache.tomcat/tomcat-catalina@9.*', purl));
  assert.ok(!purlMatches('pkg:maven/org.apache/*', 'pkg:maven/org.apache.tomcat/x@1'.replace('org.apache.tomcat', 'org.apachex')));
  assert.ok(purlMatches('pkg:deb/debian/openssl', 'pkg:deb/debian/openssl@1.0?arch=amd64'));
  assert.ok(!purlMatches('pkg:deb/debian/openssl', 'pkg:deb/debian/openssl-dev@1.0'));
  assert.ok(pathMatches('/usr/local/tomcat/**', '/usr/local/tomcat/lib/catalina.jar'));
  assert.ok(pathMatches('/usr/local/tomcat/**', '/usr/local/tomcat'.concat('/x')));
  assert.ok(pathMatches('**/*.jar', '/app/lib/a.jar'));
  assert.ok(pathMatches('/app/**/a.jar', '/app/a.jar'));
  assert.ok(!pathMatches('/usr/local/*/catalina.jar', '/usr/local/tomcat/lib/catalina.jar'));
  assert.ok(pathMatches('Dockerfile', './Dockerfile'));
});
