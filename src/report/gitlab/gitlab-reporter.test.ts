import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toGitlab } from './gitlab-reporter.js';
import { sampleReport } from '../../../test/helpers/report-fixtures.js';

type Json = Record<string, any>;

test('GitLab container-scanning report has the 15.x shape', () => {
  const doc = toGitlab(sampleReport()) as Json;
  assert.match(doc.version, /^15\./);
  assert.equal(doc.scan.type, 'container_scanning');
  assert.match(doc.scan.start_time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  for (const k of ['id', 'name', 'version', 'vendor']) assert.ok(doc.scan.analyzer[k] && doc.scan.scanner[k]);
  assert.equal(doc.vulnerabilities.length, 6);
  const ids = doc.vulnerabilities.map((v: Json) => v.id);
  assert.equal(new Set(ids).size, 6);
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const t = doc.vulnerabilities.find((v: Json) => v.identifiers[0].value === 'CVE-2017-12617');
  assert.equal(t.severity, 'High');
  assert.deepEqual(t.location.dependency, { package: { name: 'org.apache.tomcat:tomcat-catalina' }, version: '8.5.21' });
  assert.equal(t.location.operating_system, 'debian 8');
  assert.equal(t.identifiers[1].type, 'ghsa');
  assert.equal(t.solution, 'Upgrade org.apache.tomcat:tomcat-catalina to 8.5.23');
});
