import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeSpdxId, toSpdx } from './spdx.js';
import { spdxExpression } from './license.js';
import { inventoryReport, sampleReport, spdxValidator } from '../../../test/helpers/report-fixtures.js';
import { inTime } from '../../../test/helpers/in-time.js';

type Json = Record<string, any>;

test('SPDX 2.3 of the sample report validates against the official schema', () => {
  spdxValidator()(toSpdx(sampleReport()));
  spdxValidator()(toSpdx(inventoryReport(), { documentNamespace: 'https://example.com/x' }));
});

test('the schema check does reject a broken document', () => {
  const doc = toSpdx(sampleReport()) as Json;
  delete doc.packages[1].downloadLocation;
  doc.packages[2].externalRefs[0].referenceCategory = 'NOPE';
  assert.throws(() => spdxValidator()(doc), /SPDX 2.3 schema/);
});

test('image is the described root, OS packages under the OS, app packages under the image', () => {
  const doc = toSpdx(sampleReport()) as Json;
  const root = doc.packages[0];
  assert.equal(root.primaryPackagePurpose, 'CONTAINER');
  assert.match(root.externalRefs[0].referenceLocator, /^pkg:oci\/mini-tomcat@sha256:/);
  assert.deepEqual(doc.relationships[0], { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: root.SPDXID });
  const byName = (n: string) => doc.packages.find((p: Json) => p.name === n);
  const os = byName('debian');
  const rel = (a: Json, b: Json) => doc.relationships.some((r: Json) => r.spdxElementId === a.SPDXID && r.relatedSpdxElement === b.SPDXID && r.relationshipType === 'CONTAINS');
  assert.ok(rel(root, os));
  assert.ok(rel(os, byName('openssl')));
  assert.ok(rel(root, byName('org.apache.tomcat:tomcat-catalina')));
  const libc = byName('libc6');
  assert.equal(libc.licenseDeclared, 'LGPL-2.1-or-later AND GPL-2.0-only');
  assert.equal(byName('org.apache.tomcat:tomcat-util').licenseDeclared, 'NOASSERTION');
  assert.match(libc.sourceInfo, /glibc.*\/var\/lib\/dpkg\/status layer #0 sha256:a1a1/);
  assert.match(libc.comment, /ADD file:4b03/);
  assert.deepEqual(byName('openssl').externalRefs, [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:deb/debian/openssl@1.0.1t-1%2Bdeb8u8?arch=amd64&distro=debian-8' }]);
  const ids = doc.packages.map((p: Json) => p.SPDXID);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^SPDXRef-[A-Za-z0-9.-]+$/);
  assert.equal(doc.creationInfo.created, '2025-09-01T12:00:00Z');
});

test('namespace unique per run unless fixed; ids sanitised; expressions', () => {
  assert.notEqual((toSpdx(sampleReport()) as Json).documentNamespace, (toSpdx(sampleReport()) as Json).documentNamespace);
  assert.equal((toSpdx(sampleReport(), { documentNamespace: 'https://x/1' }) as Json).documentNamespace, 'https://x/1');
  assert.equal(sanitizeSpdxId('package-deb-zlib1g-1:1.2.8+b1'), 'SPDXRef-package-deb-zlib1g-1-1.2.8-b1');
  assert.equal(spdxExpression(['MIT OR Apache-2.0', 'BSD-3-Clause']), '(MIT OR Apache-2.0) AND BSD-3-Clause');
  assert.equal(spdxExpression(['GPL-2.0+']), 'GPL-2.0+');
  assert.equal(spdxExpression([]), undefined);
});

test('SPDX ids: a long run of dashes is trimmed in linear time (/^-+|-+$/g was quadratic)', { timeout: 20_000 }, inTime(10_000, () => {
  assert.equal(sanitizeSpdxId('\0' + '-'.repeat(400_000) + '-\0'), 'SPDXRef-');
  assert.equal(sanitizeSpdxId('a' + '-'.repeat(400_000) + 'b').length, 'SPDXRef-a'.length + 400_000 + 1);
  assert.equal(sanitizeSpdxId('--a b--'), 'SPDXRef-a-b');
}));
