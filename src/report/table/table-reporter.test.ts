import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTable, TABLE_MAX_ROWS } from './table-reporter.js';
import { sampleReport } from '../../../test/helpers/report-fixtures.js';

test('severity summary comes first, OS target before application target', () => {
  const out = renderTable(sampleReport(), { color: false });
  const lines = out.split('\n');
  assert.match(lines[1], /^Total: 6 \(CRITICAL: 1, HIGH: 1, MEDIUM: 2, LOW: 1, UNKNOWN: 1\)/);
  assert.ok(out.indexOf('(debian 8)') < out.indexOf('/usr/local/tomcat (maven)'));
  assert.match(out, /CVE-2017-12617\s+HIGH\s+8\.5\.21\s+8\.5\.23\s+KEV 97\.5%\s+#2 COPY/);
  assert.match(out, /Dockerfile:12/);
  assert.match(out, /debian:12-slim/);
});

test('colour only when asked', () => {
  assert.doesNotMatch(renderTable(sampleReport(), { color: false }), /\u001b\[/);
  assert.match(renderTable(sampleReport(), { color: true }), /\u001b\[31mHIGH/);
});

test('long lists are trimmed with a count; suppressed findings are counted, not listed', () => {
  const r = sampleReport();
  const base = r.findings[3];
  r.findings = Array.from({ length: TABLE_MAX_ROWS + 123 }, (_, i) => ({ ...base, id: `CVE-2099-${1000 + i}` }));
  r.findings[0].suppressed = { by: 'vex', reason: 'not reachable' };
  const out = renderTable(r, { color: false });
  assert.match(out, /… and 122 more \(use --format json\)/);
  assert.match(out, /suppressed: 1/);
  assert.doesNotMatch(out, /CVE-2099-1000\b/);
});
