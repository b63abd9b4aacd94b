import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { applyVex, loadVex, parseVex, productMatches } from './index.js';
import { FIXTURES, sampleReport } from '../../test/helpers/report-fixtures.js';
import { toCycloneDx } from '../sbom/cyclonedx/cyclonedx.js';

const dir = join(FIXTURES, 'report', 'vex');

test('OpenVEX: justified not_affected suppresses by alias and version-less purl; unjustified is a warning', async () => {
  const report = sampleReport();
  const n = applyVex(report, await loadVex([join(dir, 'openvex.json')]));
  assert.equal(n, 1);
  const tomcat = report.findings.find((f) => f.id === 'CVE-2017-12617')!;
  assert.deepEqual(tomcat.suppressed, {
    by: 'vex',
    reason: 'not affected (vulnerable_code_not_in_execute_path): HTTP PUT is disabled (readonly=true in web.xml)',
    justification: 'vulnerable_code_not_in_execute_path',
    source: 'openvex.json',
  });
  assert.equal(report.findings.find((f) => f.id === 'CVE-2019-18276')!.suppressed, undefined, 'no justification');
  assert.equal(report.findings.find((f) => f.id === 'CVE-2016-9843')!.suppressed, undefined, 'other version');
  assert.equal(report.findings.filter((f) => f.id === 'CVE-2018-0732' && f.suppressed).length, 0, 'under_investigation');
  assert.match(report.warnings.at(-1)!.message, /CVE-2019-18276 says not_affected without a justification; ignored/);
  const bom = toCycloneDx(report) as any;
  assert.equal(bom.vulnerabilities.find((v: any) => v.id === 'CVE-2017-12617').analysis.justification, 'code_not_reachable');
});

test('CycloneDX VEX: analysis on a component ref suppresses the finding via its DLA alias', async () => {
  const report = sampleReport();
  const statements = await loadVex([join(dir, 'cyclonedx-vex.json')]);
  assert.deepEqual(statements.map((s) => s.status), ['not_affected', 'affected']);
  assert.equal(applyVex(report, statements), 1);
  const openssl = report.findings.filter((f) => f.id === 'CVE-2018-0732');
  assert.equal(openssl.find((f) => f.package.name === 'openssl')!.suppressed?.justification, 'requires_configuration');
  assert.equal(openssl.find((f) => f.package.name === 'libssl1.0.0')!.suppressed, undefined, 'different package');
});

test('product matching ignores qualifiers; a versioned product matches only that version', () => {
  const purl = 'pkg:deb/debian/openssl@1.0.1t-1%2Bdeb8u8?arch=amd64&distro=debian-8';
  assert.ok(productMatches('pkg:deb/debian/openssl@1.0.1t-1+deb8u8', purl));
  assert.ok(productMatches('pkg:deb/debian/openssl', purl));
  assert.ok(!productMatches('pkg:deb/debian/openssl@1.0.1t-1+deb8u9', purl));
  assert.ok(!productMatches('pkg:deb/ubuntu/openssl', purl));
  assert.ok(productMatches('pkg:oci/mini-tomcat@sha256:abc', purl), 'the image product covers its packages');
});

test('documents that are neither format, or malformed, are input errors', () => {
  assert.throws(() => parseVex({ hello: 1 }, 'x.json'), (e: any) => e.code === 'INVALID_INPUT');
  assert.throws(() => parseVex({ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ vulnerability: { name: 'CVE-1' }, status: 'maybe' }] }, 'x.json'), /x.json: invalid OpenVEX: statements.0.status/);
});
