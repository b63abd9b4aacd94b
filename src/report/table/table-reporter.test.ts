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

test('escape sequences from the image are shown escaped, not sent to the terminal', () => {
  const r = sampleReport();
  // an image can name a package, a file or a history line anything: ESC [1A ESC [2K would erase the line above
  r.findings[0].package.name = 'evil\u001b[1A\u001b[2K';
  r.findings[0].installedVersion = '1.0\u009b31m';
  r.targets[0].packages[0].name = 'pkg\u202eexe';
  r.warnings.push({ file: '/opt/x\u001b]0;pwned\u0007.jar', message: 'not a readable zip archive' });
  for (const color of [false, true]) {
    const out = renderTable(r, { color });
    // with colour on, the only escapes are the colour codes the reporter writes itself
    assert.doesNotMatch(out.replace(/\u001b\[[0-9;]*m/g, ''), /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    assert.match(out, /evil\\x1b\[1A\\x1b\[2K/);
    assert.match(out, /\/opt\/x\\x1b\]0;pwned\\x07\.jar: not a readable zip archive/);
  }
  assert.equal(r.findings[0].package.name, 'evil\u001b[1A\u001b[2K', 'the report itself is not changed');
});
