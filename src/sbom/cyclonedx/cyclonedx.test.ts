import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toCycloneDx } from './cyclonedx.js';
import { cycloneDxValidator, sampleReport, inventoryReport } from '../../../test/helpers/report-fixtures.js';

type Json = Record<string, any>;
const fixed = { serialNumber: 'urn:uuid:00000000-0000-4000-8000-000000000001', timestamp: '2025-09-01T12:00:00Z' };

test('CycloneDX 1.6 of the sample report validates against the official schema', () => {
  const bom = toCycloneDx(sampleReport(), fixed);
  cycloneDxValidator()(bom);
  cycloneDxValidator()(toCycloneDx(inventoryReport()));
});

test('the image is the root component with an oci purl; the OS is a component', () => {
  const bom = toCycloneDx(sampleReport(), fixed) as Json;
  const root = bom.metadata.component;
  assert.equal(root.type, 'container');
  assert.equal(
    root.purl,
    'pkg:oci/mini-tomcat@sha256:5f3b1c9a2d4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081?arch=amd64&repository_url=registry.example.com%2Fshop%2Fmini-tomcat&tag=8.5.21',
  );
  const os = bom.components.find((c: Json) => c.type === 'operating-system');
  assert.deepEqual([os.name, os.version], ['debian', '8']);
  const deps = new Map(bom.dependencies.map((d: Json) => [d.ref, d.dependsOn]));
  assert.ok((deps.get(root['bom-ref']) as string[]).includes(os['bom-ref']));
  assert.ok((deps.get(root['bom-ref']) as string[]).includes('pkg:maven/org.apache.tomcat/tomcat-catalina@8.5.21'));
  assert.equal((deps.get(os['bom-ref']) as string[]).length, 5);
});

test('packages carry licences and location/layer properties', () => {
  const bom = toCycloneDx(sampleReport(), fixed) as Json;
  const openssl = bom.components.find((c: Json) => c.name === 'openssl');
  const prop = (n: string) => openssl.properties.find((p: Json) => p.name === n)?.value;
  assert.equal(prop('drydock:location:path'), '/var/lib/dpkg/status');
  assert.equal(prop('drydock:layer:index'), '1');
  assert.match(prop('drydock:layer:createdBy'), /apt-get install/);
  assert.match(prop('drydock:layer:diffID'), /^sha256:b2b2/);
  assert.deepEqual(openssl.licenses, [{ license: { id: 'OpenSSL' } }]);
  const util = bom.components.find((c: Json) => c.name === 'tomcat-util');
  assert.deepEqual(util.licenses, [{ license: { name: 'Apache License, Version 2.0' } }]);
});

test('vulnerabilities have ratings, affects and a VEX analysis when suppressed by VEX', () => {
  const report = sampleReport();
  report.findings[3].suppressed = { by: 'vex', reason: 'bash is never run setuid', justification: 'vulnerable_code_not_in_execute_path' };
  const bom = toCycloneDx(report, fixed) as Json;
  cycloneDxValidator()(bom);
  const tomcat = bom.vulnerabilities.find((v: Json) => v.id === 'CVE-2017-12617');
  assert.deepEqual(tomcat.ratings[0], { source: { name: 'ghsa' }, severity: 'high', score: 8.1, method: 'CVSSv31', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H' });
  assert.deepEqual(tomcat.affects[0].ref, 'pkg:maven/org.apache.tomcat/tomcat-catalina@8.5.21');
  const openssl = bom.vulnerabilities.find((v: Json) => v.id === 'CVE-2018-0732');
  assert.equal(openssl.affects.length, 2, 'one entry affecting both openssl binaries');
  const bash = bom.vulnerabilities.find((v: Json) => v.id === 'CVE-2019-18276');
  assert.deepEqual(bash.analysis, { state: 'not_affected', justification: 'code_not_reachable', detail: 'bash is never run setuid' });
});

test('serial numbers are unique per run unless fixed', () => {
  const a = toCycloneDx(sampleReport()) as Json;
  const b = toCycloneDx(sampleReport()) as Json;
  assert.notEqual(a.serialNumber, b.serialNumber);
  assert.match(a.serialNumber, /^urn:uuid:[0-9a-f-]{36}$/);
});

test('the schema check does reject a broken BOM', () => {
  const bom = toCycloneDx(sampleReport(), fixed) as Json;
  bom.components[0].type = 'spaceship';
  assert.throws(() => cycloneDxValidator()(bom), /CycloneDX 1.6 schema/);
});
